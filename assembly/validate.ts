// Per-record validation at a stride: every checked field (bool byte, enum discriminant) must be
// <= its max, and in its allowed set when sparse. Returns the first bad record, or -1.
//
// The JS side (src/wasm/validate-plan.ts) writes a position-independent plan into memory:
//   header (u32): 0 recsPerBlock, 4 blockBytes, 8 nEntries, 12 widths (1 u8 | 2 u16 | 4 u32),
//                 16 nChecks, 20 checks, 24 nScalar, 28 scalar checks, 32 entries, 36 nSets,
//                 40 set entries (offsets from the plan start); "scalar" checks are those the
//                 vector stage does not cover fully (large sets, ranges it could not place)
//   check (32 B): 0 offset, 4 size (1|2|4), 8 max, 12 kind (0 range, 1 bitmap over 0..max,
//                 2 sorted u32 list), 16 set (offset from this check entry), 20 set length
//   vector entry, SIMD build (64 B): 0 max u8x16, 16 max u16x8, 32 max u32x4, 48 offset in block
//   vector entry, scalar build (32 B): 0 max u8x8, 8 max u16x4, 16 max u32x2, 24 offset (SWAR)
//   set entry, SIMD build (32 + 16 k B): 0 lane mask, 16 offset in block, 20 width (1|2|4),
//                 24 k, 32 k splatted valid values (a lane is bad when masked and equal to none)
// A block is lcm(stride, vector bytes) bytes; unchecked lanes hold all-ones maxima. The vector
// stage finds the first block whose range checks fail; records are then checked one by one.

/** Bytes per vector lane group the plan must be built for: 16 (SIMD) or 8 (scalar SWAR). */
export function vectorBytes(): u32 {
  return ASC_FEATURE_SIMD ? 16 : 8;
}

// @ts-ignore: decorator
@inline function loadField(p: usize, size: u32): u32 {
  return size == 1 ? <u32>load<u8>(p) : size == 2 ? <u32>load<u16>(p) : load<u32>(p);
}

function inSortedSet(set: usize, len: u32, v: u32): bool {
  let lo: u32 = 0, hi = len;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const x = load<u32>(set + (<usize>mid << 2));
    if (x < v) lo = mid + 1;
    else if (x > v) hi = mid;
    else return true;
  }
  return false;
}

// @ts-ignore: decorator
@inline function checkOk(rec: usize, c: usize): bool {
  const v = loadField(rec + load<u32>(c), load<u32>(c, 4));
  if (v > load<u32>(c, 8)) return false;
  const kind = load<u32>(c, 12);
  if (kind == 0) return true;
  const set = c + <usize>load<u32>(c, 16);
  if (kind == 1) return ((<u32>load<u8>(set + (v >>> 3)) >>> (v & 7)) & 1) != 0;
  return inSortedSet(set, load<u32>(c, 20), v);
}

/** First record in [from, to) failing any of the `n` checks at `checks`, or -1. */
function scanRecords(data: usize, from: u32, to: u32, stride: u32, checks: usize, n: u32): i32 {
  let rec = data + <usize>from * stride;
  if (n == 1 && load<u32>(checks, 4) == 1 && load<u32>(checks, 12) == 0) {
    // The common case: one bool or dense u8 enum per record.
    const max = load<u32>(checks, 8);
    rec += load<u32>(checks);
    for (let r = from; r < to; r++, rec += stride) {
      if (<u32>load<u8>(rec) > max) return <i32>r;
    }
    return -1;
  }
  for (let r = from; r < to; r++, rec += stride) {
    for (let i: u32 = 0; i < n; i++) {
      if (!checkOk(rec, checks + (<usize>i << 5))) return <i32>r;
    }
  }
  return -1;
}

// ---- vector stage ----
// Column order: for each entry (its maxima and offset held in registers), walk the group's blocks
// at the block stride. The group (<= GROUP_BYTES) stays in L1 across entries.

/** Bytes of blocks checked per vector-stage call before testing the accumulator. */
// @ts-ignore: decorator
@inline const GROUP_BYTES: u32 = 4096;

/** Whether any of `nb` blocks of `L` bytes from `p` fails a range check (SIMD). */
function groupBadSimd(p: usize, nb: u32, L: u32, entries: usize, n: u32, widths: u32, sets: usize, nSets: u32): bool {
  let acc = i64x2.splat(0);
  const span = <usize>nb * L;
  const step = <usize>L;
  for (let i: u32 = 0; i < n; i++) {
    // The column's lane-wise maximum, compared with the lane maxima once at the end:
    // v > max somewhere  <=>  saturating (column max - max) != 0. One pmaxub per vector.
    const e = entries + (<usize>i << 6);
    let q = p + load<u32>(e, 48);
    const end = q + span;
    if (widths == 1) {
      let a0 = i64x2.splat(0), a1 = a0, a2 = a0, a3 = a0;
      const step4 = step << 2;
      while (q + step4 <= end) {
        a0 = i8x16.max_u(a0, v128.load(q));
        a1 = i8x16.max_u(a1, v128.load(q + step));
        a2 = i8x16.max_u(a2, v128.load(q + 2 * step));
        a3 = i8x16.max_u(a3, v128.load(q + 3 * step));
        q += step4;
      }
      while (q < end) {
        a0 = i8x16.max_u(a0, v128.load(q));
        q += step;
      }
      const colMax = i8x16.max_u(i8x16.max_u(a0, a1), i8x16.max_u(a2, a3));
      acc = v128.or(acc, i8x16.sub_sat_u(colMax, v128.load(e)));
    } else {
      let b8 = i64x2.splat(0), b16 = b8, b32 = b8;
      if (widths == 3) {
        for (; q < end; q += step) {
          const v = v128.load(q);
          b8 = i8x16.max_u(b8, v);
          b16 = i16x8.max_u(b16, v);
        }
      } else {
        for (; q < end; q += step) {
          const v = v128.load(q);
          b8 = i8x16.max_u(b8, v);
          b16 = i16x8.max_u(b16, v);
          b32 = i32x4.max_u(b32, v);
        }
      }
      acc = v128.or(acc, v128.or(
        v128.or(i8x16.sub_sat_u(b8, v128.load(e)), i16x8.sub_sat_u(b16, v128.load(e, 16))),
        i32x4.gt_u(b32, v128.load(e, 32))));
    }
  }
  let e = sets;
  for (let i: u32 = 0; i < nSets; i++) {
    const mask = v128.load(e);
    let q = p + load<u32>(e, 16);
    const width = load<u32>(e, 20);
    const k = load<u32>(e, 24);
    const vals = e + 32;
    const end = q + span;
    let bad = i64x2.splat(0);
    // One loop per lane width, so that only that width's comparison runs.
    if (width == 1) {
      for (; q < end; q += step) {
        const v = v128.load(q);
        let eq = i64x2.splat(0);
        for (let t: u32 = 0; t < k; t++) eq = v128.or(eq, i8x16.eq(v, v128.load(vals + (<usize>t << 4))));
        bad = v128.or(bad, v128.andnot(mask, eq));
      }
    } else if (width == 2) {
      for (; q < end; q += step) {
        const v = v128.load(q);
        let eq = i64x2.splat(0);
        for (let t: u32 = 0; t < k; t++) eq = v128.or(eq, i16x8.eq(v, v128.load(vals + (<usize>t << 4))));
        bad = v128.or(bad, v128.andnot(mask, eq));
      }
    } else {
      for (; q < end; q += step) {
        const v = v128.load(q);
        let eq = i64x2.splat(0);
        for (let t: u32 = 0; t < k; t++) eq = v128.or(eq, i32x4.eq(v, v128.load(vals + (<usize>t << 4))));
        bad = v128.or(bad, v128.andnot(mask, eq));
      }
    }
    acc = v128.or(acc, bad);
    e = vals + (<usize>k << 4);
  }
  return v128.any_true(acc);
}

// @ts-ignore: decorator
@inline const H8: u64 = 0x8080808080808080;
// @ts-ignore: decorator
@inline const H16: u64 = 0x8000800080008000;
// @ts-ignore: decorator
@inline const H32: u64 = 0x8000000080000000;

/** Per-lane unsigned x > y, as the lane's top bit; `h` holds the top bit of every lane. */
// @ts-ignore: decorator
@inline function gtSwar(x: u64, y: u64, h: u64): u64 {
  const d = (y | h) - (x & ~h);
  return ((x & ~y) | (~(x ^ y) & ~d)) & h;
}

/** Whether any of `nb` blocks of `L` bytes from `p` fails a range check (SWAR on 64-bit words). */
function groupBadSwar(p: usize, nb: u32, L: u32, entries: usize, n: u32, widths: u32): bool {
  let acc: u64 = 0;
  const span = <usize>nb * L;
  const step = <usize>L;
  for (let i: u32 = 0; i < n; i++) {
    const e = entries + (<usize>i << 5);
    let q = p + load<u32>(e, 24);
    const end = q + span;
    const m8 = load<u64>(e);
    if (widths == 1) {
      while (q < end) {
        acc |= gtSwar(load<u64>(q), m8, H8);
        q += step;
      }
    } else {
      const m16 = load<u64>(e, 8);
      const m32 = load<u64>(e, 16);
      while (q < end) {
        const v = load<u64>(q);
        acc |= gtSwar(v, m8, H8) | gtSwar(v, m16, H16) | gtSwar(v, m32, H32);
        q += step;
      }
    }
  }
  return acc != 0;
}

// @ts-ignore: decorator
@inline function groupBad(p: usize, nb: u32, L: u32, entries: usize, n: u32, widths: u32, sets: usize, nSets: u32): bool {
  if (ASC_FEATURE_SIMD) return groupBadSimd(p, nb, L, entries, n, widths, sets, nSets);
  return groupBadSwar(p, nb, L, entries, n, widths);
}

/** Index of the first of `count` records of `stride` bytes at `data` that fails the plan, or -1. */
export function validateRecords(data: usize, count: u32, stride: u32, plan: usize): i32 {
  const nChecks = load<u32>(plan, 16);
  const checks = plan + <usize>load<u32>(plan, 20);
  const rpb = load<u32>(plan, 0);
  if (rpb == 0) return scanRecords(data, 0, count, stride, checks, nChecks);
  const widths = load<u32>(plan, 12);
  const nSets = load<u32>(plan, 36);
  const sets = plan + <usize>load<u32>(plan, 40);
  const blockBytes = load<u32>(plan, 4);
  const nEntries = load<u32>(plan, 8);
  const entries = plan + <usize>load<u32>(plan, 32);
  const blocks = count / rpb;
  // Check groups of blocks of about GROUP_BYTES at once; narrow down to the block on a hit.
  const group: u32 = blockBytes >= GROUP_BYTES ? 1 : GROUP_BYTES / blockBytes;
  let bad: i32 = -1;
  for (let b: u32 = 0; b < blocks; b += group) {
    const nb = min(group, blocks - b);
    const p = data + <usize>b * blockBytes;
    if (groupBad(p, nb, blockBytes, entries, nEntries, widths, sets, nSets)) {
      for (let k: u32 = 0; k < nb; k++) {
        if (groupBad(p + <usize>k * blockBytes, 1, blockBytes, entries, nEntries, widths, sets, nSets)) {
          bad = <i32>(b + k);
          break;
        }
      }
      break;
    }
  }
  const clean = bad < 0 ? blocks * rpb : <u32>bad * rpb;
  const nSparse = load<u32>(plan, 24);
  if (nSparse != 0) {
    // The vector stage passed everything before `clean`; only the scalar checks can fail there.
    const r = scanRecords(data, 0, clean, stride, plan + <usize>load<u32>(plan, 28), nSparse);
    if (r >= 0) return r;
  }
  const to = bad < 0 ? count : clean + rpb;
  return scanRecords(data, clean, to, stride, checks, nChecks);
}
