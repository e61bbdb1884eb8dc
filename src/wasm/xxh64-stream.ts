// XXH64 (seed 0) over bytes that arrive in pieces (encodeStream, decodeStream): the 32-byte stripes
// run through the JS kernel of xxh64-js.ts, and so do the final merge and the last < 32 bytes
// (xxh64Finish). Gives exactly `xxh64(all bytes)`.

import { ACC, stripes, xxh64Finish, xxh64Js } from './xxh64-js.ts';

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
    ACC.set(this.#acc);
    return xxh64Finish(tail, this.#total);
  }
}
