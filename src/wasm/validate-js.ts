// Record validation in plain JS: the fallback, and the faster path for small inputs.

import { checkRecordArgs, normalizeChecks, type FieldCheck, type NormalizedCheck } from './checks.ts';

interface JsPlan {
  readonly stride: number;
  readonly n: number;
  readonly offsets: Int32Array;
  readonly sizes: Int32Array;
  readonly maxes: Float64Array;
  /** Per check: 0 range only, 1 bitmap over 0..max (in `bitmaps`), 2 sorted list (in `lists`). */
  readonly kinds: Int32Array;
  readonly bitmaps: Uint8Array[];
  readonly lists: Uint32Array[];
  /** Every check is one byte with a plain range. */
  readonly bytesOnly: boolean;
  /**
   * For bytesOnly plans: SWAR over 32-bit words. A block is lcm(stride, 4) bytes (`swarRecs`
   * records); `swar` holds (word offset in block, per-byte maxima with 0xff = unchecked) pairs.
   */
  readonly swarRecs: number;
  readonly swar: Int32Array;
}

const plans = new WeakMap<readonly FieldCheck[], JsPlan>();

function bitmapOf(set: Uint32Array, max: number): Uint8Array {
  const bits = new Uint8Array((max >>> 3) + 1);
  for (const v of set) bits[v >>> 3]! |= 1 << (v & 7);
  return bits;
}

function buildPlan(norm: NormalizedCheck[], stride: number): JsPlan {
  const n = norm.length;
  const offsets = new Int32Array(n), sizes = new Int32Array(n), maxes = new Float64Array(n);
  const kinds = new Int32Array(n), bitmaps: Uint8Array[] = [], lists: Uint32Array[] = [];
  const none = new Uint8Array(0), empty = new Uint32Array(0);
  let bytesOnly = true;
  norm.forEach((c, k) => {
    offsets[k] = c.offset; sizes[k] = c.size; maxes[k] = c.max;
    kinds[k] = c.set === null ? 0 : c.max < 65536 ? 1 : 2;
    bitmaps.push(kinds[k] === 1 ? bitmapOf(c.set!, c.max) : none);
    lists.push(kinds[k] === 2 ? c.set! : empty);
    if (c.size !== 1 || c.set !== null) bytesOnly = false;
  });
  let swarRecs = 0, swar = new Int32Array(0);
  if (bytesOnly && n > 0) {
    const L = stride % 4 === 0 ? stride : stride % 2 === 0 ? stride * 2 : stride * 4;
    swarRecs = L / stride;
    const words = new Map<number, number>();
    for (let r = 0; r < swarRecs; r++) {
      for (const c of norm) {
        const p = r * stride + c.offset, o = p & ~3, shift = (p & 3) * 8;
        const w = words.get(o) ?? -1;
        const cur = (w >>> shift) & 0xff;
        words.set(o, (w & ~(0xff << shift)) | (Math.min(cur, c.max) << shift));
      }
    }
    swar = Int32Array.from([...words].sort((a, b) => a[0] - b[0]).flat());
  }
  return { stride, n, offsets, sizes, maxes, kinds, bitmaps, lists, bytesOnly, swarRecs, swar };
}

const H8 = 0x80808080 | 0;

/** Records per SWAR group: the accumulator is tested once per group. */
const GROUP_BLOCKS = 64;

/**
 * First record of the first group of blocks in [from, to) (whole blocks only) whose bytes fail
 * a bytesOnly plan, by 32-bit SWAR in column order (one word offset of the block at a time, its
 * maxima in registers); -1 when all pass.
 */
function scanSwar(d: Uint8Array, from: number, to: number, plan: JsPlan): number {
  const { stride, swarRecs, swar } = plan;
  const L = stride * swarRecs, ne = swar.length, step = GROUP_BLOCKS * swarRecs;
  const dv = new DataView(d.buffer, d.byteOffset, d.length);
  for (let r = from; r < to; r += step) {
    const end = Math.min(to, r + step) * stride;
    let bad = 0;
    for (let k = 0; k < ne; k += 2) {
      // Per byte lane: x > y as the lane's top bit; (y | H) - (x & ~H) never borrows across lanes.
      const y = swar[k + 1]!, yh = y | H8, ny = ~y;
      for (let p = r * stride + swar[k]!; p < end; p += L) {
        const x = dv.getInt32(p, true);
        bad |= ((x & ny) | (~(x ^ y) & ~(yh - (x & ~H8)))) & H8;
      }
    }
    if (bad !== 0) return r;
  }
  return -1;
}

function scanBytes(d: Uint8Array, from: number, to: number, plan: JsPlan): number {
  const { stride, n, offsets, maxes } = plan;
  if (n === 1) {
    const max = maxes[0]!;
    for (let r = from, p = from * stride + offsets[0]!; r < to; r++, p += stride) {
      if (d[p]! > max) return r;
    }
    return -1;
  }
  for (let r = from, base = from * stride; r < to; r++, base += stride) {
    for (let k = 0; k < n; k++) if (d[base + offsets[k]!]! > maxes[k]!) return r;
  }
  return -1;
}

/** The JS plan for `checks` at `stride`, cached by the checks array (treat it as immutable). */
function planFor(checks: readonly FieldCheck[], stride: number): JsPlan {
  let p = plans.get(checks);
  if (p === undefined || p.stride !== stride) {
    p = buildPlan(normalizeChecks(checks, stride), stride);
    plans.set(checks, p);
  }
  return p;
}

function inSorted(set: Uint32Array, v: number): boolean {
  let lo = 0, hi = set.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const x = set[mid]!;
    if (x < v) lo = mid + 1;
    else if (x > v) hi = mid;
    else return true;
  }
  return false;
}

/** First record in [from, to) of `d` failing `plan`, or -1 (no argument checks). */
function scanRecordsJs(d: Uint8Array, from: number, to: number, plan: JsPlan): number {
  const { stride, n, offsets, sizes, maxes, kinds, bitmaps, lists } = plan;
  if (n === 0) return -1;
  if (plan.bytesOnly) {
    // SWAR pays off once a block holds several checked bytes per word read.
    const { swarRecs } = plan;
    if (to - from >= 4 * swarRecs && plan.swar.length < 2 * n * swarRecs) {
      const end = from + Math.floor((to - from) / swarRecs) * swarRecs;
      const group = scanSwar(d, from, end, plan);
      if (group >= 0) return scanBytes(d, group, Math.min(end, group + GROUP_BLOCKS * swarRecs), plan);
      from = end;
    }
    return scanBytes(d, from, to, plan);
  }
  for (let r = from, base = from * stride; r < to; r++, base += stride) {
    for (let k = 0; k < n; k++) {
      const p = base + offsets[k]!, size = sizes[k]!;
      const v = size === 1 ? d[p]!
        : size === 2 ? d[p]! | (d[p + 1]! << 8)
        : (d[p]! | (d[p + 1]! << 8) | (d[p + 2]! << 16) | (d[p + 3]! << 24)) >>> 0;
      if (v > maxes[k]!) return r;
      const kind = kinds[k]!;
      if (kind === 1 ? ((bitmaps[k]![v >>> 3]! >>> (v & 7)) & 1) === 0 : kind === 2 && !inSorted(lists[k]!, v)) return r;
    }
  }
  return -1;
}

/** Index of the first of `count` records (`stride` bytes each, from data[0]) failing any check, or -1; in JS. */
export function findInvalidRecordJs(data: Uint8Array, count: number, stride: number, checks: readonly FieldCheck[]): number {
  checkRecordArgs(data, count, stride);
  return scanRecordsJs(data, 0, count, planFor(checks, stride));
}
