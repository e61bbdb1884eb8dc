// Kernel benchmarks: WASM vs JS for XXH64 and per-record validation at 64 B .. 64 MiB (the
// WASM rows include copying the input from JS memory into WASM memory), a sweep of small sizes
// for the auto-mode crossovers, and reference loops (Uint8Array.prototype.set, DataView vs typed
// array reads). Run: node --import tsx bench/kernels.ts   (about 40 s)
// GB/s = 1e9 bytes per second; each cell is the median sample, with the best sample in brackets
// (the best is the steadier figure on a shared, loaded machine).

import { Bench } from 'tinybench';
import { pathToFileURL } from 'node:url';
import { SCALAR_WASM_BASE64, SIMD_WASM_BASE64 } from '../src/wasm/core-bytes.ts';
import { decodeBase64 } from '../src/wasm/base64.ts';
import { coreInstantiateMs, ensureMemory, getCore, HASH_CHUNK, STAGING_CHUNK } from '../src/wasm/core.ts';
import {
  kernelStatus, resetKernelsForTests, VALIDATE_WASM_MIN_BYTES, XXH64_WASM_MIN_BYTES, type FieldCheck,
} from '../src/wasm/index.ts';
import { findInvalidRecordJs } from '../src/wasm/validate-js.ts';
import { findInvalidRecordWasm } from '../src/wasm/validate-wasm.ts';
import { xxh64Js } from '../src/wasm/xxh64-js.ts';
import { xxh64Wasm } from '../src/wasm/xxh64-wasm.ts';

const KiB = 1024, MiB = 1024 * KiB;
const SIZES = [64, 4 * KiB, MiB, 8 * MiB, 64 * MiB];
const SWEEP = [8, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096];

/** Anything a timed call returns lands here, so that no call is optimised away. */
let sink: unknown;

interface Speed { median: number; best: number }

/** GB/s of `fn` over `bytes` bytes per call, timed with tinybench (inner repeats for tiny calls). */
function measure(bytes: number, fn: () => unknown, timeMs: number): Speed {
  const reps = Math.max(1, Math.ceil((64 * KiB) / bytes));
  const bench = new Bench({ time: timeMs, warmupTime: Math.min(100, timeMs / 2), iterations: 3, warmupIterations: 2 });
  bench.add('k', () => {
    for (let i = 0; i < reps; i++) sink = fn();
  });
  bench.runSync();
  const r = bench.tasks[0]!.result;
  if (r.state !== 'completed') throw new Error(`benchmark did not complete: ${r.state}${'error' in r ? `: ${String(r.error)}` : ''}`);
  const gbps = (ms: number) => (bytes * reps) / (ms * 1e6);
  return { median: gbps(r.latency.p50), best: gbps(r.latency.min) };
}

// Short: these tables are reference numbers, not targets, and the whole `npm run bench` must stay under 5 minutes.
const timeFor = (bytes: number) => (bytes >= 64 * MiB ? 160 : bytes >= 8 * MiB ? 100 : 60);
const fmt = (s: Speed) => `${s.median.toFixed(2)} (${s.best.toFixed(2)})`;
const sizeName = (n: number) => (n >= MiB ? `${n / MiB} MiB` : n >= KiB ? `${n / KiB} KiB` : `${n} B`);

function fill(n: number, seed: number): Uint8Array {
  const b = new Uint8Array(n);
  let x = seed;
  for (let i = 0; i < n; i++) { x = (Math.imul(x, 1103515245) + 12345) | 0; b[i] = x >>> 24; }
  return b;
}

interface RecordKind { name: string; stride: number; checks: FieldCheck[]; make: (bytes: number) => Uint8Array }

const RECORDS: RecordKind[] = [
  {
    name: '8 B {x u32, y u16, alive bool, kind enum(4)}', stride: 8,
    checks: [{ offset: 6, size: 1, max: 1 }, { offset: 7, size: 1, max: 3 }],
    make: (n) => { const b = fill(n, 1); for (let i = 0; i + 8 <= n; i += 8) { b[i + 6]! &= 1; b[i + 7]! &= 3; } return b; },
  },
  {
    name: '1 B {b bool}', stride: 1, checks: [{ offset: 0, size: 1, max: 1 }],
    make: (n) => fill(n, 2).map((v) => v & 1),
  },
  {
    name: '24 B {alive bool, mode u16 enum(3), kind u32 sparse enum, pos f64, ...}', stride: 24,
    checks: [{ offset: 0, size: 1, max: 1 }, { offset: 2, size: 2, max: 2 }, { offset: 4, size: 4, max: 100000, allowed: [1, 1000, 100000] }],
    make: (n) => {
      const b = fill(n, 3), dv = new DataView(b.buffer);
      for (let i = 0; i + 24 <= n; i += 24) { b[i]! &= 1; dv.setUint16(i + 2, b[i + 2]! % 3, true); dv.setUint32(i + 4, [1, 1000, 100000][b[i + 4]! % 3]!, true); }
      return b;
    },
  },
];

interface Row { label: string; cells: string[] }

/** Runs every kernel benchmark, prints tables as it goes, and returns them as markdown. */
export async function runKernelBench(): Promise<{ markdown: string }> {
  const started = performance.now();
  const md: string[] = [];
  const log = (s: string) => { console.log(s); md.push(s); };
  const table = (title: string, head: string[], rows: Row[]) => {
    log(`\n${title}\n`);
    log(`| ${head.join(' | ')} |`);
    log(`|${head.map((_, i) => (i === 0 ? '---' : '---:')).join('|')}|`);
    for (const r of rows) log(`| ${r.label} | ${r.cells.join(' | ')} |`);
  };

  resetKernelsForTests();
  const t0 = performance.now();
  const status = kernelStatus();
  const firstLoadMs = performance.now() - t0;
  if (!status.wasm) log(`WASM unavailable (${status.reason}); WASM rows are skipped.`);
  const simdBytes = decodeBase64(SIMD_WASM_BASE64).length, scalarBytes = decodeBase64(SCALAR_WASM_BASE64).length;
  const reloads: number[] = [];
  for (let i = 0; i < 20; i++) { resetKernelsForTests(); getCore(); reloads.push(coreInstantiateMs()); }
  reloads.sort((a, b) => a - b);
  log(`WASM core: SIMD ${simdBytes} B, scalar ${scalarBytes} B; first load (base64 decode + compile + instantiate) ${firstLoadMs.toFixed(2)} ms${
    coreInstantiateMs() ? `, reloads median ${reloads[10]!.toFixed(3)} ms` : ''}; chunks copied in: ${HASH_CHUNK / KiB} KiB to hash, ${STAGING_CHUNK / KiB} KiB to validate.`);
  log(`Node ${process.version}; cells are GB/s: median (best).`);

  const big = fill(64 * MiB + 16, 9);
  // XXH64
  {
    const rows: Row[] = [{ label: 'XXH64 WASM (incl. copy in)', cells: [] }, { label: 'XXH64 JS', cells: [] }];
    for (const n of SIZES) {
      const d = big.subarray(1, 1 + n); // unaligned, as inside a file
      if (status.wasm && xxh64Wasm(d) !== xxh64Js(d)) throw new Error('XXH64 WASM and JS disagree');
      rows[0]!.cells.push(status.wasm ? fmt(measure(n, () => xxh64Wasm(d), timeFor(n))) : '-');
      rows[1]!.cells.push(fmt(measure(n, () => xxh64Js(d), timeFor(n))));
    }
    table('XXH64 (input at an odd offset)', ['kernel', ...SIZES.map(sizeName)], rows);
  }

  // Validation
  for (const kind of RECORDS) {
    const data = kind.make(64 * MiB + 64);
    const rows: Row[] = [
      { label: 'WASM SIMD (incl. copy in)', cells: [] }, { label: 'WASM scalar SWAR (incl. copy in)', cells: [] }, { label: 'JS', cells: [] },
    ];
    for (const n0 of SIZES) {
      const count = Math.floor(n0 / kind.stride), n = count * kind.stride;
      const d = data.subarray(0, n);
      const js = () => findInvalidRecordJs(d, count, kind.stride, kind.checks);
      const wasm = () => findInvalidRecordWasm(d, count, kind.stride, kind.checks);
      if (js() !== -1) throw new Error(`${kind.name}: bench data is invalid`);
      for (const [i, scalar] of [[0, false], [1, true]] as const) {
        if (!status.wasm) { rows[i]!.cells.push('-'); continue; }
        resetKernelsForTests({ scalar });
        if (wasm() !== -1) throw new Error(`${kind.name}: WASM disagrees`);
        rows[i]!.cells.push(fmt(measure(n, wasm, timeFor(n))));
      }
      rows[2]!.cells.push(fmt(measure(n, js, timeFor(n))));
    }
    resetKernelsForTests();
    table(`Record validation, ${kind.name}`, ['kernel', ...SIZES.map(sizeName)], rows);
  }

  // Reference loops
  {
    const rows: Row[] = [{ label: 'Uint8Array.prototype.set (new buffer to new buffer)', cells: [] }];
    if (status.wasm) rows.push({ label: `copy into WASM memory, ${STAGING_CHUNK / KiB} KiB chunks`, cells: [] });
    for (const n of SIZES) {
      const src = big.subarray(1, 1 + n), dst = new Uint8Array(n);
      rows[0]!.cells.push(fmt(measure(n, () => dst.set(src), timeFor(n))));
      if (status.wasm) {
        const c = getCore()!;
        ensureMemory(c, STAGING_CHUNK, 0);
        rows[1]!.cells.push(fmt(measure(n, () => {
          for (let o = 0; o < n; o += STAGING_CHUNK) c.bytes.set(src.subarray(o, o + STAGING_CHUNK), c.staging);
        }, timeFor(n))));
      }
    }
    table('Copy (reference)', ['copy', ...SIZES.map(sizeName)], rows);

    const n = MiB;
    const aligned = big.subarray(0, n), odd = big.subarray(1, 1 + n);
    const u32 = new Uint32Array(aligned.buffer, aligned.byteOffset, n / 4);
    const dvA = new DataView(aligned.buffer, aligned.byteOffset, n), dvO = new DataView(odd.buffer, odd.byteOffset, n);
    const reads: [string, () => number][] = [
      ['Uint32Array[i] (aligned)', () => { let s = 0; for (let i = 0; i < u32.length; i++) s = (s + u32[i]!) | 0; return s; }],
      ['DataView.getUint32(i, true), aligned', () => { let s = 0; for (let i = 0; i < n; i += 4) s = (s + dvA.getUint32(i, true)) | 0; return s; }],
      ['DataView.getUint32(i, true), odd offset', () => { let s = 0; for (let i = 0; i < n; i += 4) s = (s + dvO.getUint32(i, true)) | 0; return s; }],
      ['4 byte loads + shifts, odd offset', () => { let s = 0; for (let i = 0; i < n; i += 4) s = (s + (odd[i]! | (odd[i + 1]! << 8) | (odd[i + 2]! << 16) | (odd[i + 3]! << 24))) | 0; return s; }],
      ['Uint8Array[i] byte loop', () => { let s = 0; for (let i = 0; i < n; i++) s = (s + odd[i]!) | 0; return s; }],
    ];
    table('Read loops over 1 MiB, summing u32 words (reference for the JS kernels)', ['loop', 'GB/s'],
      reads.map(([label, f]) => ({ label, cells: [fmt(measure(n, f, 200))] })));
  }

  // Crossover sweep
  if (status.wasm) {
    const rec = RECORDS[0]!;
    const recs = rec.make(4096);
    const pairs: [string, (n: number) => [() => unknown, () => unknown], number][] = [
      ['XXH64', (n) => { const d = big.subarray(1, 1 + n); return [() => xxh64Js(d), () => xxh64Wasm(d)]; }, XXH64_WASM_MIN_BYTES],
      [`validation, ${rec.name}`, (n) => {
        const c = Math.floor(n / rec.stride), d = recs.subarray(0, c * rec.stride);
        return [() => findInvalidRecordJs(d, c, rec.stride, rec.checks), () => findInvalidRecordWasm(d, c, rec.stride, rec.checks)];
      }, VALIDATE_WASM_MIN_BYTES],
    ];
    for (const [name, make, current] of pairs) {
      const rows: Row[] = [{ label: 'JS', cells: [] }, { label: 'WASM', cells: [] }];
      let crossover: number | undefined;
      for (const n of SWEEP) {
        const [js, wasm] = make(n);
        const a = measure(n, js, 150), b = measure(n, wasm, 150);
        rows[0]!.cells.push(fmt(a));
        rows[1]!.cells.push(fmt(b));
        if (b.best > a.best) crossover ??= n;
        else crossover = undefined;
      }
      table(`Crossover sweep, ${name}`, ['kernel', ...SWEEP.map(sizeName)], rows);
      log(`\n${name}: WASM is faster from ${crossover === undefined ? `more than ${sizeName(SWEEP.at(-1)!)}` : sizeName(crossover)} on (best samples); the code uses ${current} B.`);
    }
  }
  log(`\nKernel bench took ${((performance.now() - started) / 1000).toFixed(1)} s.`);
  void sink;
  return { markdown: md.join('\n') };
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await runKernelBench();
}
