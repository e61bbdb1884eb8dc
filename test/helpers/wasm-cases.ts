// Shared data of the wasm-*.test.ts files: whether WebAssembly is here, deterministic bytes, and
// the validation cases (record layouts with a good and a bad fill) run against every kernel.
import { test } from 'uvu';
import {
  findInvalidRecord, type FieldCheck,
} from '../../src/wasm/index.ts';
import { findInvalidRecordJs } from '../../src/wasm/validate-js.ts';
import { findInvalidRecordWasm } from '../../src/wasm/validate-wasm.ts';

/**
 * Whether this process has WebAssembly. A preload (test/helpers/no-wasm.mjs, matched by a loose
 * `uvu test wasm` pattern too) may have removed it: the WASM-only tests are then skipped, the rest
 * still check the JS kernels. Run these files alone with: uvu test "^wasm-[a-z0-9-]+\.test\.ts$".
 */
export const HAS_WASM = typeof globalThis.WebAssembly !== 'undefined';
/** `test`, or `test.skip` when this process has no WebAssembly. */
export const wasmTest = HAS_WASM ? test : test.skip;
if (!HAS_WASM) console.warn('wasm-*.test.ts: WebAssembly is not available in this process; WASM-only tests are skipped');

/** Deterministic pseudo-random bytes. */
export function bytes(len: number, seed = 1): Uint8Array {
  const b = new Uint8Array(len);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < len; i++) { x ^= x << 13; x ^= x >>> 17; x ^= x << 5; b[i] = x; }
  return b;
}

/** `len` bytes starting `offset` bytes into a larger buffer (unaligned views). */
export function at(offset: number, src: Uint8Array): Uint8Array {
  const big = new Uint8Array(offset + src.length + 5);
  big.set(src, offset);
  return big.subarray(offset, offset + src.length);
}

/** A first-bad-record kernel (JS, WASM or the automatic one). */
export type Impl = (data: Uint8Array, count: number, stride: number, checks: readonly FieldCheck[]) => number;
/** The kernels this process can run, by name. */
export const IMPLS: [string, Impl][] = HAS_WASM
  ? [['JS', findInvalidRecordJs], ['WASM', findInvalidRecordWasm], ['auto', findInvalidRecord]]
  : [['JS', findInvalidRecordJs], ['auto', findInvalidRecord]];

/** A record layout: its checks, a valid fill and a fill that breaks one check. */
export interface Case { name: string; stride: number; checks: FieldCheck[]; fill: (rec: DataView) => void; bad: (rec: DataView) => void }

/** The validation cases (tests refer to some by index). */
export const CASES: Case[] = [
  { name: 'stride 1 bool = 2', stride: 1, checks: [{ offset: 0, size: 1, max: 1 }],
    fill: (r) => r.setUint8(0, 1), bad: (r) => r.setUint8(0, 2) },
  { name: 'stride 1 bool = 255', stride: 1, checks: [{ offset: 0, size: 1, max: 1 }],
    fill: (r) => r.setUint8(0, 0), bad: (r) => r.setUint8(0, 255) },
  { name: 'stride 3 enum out of range', stride: 3, checks: [{ offset: 2, size: 1, max: 4 }],
    fill: (r) => { r.setUint16(0, 0xffff); r.setUint8(2, 4); }, bad: (r) => r.setUint8(2, 5) },
  { name: 'stride 3 u16 enum at odd offset', stride: 3, checks: [{ offset: 1, size: 2, max: 300 }],
    fill: (r) => { r.setUint8(0, 0xff); r.setUint16(1, 300, true); }, bad: (r) => r.setUint16(1, 301, true) },
  { name: 'stride 8 bool + enum', stride: 8, checks: [{ offset: 4, size: 1, max: 1 }, { offset: 5, size: 1, max: 2 }],
    fill: (r) => { r.setUint32(0, 0xffffffff); r.setUint8(4, 1); r.setUint8(5, 2); r.setUint16(6, 0xffff); },
    bad: (r) => r.setUint8(5, 3) },
  { name: 'stride 8 second bool = 2', stride: 8, checks: [{ offset: 4, size: 1, max: 1 }, { offset: 5, size: 1, max: 1 }],
    fill: (r) => { r.setUint8(4, 1); r.setUint8(5, 0); }, bad: (r) => r.setUint8(5, 2) },
  { name: 'stride 8 u32 enum', stride: 8, checks: [{ offset: 4, size: 4, max: 70000 }],
    fill: (r) => { r.setUint32(0, 0xffffffff); r.setUint32(4, 70000, true); }, bad: (r) => r.setUint32(4, 70001, true) },
  { name: 'stride 8 u32 enum, huge value', stride: 8, checks: [{ offset: 4, size: 4, max: 9 }],
    fill: (r) => r.setUint32(4, 9, true), bad: (r) => r.setUint32(4, 0x80000000, true) },
  { name: 'stride 8 u16 enum', stride: 8, checks: [{ offset: 6, size: 2, max: 1000 }],
    fill: (r) => r.setUint16(6, 999, true), bad: (r) => r.setUint16(6, 0x8000, true) },
  { name: 'stride 24 sparse u8 enum', stride: 24, checks: [{ offset: 16, size: 1, max: 10, allowed: [0, 5, 10] }],
    fill: (r) => { r.setFloat64(0, 1.5); r.setUint8(16, 5); r.setUint8(17, 99); }, bad: (r) => r.setUint8(16, 4) },
  { name: 'stride 24 sparse u8 enum above max', stride: 24, checks: [{ offset: 16, size: 1, max: 10, allowed: [0, 5, 10] }],
    fill: (r) => r.setUint8(16, 10), bad: (r) => r.setUint8(16, 11) },
  { name: 'stride 24 mixed: bool, u16, sparse u32', stride: 24,
    checks: [{ offset: 0, size: 1, max: 1 }, { offset: 2, size: 2, max: 2 }, { offset: 8, size: 4, max: 0x10000000, allowed: [1, 100000, 0x10000000] }],
    fill: (r) => { r.setUint8(0, 1); r.setUint16(2, 2, true); r.setUint32(8, 100000, true); r.setUint32(4, 0xffffffff); },
    bad: (r) => r.setUint32(8, 100001, true) },
  { name: 'stride 24 mixed: u16 out of range', stride: 24,
    checks: [{ offset: 0, size: 1, max: 1 }, { offset: 2, size: 2, max: 2 }, { offset: 8, size: 4, max: 0x10000000, allowed: [1, 100000, 0x10000000] }],
    fill: (r) => { r.setUint8(0, 0); r.setUint16(2, 0, true); r.setUint32(8, 1, true); },
    bad: (r) => r.setUint16(2, 3, true) },
  { name: 'stride 5 u32 at offset 1', stride: 5, checks: [{ offset: 1, size: 4, max: 65536 }],
    fill: (r) => { r.setUint8(0, 7); r.setUint32(1, 65536, true); }, bad: (r) => r.setUint32(1, 65537, true) },
  { name: 'stride 4 u16 at odd offset (not vectorizable)', stride: 4, checks: [{ offset: 1, size: 2, max: 5 }],
    fill: (r) => r.setUint16(1, 5, true), bad: (r) => r.setUint16(1, 256, true) },
  { name: 'stride 2 sparse u16 set', stride: 2, checks: [{ offset: 0, size: 2, max: 0, allowed: [3, 60000] }],
    fill: (r) => r.setUint16(0, 60000, true), bad: (r) => r.setUint16(0, 0, true) },
  { name: 'stride 3 sparse u16 at odd offset', stride: 3, checks: [{ offset: 1, size: 2, max: 70, allowed: [7, 70] }],
    fill: (r) => { r.setUint8(0, 1); r.setUint16(1, 70, true); }, bad: (r) => r.setUint16(1, 71, true) },
  { name: 'stride 4 sparse u8, 12 values (scalar stage)', stride: 4,
    checks: [{ offset: 3, size: 1, max: 200, allowed: [0, 2, 4, 8, 16, 32, 64, 100, 128, 150, 170, 200] }],
    fill: (r) => { r.setUint8(0, 9); r.setUint8(3, 170); }, bad: (r) => r.setUint8(3, 171) },
  { name: 'stride 8 sparse u32, huge values', stride: 8, checks: [{ offset: 4, size: 4, max: 0xffffffff, allowed: [0xffffffff, 0x80000000] }],
    fill: (r) => r.setUint32(4, 0x80000000, true), bad: (r) => r.setUint32(4, 0x80000001, true) },
  { name: 'stride 12 many checks', stride: 12,
    checks: Array.from({ length: 12 }, (_, i) => ({ offset: i, size: 1 as const, max: i + 1 })),
    fill: (r) => { for (let i = 0; i < 12; i++) r.setUint8(i, i); }, bad: (r) => r.setUint8(7, 9) },
  { name: 'stride 100 (scalar only) bool', stride: 100, checks: [{ offset: 99, size: 1, max: 1 }],
    fill: (r) => r.setUint8(99, 1), bad: (r) => r.setUint8(99, 2) },
  { name: 'stride 1000 enum', stride: 1000, checks: [{ offset: 500, size: 2, max: 3 }],
    fill: (r) => r.setUint16(500, 3, true), bad: (r) => r.setUint16(500, 4, true) },
];

/** `count` valid records of case `c`, `offset` bytes into a larger buffer, and a view of record i. */
export function records(c: Case, count: number, offset: number): { data: Uint8Array; view: (i: number) => DataView } {
  const buf = new Uint8Array(offset + count * c.stride + 7).fill(0xa5);
  const data = buf.subarray(offset, offset + count * c.stride + 3);
  const view = (i: number) => new DataView(data.buffer, data.byteOffset + i * c.stride, c.stride);
  for (let i = 0; i < count; i++) c.fill(view(i));
  return { data, view };
}
