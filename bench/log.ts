// Append-only log benchmarks (issue 18, API.md section 14); not part of the tests.
//   npm run bench:log                 (LOG_BENCH_MAX=1e6 to skip the 10M-record log)
// 1. Appending one 1,000-record chunk (sync: true, i.e. write + fdatasync) to logs of 10k, 1M and
//    10M records (median of APPENDS appends each), against encoding the chunk plus writing it to
//    another file and one fdatasync: the cost of "saving the chunk" without a log.
// 2. Opening the 10M-record log: from its index chunks (a log closed normally), and after a crash
//    (no final index chunk: the chain of index chunks appends wrote, then the headers after the
//    last one), in ms and ms per GB.
// 3. read() of 1,000 records from the middle of the 10M-record log, against loadFile of the same
//    records as one ordinary save (the compacted log).
// Records are 8 bytes (u32 tick, i16 x, i16 y), so 10M records are an 80 MB log.

import { mkdtempSync, rmSync, statSync, truncateSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { codec, RecordArray, t } from '../src/index.ts';
import { loadFile, openLog } from '../src/node.ts';

const Move = t.struct('bench.Move', { tick: t.u32, x: t.i16, y: t.i16 });
const moves = codec(t.records(Move), { version: 0 });
const CHUNK = 1000;
const APPENDS = Number(process.env.LOG_BENCH_APPENDS ?? 40);
const MAX = Number(process.env.LOG_BENCH_MAX ?? 10_000_000);
const dir = mkdtempSync(join(tmpdir(), 'savepack-bench-log-'));

const chunkAt = (from: number) => {
  const ra = new RecordArray<{ tick: number; x: number; y: number }>(Move, CHUNK);
  for (let i = 0; i < CHUNK; i++) ra.push({ tick: from + i, x: (from + i) % 1000, y: -(i % 100) });
  return ra;
};
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
const ms = (x: number) => x.toFixed(3);

async function timeAsync(n: number, f: (i: number) => Promise<unknown>): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await f(i);
    out.push(performance.now() - t0);
  }
  return out;
}

try {
  const chunk = chunkAt(0);
  const sizes = [10_000, 1_000_000, 10_000_000].filter((n) => n <= MAX);
  const paths: string[] = [];
  for (const size of sizes) {
    const path = join(dir, `log-${size}.splog`);
    const fill = await openLog(path, moves, { create: true, sync: false });
    const t0 = performance.now();
    for (let at = 0; at < size; at += CHUNK) await fill.append(chunkAt(at));
    await fill.close();
    console.log(`built a log of ${size} records (${(statSync(path).size / 1e6).toFixed(1)} MB) in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    paths.push(path);
  }
  // Round robin (baseline, then one append to each log), so that disk and machine noise hits every
  // series alike. Baseline: encode the chunk, write it to a plain file and fdatasync, through the
  // same async FileHandle calls the log uses.
  const fh = await open(join(dir, 'baseline.bin'), 'w');
  const logs = await Promise.all(paths.map((p) => openLog(p, moves)));
  const base: number[] = [];
  const appends: number[][] = sizes.map(() => []);
  let pos = 0;
  for (let i = 0; i < APPENDS; i++) {
    let t0 = performance.now();
    const b = moves.encode(chunk);
    await fh.write(b, 0, b.length, pos);
    pos += b.length;
    await fh.datasync();
    base.push(performance.now() - t0);
    for (let k = 0; k < logs.length; k++) {
      const next = chunkAt(sizes[k]! + i * CHUNK);
      t0 = performance.now();
      await logs[k]!.append(next);
      appends[k]!.push(performance.now() - t0);
    }
  }
  await fh.close();
  await Promise.all(logs.map((l) => l.close()));
  console.log(`baseline: encode a ${CHUNK}-record chunk + write + fdatasync: median ${ms(median(base))} ms`);
  sizes.forEach((size, k) => console.log(`append ${CHUNK} records (sync) to a log of ${size} records: median ${ms(median(appends[k]!))} ms (min ${ms(Math.min(...appends[k]!))})`));
  const meds = appends.map(median);
  console.log(`append spread across sizes: ${(Math.max(...meds) / Math.min(...meds)).toFixed(2)}x; slowest vs baseline: ${(Math.max(...meds) / median(base)).toFixed(2)}x`);

  const bigPath = paths.at(-1)!;
  const bytes = statSync(bigPath).size;
  const opens = await timeAsync(7, async () => (await openLog(bigPath, moves)).close());
  const open1 = median(opens);
  console.log(`open the ${sizes.at(-1)}-record log (${(bytes / 1e6).toFixed(1)} MB) from its index chunks: median ${ms(open1)} ms = ${(open1 / (bytes / 1e9)).toFixed(1)} ms per GB`);
  // After a crash: the file ends with data chunks (the close's index chunk never written). The
  // open reads the chain of index chunks that appends wrote every 256 chunks / 1 MiB, and walks only
  // the headers after the last one. Cut the final index chunk (its offset is in the last 16 bytes).
  const last = await open(bigPath, 'r');
  const tailBytes = new Uint8Array(8);
  await last.read(tailBytes, 0, 8, bytes - 16);
  await last.close();
  const crashed = Number(new DataView(tailBytes.buffer).getBigUint64(0, true));
  const crashOpen = async (size: number) => {
    truncateSync(bigPath, size);
    const times: number[] = [];
    for (let i = 0; i < 7; i++) { // the open alone: its close writes an index chunk (and fsyncs), then the cut restores the crash
      const t0 = performance.now();
      const l = await openLog(bigPath, moves);
      times.push(performance.now() - t0);
      if (l.length !== sizes.at(-1)! + APPENDS * CHUNK - (size < crashed ? CHUNK : 0)) throw new Error(`crash open: ${l.length} records`);
      await l.close();
      truncateSync(bigPath, size);
    }
    return median(times);
  };
  const c1 = await crashOpen(crashed);
  console.log(`open the same log after a crash (no final index chunk; index chunks written by appends, headers after the last one walked): median ${ms(c1)} ms = ${(c1 / (crashed / 1e9)).toFixed(1)} ms per GB`);
  const c2 = await crashOpen(crashed - 100); // and with a torn last data chunk (dropped)
  console.log(`  ... with a torn last chunk as well (dropped, recovered bytes): median ${ms(c2)} ms = ${(c2 / (crashed / 1e9)).toFixed(1)} ms per GB`);
  truncateSync(bigPath, crashed);

  const log = await openLog(bigPath, moves);
  const mid = Math.floor(log.length / 2) - 500;
  const reads = await timeAsync(50, () => log.read(mid, mid + 1000));
  const whole = join(dir, 'whole.sp');
  await log.compact(whole);
  await log.close();
  const loads = await timeAsync(5, () => loadFile(whole, moves));
  console.log(`read 1000 records from the middle: median ${ms(median(reads))} ms; loadFile of the whole save (${(statSync(whole).size / 1e6).toFixed(1)} MB): median ${ms(median(loads))} ms (${(median(loads) / median(reads)).toFixed(0)}x)`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
