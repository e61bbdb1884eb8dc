// Event-loop stalls of a 12 MB save with compress: 'deflate' (issue 17.5); not part of the tests.
//   node --import tsx bench/stall.ts
// A timer probe (setTimeout 0 in a loop) records the longest gap between two of its turns while
// saveFile runs, for: "before" (a codec offering only encode/decode: one encode + deflateSync, the
// path every save took before streams), "after" (saveFile of the codec: encodeStream, deflate in
// 64 KiB pushes with a turn for the event loop every 5 ms) and, for reference, loadFile of the
// same file. Each row: median and worst of RUNS saves.

import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { codec, t } from '../src/index.ts';
import { loadFile, saveFile } from '../src/node.ts';

const RUNS = Number(process.env.STALL_RUNS ?? 5);
const Entity = t.struct('bench.Entity', { id: t.u32, name: t.string, pos: t.array(t.f32, 3), hp: t.u16, inventory: t.vec(t.u16) });
const Save = t.struct('bench.Save', { seed: t.u32, entities: t.vec(Entity), terrain: t.typed('u16'), log: t.vec(t.string) });
const saves = codec(Save, { version: 0, compress: 'deflate' });

/** A ~12 MB game save: 60k entities, an 8 MB height map, 20k log lines. */
function makeSave() {
  const terrain = new Uint16Array(4 << 20);
  for (let i = 0; i < terrain.length; i++) terrain[i] = (Math.sin(i / 97) * 300 + Math.cos(i / 13) * 40 + (i % 7)) & 0xffff;
  return {
    seed: 42,
    entities: Array.from({ length: 60_000 }, (_, i) => ({ id: i, name: `npc-${i % 5000}`, pos: [i % 512, (i * 7) % 512, 0], hp: 100 + (i % 50), inventory: [1, 2, 3, i % 9, 5] })),
    terrain,
    log: Array.from({ length: 20_000 }, (_, i) => `turn ${i}: entity ${i % 600} moved to ${(i * 13) % 512},${(i * 29) % 512}`),
  };
}

const cpu = (): number => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };

/**
 * Runs `f` while a timer probe measures the longest gap between turns of the event loop: wall
 * time, and the process's CPU time in that gap (on a loaded machine the wall gap also counts time
 * the OS ran other processes; the CPU gap is the work that really held the loop; it also counts
 * GC and libuv threads, so it is an upper bound of the main thread's share).
 */
async function longestStall(f: () => Promise<unknown>): Promise<[number, number]> {
  let worst = 0, worstCpu = 0, last = performance.now(), lastCpu = cpu(), running = true;
  const probe = () => {
    const now = performance.now(), c = cpu();
    worst = Math.max(worst, now - last);
    worstCpu = Math.max(worstCpu, c - lastCpu);
    last = now; lastCpu = c;
    if (running) setTimeout(probe, 0);
  };
  setTimeout(probe, 0);
  await f();
  running = false;
  worst = Math.max(worst, performance.now() - last);
  worstCpu = Math.max(worstCpu, cpu() - lastCpu);
  return [worst, worstCpu];
}

const dir = mkdtempSync(join(tmpdir(), 'savepack-stall-'));
const value = makeSave();
const raw = saves.encode(value);
const rawSize = codec(Save, { version: 0 }).encodedSize(value);
const plain = { encode: saves.encode.bind(saves), decode: saves.decode.bind(saves) };
const file = join(dir, 'save.bin');
const rows: [string, (() => Promise<unknown>)][] = [
  ['before: encode + deflateSync (saveFile of a codec without streams)', () => saveFile(file, plain, value)],
  ['after: saveFile (encodeStream, paced deflate)', () => saveFile(file, saves, value)],
  ['loadFile of that file', () => loadFile(file, saves)],
];
const os = await import('node:os');
console.log(`file ${(rawSize / 1e6).toFixed(1)} MB uncompressed, ${(raw.length / 1e6).toFixed(1)} MB deflated; Node ${process.version}; load average ${os.loadavg()[0]!.toFixed(1)} on ${os.cpus().length} cores`);
for (const [name, f] of rows) {
  await f(); // warm-up
  const stalls: number[] = [], cpus: number[] = [], times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    const [wall, c] = await longestStall(f);
    stalls.push(wall); cpus.push(c);
    times.push(performance.now() - t0);
  }
  for (const a of [stalls, cpus, times]) a.sort((x, y) => x - y);
  const m = RUNS >> 1;
  console.log(`${name}:\n  longest stall (wall) median ${stalls[m]!.toFixed(1)} ms, worst ${stalls[RUNS - 1]!.toFixed(1)} ms; (CPU) median ${cpus[m]!.toFixed(1)} ms, worst ${cpus[RUNS - 1]!.toFixed(1)} ms; whole call ${times[m]!.toFixed(0)} ms; file ${(statSync(file).size / 1e6).toFixed(2)} MB`);
}
rmSync(dir, { recursive: true, force: true });
