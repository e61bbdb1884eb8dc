// XXH64 (seed 0) over bytes that arrive in pieces (encodeStream, decodeStream): the 32-byte stripes
// run through the JS kernel of xxh64-js.ts; the final merge and the last < 32 bytes, done once,
// in BigInt. Gives exactly `xxh64(all bytes)`.

import { ACC, stripes, xxh64Js } from './xxh64-js.ts';

const M64 = (1n << 64n) - 1n;
const P1 = 0x9e3779b185ebca87n, P2 = 0xc2b2ae3d27d4eb4fn, P3 = 0x165667b19e3779f9n, P4 = 0x85ebca77c2b2ae63n, P5 = 0x27d4eb2f165667c5n;

const rotl = (x: bigint, r: bigint): bigint => ((x << r) | (x >> (64n - r))) & M64;
const round = (acc: bigint, lane: bigint): bigint => (rotl((acc + lane * P2) & M64, 31n) * P1) & M64;
const half = (h: number, l: number): bigint => (BigInt(h >>> 0) << 32n) | BigInt(l >>> 0);

/** An incremental XXH64 with seed 0: `update` any number of times, then `digest`. */
export class Xxh64Stream {
  // Accumulators as (high, low) int32 pairs, seed 0: P1 + P2, P2, 0, -P1.
  readonly #acc = Int32Array.of(0x60ea27ee | 0, 0xadc0b5d6 | 0, 0xc2b2ae3d | 0, 0x27d4eb4f | 0, 0, 0, 0x61c8864e | 0, 0x7a143579 | 0);
  readonly #tail = new Uint8Array(32);
  #n = 0;
  #total = 0;

  /** Adds `data` to the hashed bytes. */
  update(data: Uint8Array): void {
    const len = data.length;
    let i = 0;
    if (this.#n > 0) {
      i = Math.min(32 - this.#n, len);
      this.#tail.set(data.subarray(0, i), this.#n);
      this.#n += i;
      if (this.#n < 32) { this.#total += len; return; }
      this.#run(this.#tail, 0, 32);
      this.#n = 0;
    }
    const whole = (len - i) - ((len - i) % 32);
    if (whole > 0) this.#run(data, i, whole);
    i += whole;
    if (i < len) { this.#tail.set(data.subarray(i), 0); this.#n = len - i; }
    this.#total += len;
  }

  #run(d: Uint8Array, at: number, n: number): void {
    ACC.set(this.#acc);
    stripes(new DataView(d.buffer, d.byteOffset + at, n), n);
    this.#acc.set(ACC);
  }

  /** The hash of every byte given so far (unsigned 64-bit). */
  digest(): bigint {
    const tail = this.#tail.subarray(0, this.#n);
    if (this.#total < 32) return xxh64Js(tail);
    const a = this.#acc, v = [half(a[0]!, a[1]!), half(a[2]!, a[3]!), half(a[4]!, a[5]!), half(a[6]!, a[7]!)];
    let h = (rotl(v[0]!, 1n) + rotl(v[1]!, 7n) + rotl(v[2]!, 12n) + rotl(v[3]!, 18n)) & M64;
    for (const x of v) h = (((h ^ round(0n, x)) * P1) + P4) & M64;
    h = (h + BigInt(this.#total)) & M64;
    const dv = new DataView(tail.buffer, tail.byteOffset, tail.length);
    let i = 0;
    for (; i + 8 <= tail.length; i += 8) h = (rotl(h ^ round(0n, dv.getBigUint64(i, true)), 27n) * P1 + P4) & M64;
    if (i + 4 <= tail.length) { h = (rotl(h ^ ((BigInt(dv.getUint32(i, true)) * P1) & M64), 23n) * P2 + P3) & M64; i += 4; }
    for (; i < tail.length; i++) h = (rotl(h ^ ((BigInt(tail[i]!) * P5) & M64), 11n) * P1) & M64;
    h ^= h >> 33n; h = (h * P2) & M64;
    h ^= h >> 29n; h = (h * P3) & M64;
    return h ^ (h >> 32n);
  }
}
