// Builds the position-independent validation plan the WASM core reads (layout documented in
// assembly/validate.ts): a scalar check table, and for the vector stage one block of
// lcm(stride, vector bytes) bytes with per-lane maxima (all-ones where nothing is checked) and,
// in the SIMD build, equality tests for small sets of sparse enum discriminants.

import { normalizeChecks, type FieldCheck, type NormalizedCheck } from './checks.ts';
import { UINT_MAX } from '../kinds/table.ts';

/** Blocks longer than this skip the vector stage (few checks per byte: the scalar loop is fast). */
const MAX_BLOCK_BYTES = 1024;

/** Sparse enums with at most this many valid values are tested in the SIMD stage (lane equality). */
const MAX_SIMD_SET = 8;

/** A plan ready to be copied into WASM memory. */
export interface WasmPlan {
  readonly stride: number;
  readonly vectorBytes: number;
  /** Number of checks (0: every record is valid). */
  readonly nChecks: number;
  /** Records per vector block, or 0 when there is no vector stage. */
  readonly recsPerBlock: number;
  readonly blockBytes: number;
  readonly bytes: Uint8Array;
}

const HEADER = 64, CHECK = 32;

function gcd(a: number, b: number): number {
  while (b !== 0) [a, b] = [b, a % b];
  return a;
}

interface Entry { offset: number; lanes: DataView; widths: number }

/** Vector offset in a block for a `s`-byte value at block position `p`, or -1 when none fits. */
function vectorOffset(p: number, s: number, W: number, L: number, taken: Iterable<number>): number {
  const grid = p - (p % W);
  if ((p - grid) % s === 0) return grid;
  // Misaligned in the grid (e.g. a u16 at an odd position): an unaligned vector load.
  const lo = Math.max(0, p + s - W), hi = Math.min(p, L - W);
  for (const x of taken) if (x >= lo && x <= hi && (p - x) % s === 0) return x;
  const x = lo + ((p - lo) % s);
  return x <= hi ? x : -1;
}

/**
 * Places every range check of every record of a block into vector entries; returns the entries
 * and the checks that could not be placed (they join the scalar stage).
 */
function vectorEntries(norm: NormalizedCheck[], stride: number, W: number, L: number): { entries: Entry[]; rest: NormalizedCheck[] } {
  const entries = new Map<number, Entry>();
  const rest: NormalizedCheck[] = [];
  for (const c of norm) {
    if (c.max === UINT_MAX[c.size]) continue; // set-only check: scalar stage
    const s = c.size;
    const placed: [number, number][] = [];
    for (let r = 0; r * stride < L; r++) {
      const p = r * stride + c.offset;
      const o = vectorOffset(p, s, W, L, entries.keys());
      if (o < 0) break;
      placed.push([p, o]);
      if (!entries.has(o)) {
        const lanes = new DataView(new ArrayBuffer(3 * W));
        for (let i = 0; i < 3 * W; i++) lanes.setUint8(i, 0xff);
        entries.set(o, { offset: o, lanes, widths: 0 });
      }
    }
    if (placed.length * stride < L) { rest.push(c); continue; }
    for (const [p, o] of placed) {
      const e = entries.get(o)!;
      const at = (s === 1 ? 0 : s === 2 ? 1 : 2) * W + (p - o);
      if (s === 1) e.lanes.setUint8(at, Math.min(e.lanes.getUint8(at), c.max));
      else if (s === 2) e.lanes.setUint16(at, Math.min(e.lanes.getUint16(at, true), c.max), true);
      else e.lanes.setUint32(at, Math.min(e.lanes.getUint32(at, true), c.max), true);
      e.widths |= s === 1 ? 1 : s === 2 ? 2 : 4;
    }
  }
  // An entry left without lanes (its check moved to the scalar stage) costs time for nothing.
  const used = [...entries.values()].filter((e) => e.widths !== 0).sort((a, b) => a.offset - b.offset);
  return { entries: used, rest };
}

/** SIMD set entries (mask, offset, width, count, splats) for the `checks` whose every instance fits a vector. */
function setEntries(checks: NormalizedCheck[], stride: number, W: number, L: number): { bytes: Uint8Array[]; handled: NormalizedCheck[] } {
  const bytes: Uint8Array[] = [], handled: NormalizedCheck[] = [];
  for (const c of checks) {
    const s = c.size, set = c.set!;
    const masks = new Map<number, Uint8Array>();
    let ok = true;
    for (let r = 0; r * stride < L && ok; r++) {
      const p = r * stride + c.offset;
      const o = vectorOffset(p, s, W, L, masks.keys());
      if (o < 0) { ok = false; break; }
      const m = masks.get(o) ?? new Uint8Array(W);
      m.fill(0xff, p - o, p - o + s);
      masks.set(o, m);
    }
    if (!ok) continue;
    handled.push(c);
    for (const [o, m] of masks) {
      const e = new Uint8Array(2 * W + W * set.length);
      const dv = new DataView(e.buffer);
      e.set(m, 0);
      [o, s, set.length].forEach((v, i) => dv.setUint32(W + 4 * i, v, true));
      set.forEach((v, k) => {
        for (let lane = 0; lane < W; lane += s) {
          const at = 2 * W + W * k + lane;
          if (s === 1) dv.setUint8(at, v); else if (s === 2) dv.setUint16(at, v, true); else dv.setUint32(at, v, true);
        }
      });
      bytes.push(e);
    }
  }
  return { bytes, handled };
}

function setBytes(c: NormalizedCheck): Uint8Array {
  const set = c.set!;
  if (c.max < 65536) {
    const bits = new Uint8Array(((c.max >>> 3) + 4) & ~3);
    for (const v of set) bits[v >>> 3]! |= 1 << (v & 7);
    return bits;
  }
  const out = new Uint8Array(set.length * 4);
  const dv = new DataView(out.buffer);
  set.forEach((v, i) => dv.setUint32(i * 4, v, true));
  return out;
}

/** Builds the WASM plan for `checks` at `stride` for a core with `vectorBytes`-byte vectors. */
export function buildWasmPlan(checks: readonly FieldCheck[], stride: number, vectorBytes: number): WasmPlan {
  const norm = normalizeChecks(checks, stride);
  const W = vectorBytes;
  const L = (stride / gcd(stride, W)) * W;
  const vector = L <= MAX_BLOCK_BYTES && norm.length > 0;
  // Small sets: lane equality in the SIMD stage (their range is implied by membership).
  const sets = vector && W === 16
    ? setEntries(norm.filter((c) => c.set !== null && c.set.length <= MAX_SIMD_SET), stride, W, L)
    : { bytes: [], handled: [] };
  const ranged = norm.filter((c) => !sets.handled.includes(c));
  const { entries, rest } = vector ? vectorEntries(ranged, stride, W, L) : { entries: [], rest: [] };
  const anyVector = entries.length + sets.bytes.length > 0;
  // Checks the vector stage does not cover fully: other sets, and ranges it could not place.
  const sparse = anyVector ? ranged.filter((c) => c.set !== null || rest.includes(c)) : [];
  const entryBytes = W === 16 ? 64 : 32;
  const checksAt = HEADER, sparseAt = checksAt + CHECK * norm.length, entriesAt = sparseAt + CHECK * sparse.length;
  const setEntriesAt = entriesAt + entryBytes * entries.length;
  let setsAt = setEntriesAt + sets.bytes.reduce((n, e) => n + e.length, 0);
  const setData = norm.map((c) => (c.set === null ? null : setBytes(c)));
  const size = setsAt + setData.reduce((n, s) => n + (s?.length ?? 0), 0);
  const bytes = new Uint8Array(size);
  const dv = new DataView(bytes.buffer);
  const widths = entries.reduce((w, e) => w | e.widths, 0);
  const rpb = anyVector ? L / stride : 0;
  [rpb, L, entries.length, widths, norm.length, checksAt, sparse.length, sparseAt, entriesAt, sets.bytes.length, setEntriesAt]
    .forEach((v, i) => dv.setUint32(i * 4, v, true));
  sets.bytes.reduce((at, e) => { bytes.set(e, at); return at + e.length; }, setEntriesAt);
  const setAt: number[] = [];
  setData.forEach((s, k) => {
    setAt[k] = setsAt;
    if (s !== null) { bytes.set(s, setsAt); setsAt += s.length; }
  });
  const writeCheck = (at: number, c: NormalizedCheck, k: number) => {
    const kind = c.set === null ? 0 : c.max < 65536 ? 1 : 2;
    // The set pointer is relative to the check entry itself.
    [c.offset, c.size, c.max, kind, kind === 0 ? 0 : setAt[k]! - at, c.set?.length ?? 0]
      .forEach((v, i) => dv.setUint32(at + i * 4, v, true));
  };
  norm.forEach((c, k) => writeCheck(checksAt + CHECK * k, c, k));
  sparse.forEach((c, j) => writeCheck(sparseAt + CHECK * j, c, norm.indexOf(c)));
  entries.forEach((e, j) => {
    const at = entriesAt + entryBytes * j;
    bytes.set(new Uint8Array(e.lanes.buffer), at);
    dv.setUint32(at + 3 * W, e.offset, true);
  });
  return { stride, vectorBytes: W, nChecks: norm.length, recsPerBlock: rpb, blockBytes: rpb > 0 ? L : 0, bytes };
}
