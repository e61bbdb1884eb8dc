// The kernels the codec uses: XXH64 and per-record validation, each run in WASM or JS by size
// (or by a forced mode), with the same result either way.

import { coreFailure, getCore, resetCore } from './core.ts';
import { findInvalidRecordJs } from './validate-js.ts';
import { findInvalidRecordWasm } from './validate-wasm.ts';
import { xxh64Js } from './xxh64-js.ts';
import { xxh64Wasm } from './xxh64-wasm.ts';
import { xxh64Matches } from './xxh64-check.ts';
import type { FieldCheck } from './checks.ts';

export type { FieldCheck } from './checks.ts';

/** How kernels pick an implementation: by size ('auto'), or always JS / always WASM (if loadable). */
export type KernelMode = 'auto' | 'js' | 'wasm';

/**
 * Inputs of at least this many bytes hash in WASM in 'auto' mode, smaller ones in JS. Zero: in
 * bench/kernels.ts (Node 20.20, Xeon, two shared cores) WASM, copy included, was faster at every
 * size measured, from 8 B (JS 0.07 vs WASM 0.20 GB/s) and 64 B (0.27 vs 1.53) up; a WASM call
 * costs ~70 ns against ~80 ns of fixed JS cost. So XXH64 runs in JS only without WebAssembly.
 */
export const XXH64_WASM_MIN_BYTES = 0;

/**
 * Record data (count * stride bytes) of at least this size is validated in WASM in 'auto' mode.
 * From bench/kernels.ts (8-byte records with a bool and an enum, three runs): at 256 B WASM won
 * every run (2.71 vs 1.97, 2.24 vs 1.83, 2.11 vs 1.95 GB/s), at 128 B the runs disagreed
 * (1.40 vs 1.17, 1.92 vs 1.13, 1.08 vs 1.25), below 64 B JS wins (a WASM call here costs ~100 ns:
 * plan lookup, copy-in, call).
 */
export const VALIDATE_WASM_MIN_BYTES = 256;

let mode: KernelMode = 'auto';

function useWasm(bytes: number, min: number): boolean {
  if (mode === 'js' || (mode === 'auto' && bytes < min)) return false;
  return getCore() !== null;
}

/** XXH64 of `data` (the 64-bit xxHash used by zstd frames), seed default 0n. Picks WASM or JS by size. */
export function xxh64(data: Uint8Array, seed: bigint = 0n): bigint {
  return useWasm(data.length, XXH64_WASM_MIN_BYTES) ? xxh64Wasm(data, seed) : xxh64Js(data, seed);
}

/**
 * True when XXH64 of `bytes[0, n)` equals the little-endian u64 stored at `bytes[n, n + 8)`
 * (`view` spans exactly `bytes`; `n + 8 <= bytes.length`). A file's trailer check without
 * BigInt conversions or views of the input on the small-input path.
 */
export function xxh64Check(bytes: Uint8Array, view: DataView, n: number): boolean {
  return xxh64Matches(bytes, view, n, useWasm(n, XXH64_WASM_MIN_BYTES));
}

/**
 * Index of the first record (0-based) in `data` (count records of `stride` bytes, starting at
 * data[0]) that fails any check, or -1 when all pass. Throws RangeError when the records do not
 * fit in `data` or a check does not fit in a record. `checks` arrays are cached by identity:
 * do not mutate one after passing it.
 */
export function findInvalidRecord(data: Uint8Array, count: number, stride: number, checks: readonly FieldCheck[]): number {
  return useWasm(count * stride, VALIDATE_WASM_MIN_BYTES)
    ? findInvalidRecordWasm(data, count, stride, checks)
    : findInvalidRecordJs(data, count, stride, checks);
}

/** Which implementation runs: whether WASM is available/used, whether SIMD, and why not if not. */
export function kernelStatus(): { wasm: boolean; simd: boolean; reason?: string } {
  if (mode === 'js') return { wasm: false, simd: false, reason: "kernel mode forced to 'js' (setKernelMode)" };
  const c = getCore();
  if (c === null) return { wasm: false, simd: false, reason: coreFailure() ?? 'WebAssembly unavailable' };
  return { wasm: true, simd: c.simd };
}

/** Forces a kernel mode (tests and benchmarks): 'auto' (default: by measured crossover), 'js', 'wasm'. */
export function setKernelMode(next: KernelMode): void {
  if (next !== 'auto' && next !== 'js' && next !== 'wasm') throw new RangeError(`unknown kernel mode ${String(next)}`);
  mode = next;
}

/**
 * Tests only: mode back to 'auto' and the WASM core forgotten, so the next use loads it again
 * (after `delete globalThis.WebAssembly`, say); `scalar: true` loads the non-SIMD build.
 */
export function resetKernelsForTests(opts: { scalar?: boolean } = {}): void {
  mode = 'auto';
  resetCore(opts);
}
