// XXH64 (the 64-bit xxHash used by zstd frames) over linear memory, with native i64 math.
// Streaming: xxh64Reset(seed), xxh64Update(ptr, len) for whole 32-byte stripes, then
// xxh64Digest(ptr, len, total) for the rest. xxh64(ptr, len, seed) is the one-shot form.

// @ts-ignore: decorator
@inline const P1: u64 = 0x9E3779B185EBCA87;
// @ts-ignore: decorator
@inline const P2: u64 = 0xC2B2AE3D27D4EB4F;
// @ts-ignore: decorator
@inline const P3: u64 = 0x165667B19E3779F9;
// @ts-ignore: decorator
@inline const P4: u64 = 0x85EBCA77C2B2AE63;
// @ts-ignore: decorator
@inline const P5: u64 = 0x27D4EB2F165667C5;

let acc1: u64 = 0;
let acc2: u64 = 0;
let acc3: u64 = 0;
let acc4: u64 = 0;
let seed0: u64 = 0;

// @ts-ignore: decorator
@inline function round(acc: u64, lane: u64): u64 {
  return rotl<u64>(acc + lane * P2, 31) * P1;
}

// @ts-ignore: decorator
@inline function mergeRound(h: u64, acc: u64): u64 {
  return (h ^ round(0, acc)) * P1 + P4;
}

/** Starts a streaming hash with `seed`. */
export function xxh64Reset(seed: u64): void {
  seed0 = seed;
  acc1 = seed + P1 + P2;
  acc2 = seed + P2;
  acc3 = seed;
  acc4 = seed - P1;
}

/** Hashes the whole 32-byte stripes of [ptr, ptr + len); `len` must be a multiple of 32. */
export function xxh64Update(ptr: usize, len: usize): void {
  let a = acc1, b = acc2, c = acc3, d = acc4;
  const end = ptr + (len & ~(<usize>31));
  while (ptr < end) {
    a = round(a, load<u64>(ptr));
    b = round(b, load<u64>(ptr, 8));
    c = round(c, load<u64>(ptr, 16));
    d = round(d, load<u64>(ptr, 24));
    ptr += 32;
  }
  acc1 = a; acc2 = b; acc3 = c; acc4 = d;
}

/** Finishes the hash over the last `len` bytes at `ptr`; `total` is the whole input's length. */
export function xxh64Digest(ptr: usize, len: usize, total: u64): u64 {
  const stripes = len & ~(<usize>31);
  xxh64Update(ptr, stripes);
  ptr += stripes;
  const end = ptr + (len & 31);
  let h: u64;
  if (total >= 32) {
    h = rotl<u64>(acc1, 1) + rotl<u64>(acc2, 7) + rotl<u64>(acc3, 12) + rotl<u64>(acc4, 18);
    h = mergeRound(h, acc1);
    h = mergeRound(h, acc2);
    h = mergeRound(h, acc3);
    h = mergeRound(h, acc4);
  } else {
    h = seed0 + P5;
  }
  h += total;
  while (ptr + 8 <= end) {
    h = rotl<u64>(h ^ round(0, load<u64>(ptr)), 27) * P1 + P4;
    ptr += 8;
  }
  if (ptr + 4 <= end) {
    h = rotl<u64>(h ^ (<u64>load<u32>(ptr) * P1), 23) * P2 + P3;
    ptr += 4;
  }
  while (ptr < end) {
    h = rotl<u64>(h ^ (<u64>load<u8>(ptr) * P5), 11) * P1;
    ptr++;
  }
  h ^= h >> 33;
  h *= P2;
  h ^= h >> 29;
  h *= P3;
  h ^= h >> 32;
  return h;
}

/** One-shot XXH64 of [ptr, ptr + len) with `seed`. */
export function xxh64(ptr: usize, len: usize, seed: u64): u64 {
  xxh64Reset(seed);
  return xxh64Digest(ptr, len, <u64>len);
}

/**
 * 1 when XXH64 (seed 0) of [ptr, ptr + len) equals the little-endian u64 stored right after it
 * at ptr + len, else 0: a file's trailer check with no 64-bit value crossing into JS (a BigInt
 * each way otherwise).
 */
export function xxh64Verify(ptr: usize, len: usize): i32 {
  return xxh64(ptr, len, 0) == load<u64>(ptr + len) ? 1 : 0;
}
