// XXH64 in plain JS. 64-bit values are pairs of int32 halves (h, l); multiplications use
// Math.imul for the low halves and one float64 product for the carry into the high half:
// floor(a*b / 2^32) = round((a*b - lo32(a*b)) / 2^32), exact because the double error (<= 2^12)
// is far below 2^31. No BigInt until the final result.

const P1H = 0x9e3779b1 | 0, P1L = 0x85ebca87 | 0, P1LD = 0x85ebca87;
const P2H = 0xc2b2ae3d | 0, P2L = 0x27d4eb4f | 0, P2LD = 0x27d4eb4f;
const P3H = 0x165667b1 | 0, P3L = 0x9e3779f9 | 0;
const P4H = 0x85ebca77 | 0, P4L = 0xc2b2ae63 | 0;
const P5H = 0x27d4eb2f | 0, P5L = 0x165667c5 | 0;
const INV32 = 2.3283064365386963e-10; // 2^-32

// "Return registers" of the 64-bit helpers below (used outside the hot loop only).
let RH = 0, RL = 0;

function mul64(ah: number, al: number, bh: number, bl: number): void {
  const lo = Math.imul(al, bl);
  const carry = ((((al >>> 0) * (bl >>> 0) - (lo >>> 0)) * INV32 + 0.5) | 0);
  RH = (carry + Math.imul(ah, bl) + Math.imul(al, bh)) | 0;
  RL = lo;
}

function add64(ah: number, al: number, bh: number, bl: number): void {
  const l = (al >>> 0) + (bl >>> 0);
  RH = (ah + bh + (l > 0xffffffff ? 1 : 0)) | 0;
  RL = l | 0;
}

function rotl64(h: number, l: number, r: number): void {
  if (r >= 32) { const t = h; h = l; l = t; r -= 32; }
  if (r === 0) { RH = h; RL = l; return; }
  RH = (h << r) | (l >>> (32 - r));
  RL = (l << r) | (h >>> (32 - r));
}

/** acc = rotl(acc + lane * P2, 31) * P1, into RH/RL. */
function round64(ah: number, al: number, lh: number, ll: number): void {
  mul64(lh, ll, P2H, P2L);
  add64(ah, al, RH, RL);
  rotl64(RH, RL, 31);
  mul64(RH, RL, P1H, P1L);
}

/** h = (h ^ round(0, acc)) * P1 + P4, into RH/RL. */
function mergeRound64(hh: number, hl: number, ah: number, al: number): void {
  round64(0, 0, ah, al);
  mul64(hh ^ RH, hl ^ RL, P1H, P1L);
  add64(RH, RL, P4H, P4L);
}

/** h ^= h >>> s (s < 64), into RH/RL. */
function xorShift64(h: number, l: number, s: number): void {
  if (s >= 32) { RH = h; RL = l ^ (h >>> (s - 32)); return; }
  RH = h ^ (h >>> s);
  RL = l ^ ((l >>> s) | (h << (32 - s)));
}

const OUT = new DataView(new ArrayBuffer(8));
/** The four accumulators of `stripes` as (high, low) int32 pairs (shared: callers save and restore them). */
export const ACC = new Int32Array(8);

/**
 * The hot loop: every whole 32-byte stripe of `dv` below `end`, on the accumulators in ACC
 * (h, l pairs). A separate function so that its on-stack-replaced code never reaches the cold
 * code after the loop (which deoptimized on every call when inlined).
 */
export function stripes(dv: DataView, end: number): void {
  let a1h = ACC[0]!, a1l = ACC[1]!, a2h = ACC[2]!, a2l = ACC[3]!, a3h = ACC[4]!, a3l = ACC[5]!, a4h = ACC[6]!, a4l = ACC[7]!;
  let ll: number, lh: number, tl: number, xl: number, xh: number, rl: number, rh: number;
  // Hot loop: four lanes of round64, inlined by hand (see round64 for the plain form).
  for (let i = 0; i < end; i += 32) {
    ll = dv.getInt32(i, true); lh = dv.getInt32(i + 4, true);
    tl = Math.imul(ll, P2L); xl = (a1l + tl) | 0;
    xh = (((((ll >>> 0) * P2LD + (a1l >>> 0) - (xl >>> 0)) * INV32 + 0.5) | 0) + Math.imul(lh, P2L) + Math.imul(ll, P2H) + a1h) | 0;
    rh = (xh << 31) | (xl >>> 1); rl = (xl << 31) | (xh >>> 1);
    a1l = Math.imul(rl, P1L);
    a1h = (((((rl >>> 0) * P1LD - (a1l >>> 0)) * INV32 + 0.5) | 0) + Math.imul(rh, P1L) + Math.imul(rl, P1H)) | 0;

    ll = dv.getInt32(i + 8, true); lh = dv.getInt32(i + 12, true);
    tl = Math.imul(ll, P2L); xl = (a2l + tl) | 0;
    xh = (((((ll >>> 0) * P2LD + (a2l >>> 0) - (xl >>> 0)) * INV32 + 0.5) | 0) + Math.imul(lh, P2L) + Math.imul(ll, P2H) + a2h) | 0;
    rh = (xh << 31) | (xl >>> 1); rl = (xl << 31) | (xh >>> 1);
    a2l = Math.imul(rl, P1L);
    a2h = (((((rl >>> 0) * P1LD - (a2l >>> 0)) * INV32 + 0.5) | 0) + Math.imul(rh, P1L) + Math.imul(rl, P1H)) | 0;

    ll = dv.getInt32(i + 16, true); lh = dv.getInt32(i + 20, true);
    tl = Math.imul(ll, P2L); xl = (a3l + tl) | 0;
    xh = (((((ll >>> 0) * P2LD + (a3l >>> 0) - (xl >>> 0)) * INV32 + 0.5) | 0) + Math.imul(lh, P2L) + Math.imul(ll, P2H) + a3h) | 0;
    rh = (xh << 31) | (xl >>> 1); rl = (xl << 31) | (xh >>> 1);
    a3l = Math.imul(rl, P1L);
    a3h = (((((rl >>> 0) * P1LD - (a3l >>> 0)) * INV32 + 0.5) | 0) + Math.imul(rh, P1L) + Math.imul(rl, P1H)) | 0;

    ll = dv.getInt32(i + 24, true); lh = dv.getInt32(i + 28, true);
    tl = Math.imul(ll, P2L); xl = (a4l + tl) | 0;
    xh = (((((ll >>> 0) * P2LD + (a4l >>> 0) - (xl >>> 0)) * INV32 + 0.5) | 0) + Math.imul(lh, P2L) + Math.imul(ll, P2H) + a4h) | 0;
    rh = (xh << 31) | (xl >>> 1); rl = (xl << 31) | (xh >>> 1);
    a4l = Math.imul(rl, P1L);
    a4h = (((((rl >>> 0) * P1LD - (a4l >>> 0)) * INV32 + 0.5) | 0) + Math.imul(rh, P1L) + Math.imul(rl, P1H)) | 0;
  }
  ACC[0] = a1h; ACC[1] = a1l; ACC[2] = a2h; ACC[3] = a2l; ACC[4] = a3h; ACC[5] = a3l; ACC[6] = a4h; ACC[7] = a4l;
}


/** XXH64 of `data` with `seed` (default 0n), computed in JS; returns the unsigned 64-bit hash. */
export function xxh64Js(data: Uint8Array, seed: bigint = 0n): bigint {
  const len = data.length;
  const dv = new DataView(data.buffer, data.byteOffset, len);
  let sl = 0, sh = 0;
  if (seed !== 0n) {
    OUT.setBigUint64(0, seed, true);
    sl = OUT.getInt32(0, true); sh = OUT.getInt32(4, true);
  }
  let i = 0, hh: number, hl: number;
  if (len >= 32) {
    add64(sh, sl, P1H, P1L); add64(RH, RL, P2H, P2L);
    ACC[0] = RH; ACC[1] = RL;
    add64(sh, sl, P2H, P2L);
    ACC[2] = RH; ACC[3] = RL;
    ACC[4] = sh; ACC[5] = sl;
    add64(sh, sl, ~P1H, ~P1L); add64(RH, RL, 0, 1); // seed - P1
    ACC[6] = RH; ACC[7] = RL;
    i = len & ~31;
    stripes(dv, i);
    mergeAcc();
    hh = RH; hl = RL;
  } else {
    add64(sh, sl, P5H, P5L); hh = RH; hl = RL;
  }
  return finish(hh, hl, data, dv, i, len);
}

/** Merges the four accumulators in ACC into one 64-bit value, into RH/RL. */
function mergeAcc(): void {
  const a1h = ACC[0]!, a1l = ACC[1]!, a2h = ACC[2]!, a2l = ACC[3]!, a3h = ACC[4]!, a3l = ACC[5]!, a4h = ACC[6]!, a4l = ACC[7]!;
  let hh: number, hl: number;
  rotl64(a1h, a1l, 1); hh = RH; hl = RL;
  rotl64(a2h, a2l, 7); add64(hh, hl, RH, RL); hh = RH; hl = RL;
  rotl64(a3h, a3l, 12); add64(hh, hl, RH, RL); hh = RH; hl = RL;
  rotl64(a4h, a4l, 18); add64(hh, hl, RH, RL);
  mergeRound64(RH, RL, a1h, a1l);
  mergeRound64(RH, RL, a2h, a2l);
  mergeRound64(RH, RL, a3h, a3l);
  mergeRound64(RH, RL, a4h, a4l);
}

/** The end of XXH64 from state `h` (hh, hl) over `total` bytes: `data[i, data.length)` (viewed by `dv`) are the last ones, not yet hashed. */
function finish(hh: number, hl: number, data: Uint8Array, dv: DataView, i: number, total: number): bigint {
  const end = data.length;
  add64(hh, hl, (total / 4294967296) | 0, total | 0); hh = RH; hl = RL;
  for (; i + 8 <= end; i += 8) {
    // h = rotl(h ^ round(0, lane), 27) * P1 + P4, inlined (the whole work for short inputs).
    const ll = dv.getInt32(i, true), lh = dv.getInt32(i + 4, true);
    let xl = Math.imul(ll, P2L);
    let xh = (((((ll >>> 0) * P2LD - (xl >>> 0)) * INV32 + 0.5) | 0) + Math.imul(lh, P2L) + Math.imul(ll, P2H)) | 0;
    let rh = (xh << 31) | (xl >>> 1), rl = (xl << 31) | (xh >>> 1);
    xl = Math.imul(rl, P1L);
    xh = (((((rl >>> 0) * P1LD - (xl >>> 0)) * INV32 + 0.5) | 0) + Math.imul(rh, P1L) + Math.imul(rl, P1H)) | 0;
    xh ^= hh; xl ^= hl;
    rh = (xh << 27) | (xl >>> 5); rl = (xl << 27) | (xh >>> 5);
    xl = Math.imul(rl, P1L);
    xh = (((((rl >>> 0) * P1LD - (xl >>> 0)) * INV32 + 0.5) | 0) + Math.imul(rh, P1L) + Math.imul(rl, P1H)) | 0;
    hl = (xl + P4L) | 0;
    hh = (xh + P4H + ((hl >>> 0) < (xl >>> 0) ? 1 : 0)) | 0;
  }
  if (i + 4 <= end) {
    mul64(0, dv.getInt32(i, true), P1H, P1L);
    rotl64(hh ^ RH, hl ^ RL, 23);
    mul64(RH, RL, P2H, P2L); add64(RH, RL, P3H, P3L); hh = RH; hl = RL;
    i += 4;
  }
  for (; i < end; i++) {
    mul64(0, data[i]!, P5H, P5L);
    rotl64(hh ^ RH, hl ^ RL, 11);
    mul64(RH, RL, P1H, P1L); hh = RH; hl = RL;
  }
  xorShift64(hh, hl, 33); mul64(RH, RL, P2H, P2L);
  xorShift64(RH, RL, 29); mul64(RH, RL, P3H, P3L);
  xorShift64(RH, RL, 32);
  OUT.setInt32(0, RL, true);
  OUT.setInt32(4, RH, true);
  return OUT.getBigUint64(0, true);
}

/** XXH64 of `total` bytes (at least 32, seed 0) whose whole stripes are already in ACC and whose last `total % 32` bytes are `tail`. */
export function xxh64Finish(tail: Uint8Array, total: number): bigint {
  mergeAcc();
  return finish(RH, RL, tail, new DataView(tail.buffer, tail.byteOffset, tail.length), 0, total);
}
