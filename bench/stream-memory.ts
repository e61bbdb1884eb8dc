// Peak memory of a 1 GB save streamed to a file (issue 17.4); not part of the tests.
//   node --import tsx bench/stream-memory.ts            (SIZE_MB=1000 by default)
// Each case runs in a fresh child process: it builds the value (60 Float32Arrays of 16 MB plus
// 200k small objects), notes RSS and heap, then runs the case while sampling RSS every 5 ms, and
// reports the peak (process.resourceUsage().maxRSS is the kernel's own high-water mark).
// Cases: saveFile (streams: the file is written chunk by chunk, never held whole), encode (the
// whole file in one buffer, for comparison) and loadFile of the file saveFile wrote.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { codec, t } from '../src/index.ts';
import { loadFile, saveFile } from '../src/node.ts';

const SIZE_MB = Number(process.env.SIZE_MB ?? 1000);
const ARRAY_MB = 16;
const Entity = t.struct('bench.MemEntity', { id: t.u32, name: t.string, hp: t.u16 });
const Big = t.struct('bench.Big', { frames: t.vec(t.typed('f32')), entities: t.vec(Entity) });
const saves = codec(Big, { version: 0 });

function makeValue() {
  const n = Math.max(1, Math.round((SIZE_MB - 8) / ARRAY_MB));
  const frames = Array.from({ length: n }, (_, k) => { const a = new Float32Array((ARRAY_MB << 20) / 4); for (let i = 0; i < a.length; i += 1024) a[i] = k + i; return a; });
  const entities = Array.from({ length: 200_000 }, (_, i) => ({ id: i, name: `entity-${i}`, hp: i % 1000 }));
  return { frames, entities };
}

const mb = (b: number): string => `${(b / 1e6).toFixed(0)} MB`;

async function child(kind: string, file: string): Promise<void> {
  const value = kind === 'load' ? undefined : makeValue();
  globalThis.gc?.();
  const base = process.memoryUsage();
  let peak = base.rss;
  const timer = setInterval(() => { peak = Math.max(peak, process.memoryUsage().rss); }, 5);
  const t0 = performance.now();
  let result: unknown;
  if (kind === 'save') await saveFile(file, saves, value!);
  else if (kind === 'encode') result = saves.encode(value!);
  else result = await loadFile(file, saves);
  const ms = performance.now() - t0;
  clearInterval(timer);
  peak = Math.max(peak, process.memoryUsage().rss);
  const maxRss = process.resourceUsage().maxRSS * 1024;
  console.log(JSON.stringify({ kind, ms: Math.round(ms), baseRss: base.rss, baseHeap: base.heapUsed + base.arrayBuffers, peakRss: peak, maxRss, kept: result !== undefined }));
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'savepack-mem-'));
  const file = join(dir, 'big.bin');
  const self = fileURLToPath(import.meta.url);
  console.log(`value: ${SIZE_MB} MB of Float32Arrays (${ARRAY_MB} MB each) + 200k objects; Node ${process.version}`);
  try {
    for (const kind of ['save', 'encode', 'load']) {
      const r = spawnSync(process.execPath, ['--expose-gc', '--max-old-space-size=8192', '--import', 'tsx', self, kind, file], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
      const line = r.stdout.trim().split('\n').pop() ?? '';
      const m = JSON.parse(line) as { kind: string; ms: number; baseRss: number; peakRss: number; maxRss: number };
      const size = statSync(file).size;
      console.log(`${m.kind.padEnd(6)} ${String(m.ms).padStart(6)} ms  RSS before ${mb(m.baseRss)}, peak ${mb(Math.max(m.peakRss, m.maxRss))} (+${mb(Math.max(m.peakRss, m.maxRss) - m.baseRss)} over the value), file ${mb(size)}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[2]) await child(process.argv[2], process.argv[3]!);
else await main();
