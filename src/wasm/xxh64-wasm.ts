// XXH64 through the WASM core: the input is copied into WASM memory in chunks of HASH_CHUNK bytes.

import { ensureMemory, requireCore, HASH_CHUNK } from './core.ts';

/** XXH64 of `data` with `seed` (default 0n) in the WASM core; throws when WASM is unavailable. */
export function xxh64Wasm(data: Uint8Array, seed: bigint = 0n): bigint {
  const c = requireCore();
  const ex = c.exports;
  ensureMemory(c, HASH_CHUNK, 0);
  const len = data.length, at = c.staging;
  if (len <= HASH_CHUNK) {
    c.bytes.set(data, at);
    return BigInt.asUintN(64, ex.xxh64(at, len, seed));
  }
  ex.xxh64Reset(seed);
  let off = 0;
  for (; len - off > HASH_CHUNK; off += HASH_CHUNK) {
    c.bytes.set(data.subarray(off, off + HASH_CHUNK), at);
    ex.xxh64Update(at, HASH_CHUNK);
  }
  c.bytes.set(data.subarray(off), at);
  return BigInt.asUintN(64, ex.xxh64Digest(at, len - off, BigInt(len)));
}
