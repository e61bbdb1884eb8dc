// The check a file reader makes: XXH64 of bytes[0, n) against the little-endian trailer at
// bytes[n, n + 8). A small input is copied whole, trailer included, and compared in WASM
// (xxh64Verify): one call, no view of the input, no BigInt either way.

import { getCore, ensureMemory, HASH_CHUNK } from './core.ts';
import { xxh64Wasm } from './xxh64-wasm.ts';
import { xxh64Js } from './xxh64-js.ts';

/**
 * True when XXH64 (seed 0) of `bytes[0, n)` equals the little-endian u64 at `bytes[n, n + 8)`;
 * `view` spans exactly `bytes`, and `n + 8 <= bytes.length`. `wasm`: whether to hash in WASM
 * (the caller's size/mode choice); WASM must then be loaded.
 */
export function xxh64Matches(bytes: Uint8Array, view: DataView, n: number, wasm: boolean): boolean {
  if (!wasm) return xxh64Js(bytes.subarray(0, n)) === view.getBigUint64(n, true);
  const c = getCore()!;
  const len = bytes.length;
  if (len > HASH_CHUNK) return xxh64Wasm(bytes.subarray(0, n)) === view.getBigUint64(n, true);
  // Small input: copy all of it (trailer included: no subarray) and hash the first n bytes.
  // The staging area must hold it (growing it moves the validation plan that follows it).
  if (c.stagingBytes < len) ensureMemory(c, HASH_CHUNK, 0);
  c.bytes.set(bytes, c.staging);
  return c.exports.xxh64Verify(c.staging, n) === 1;
}
