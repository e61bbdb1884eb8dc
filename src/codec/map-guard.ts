// A guard against map keys crafted to collide in the engine's hash table. V8 hashes numbers and
// bigints without a seed (ComputeUnseededHash of int32 values, ComputeLongHash of a double's bits
// or of a bigint's low 64-bit digit), so a file can choose keys that all land in one bucket and make
// building the decoded Map quadratic (1 MB of f64 keys: 22 s). The guard computes the same hash
// and keeps, per bucket of a table never larger than V8's (a power of two <= size / 2, while V8
// keeps >= size / 2 buckets), how many distinct keys are there: that bounds the chain V8 walks for
// each insert from above. Past MAX_PROBES per key on average it fails with LIMIT_EXCEEDED, so
// decoding stays linear (at most that many probes per key). Ordinary keys (sequences, steps,
// timestamps, ids, random) average 2-4; the bound only depends on the keys (deterministic), never
// on timing. Other engines hash differently: there the guard costs a little and protects nothing.

import { SavepackError } from '../errors.ts';

/** Maps with at most this many entries are not guarded (at most SMALL_MAP / 2 = MAX_PROBES probes per key). */
const SMALL_MAP = 32;
/** Average hash-chain probes per key a decoded map may cost before decode fails (ordinary keys: 2-4, at most ~7). */
export const MAX_PROBES = 16;

// The hash works on the bits of the key: scratch views over one 8-byte buffer.
const scratch = new ArrayBuffer(8);
const f64 = new Float64Array(scratch);
const u64 = new BigUint64Array(scratch);
const u32 = new Uint32Array(scratch);
const LO = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1 ? 0 : 1;

// Integer hashing in 32-bit arithmetic: `| 0`, `>>> 0` and Math.imul wrap on purpose here (they
// act on a key's bits, never on an offset or a length).

/** V8's ComputeUnseededHash of an int32 (Thomas Wang's 32-bit mix), 30 bits. */
function hash32(k: number): number {
  let h = k | 0;
  h = (~h + (h << 15)) | 0;
  h ^= h >>> 12;
  h = (h + (h << 2)) | 0;
  h ^= h >>> 4;
  h = Math.imul(h, 2057);
  h ^= h >>> 16;
  return h & 0x3fffffff;
}

/** V8's ComputeLongHash of the 64-bit value in u32[LO], u32[1 - LO], 30 bits. */
function hash64(): number {
  let lo = u32[LO]!, hi = u32[1 - LO]!;
  // h = ~h + (h << 18)
  const alo = ~lo >>> 0, blo = (lo << 18) >>> 0;
  const sum = alo + blo;
  hi = ((~hi >>> 0) + (((hi << 18) | (lo >>> 14)) >>> 0) + (sum > 0xffffffff ? 1 : 0)) >>> 0;
  lo = sum >>> 0;
  // h ^= h >> 31
  lo = (lo ^ ((lo >>> 31) | (hi << 1))) >>> 0; hi = (hi ^ (hi >>> 31)) >>> 0;
  // h *= 21
  let p = lo * 21;
  hi = (Math.imul(hi, 21) + Math.floor(p / 4294967296)) >>> 0; lo = p >>> 0;
  // h ^= h >> 11
  lo = (lo ^ ((lo >>> 11) | (hi << 21))) >>> 0; hi = (hi ^ (hi >>> 11)) >>> 0;
  // h += h << 6 (h *= 65)
  p = lo * 65;
  hi = (Math.imul(hi, 65) + Math.floor(p / 4294967296)) >>> 0; lo = p >>> 0;
  // h ^= h >> 22 (only the low 30 bits are kept)
  return (lo ^ ((lo >>> 22) | (hi << 10))) & 0x3fffffff;
}

/** V8's hash of a Map key, or -1 for keys whose hash is seeded or random (strings, objects) or that are all one key (NaN). */
function keyHash(k: unknown): number {
  if (typeof k === 'number') {
    if ((k | 0) === k) return hash32(k); // every int32 value, -0 included (SameValueZero)
    if (k !== k) return -1;
    f64[0] = k;
    return hash64();
  }
  if (typeof k === 'bigint') {
    if (k === 0n) return 0;
    u64[0] = k < 0n ? -k : k; // the low 64 bits of the magnitude
    return hash64();
  }
  return -1;
}

/** Counts the hash-chain probes of one map being decoded; fails when they grow faster than linearly. */
export class KeyGuard {
  /** Hashes of the distinct number/bigint keys so far (to recount when the table doubles). */
  #hashes = new Int32Array(SMALL_MAP * 2);
  /** Distinct keys per bucket of a table of `mask + 1` buckets. */
  #counts = new Int32Array(1);
  #mask = 0;
  #len = 0;
  #size = 0;
  #inserts = 0;
  #probes = 0;

  /** Records that key `k` was just set and the map now has `size` keys. */
  add(k: unknown, size: number): void {
    const isNew = size !== this.#size;
    this.#size = size;
    const h = keyHash(k);
    if (h < 0) return;
    this.#inserts++;
    if (!isNew) {
      // An existing key: the lookup walked at most its bucket.
      this.#probes += this.#counts[h & this.#mask]!;
    } else {
      const len = ++this.#len;
      if (len >= 4 * (this.#mask + 1)) this.#grow(len);
      if (len > this.#hashes.length) { const next = new Int32Array(this.#hashes.length * 2); next.set(this.#hashes); this.#hashes = next; }
      this.#hashes[len - 1] = h;
      this.#probes += this.#counts[h & this.#mask]!++;
    }
    if (this.#probes > this.#inserts * MAX_PROBES) {
      throw new SavepackError('LIMIT_EXCEEDED', `map keys collide in the hash table (${this.#probes} probes for ${this.#inserts} keys): insertion cost is growing quadratically`);
    }
  }

  /** Recounts with the largest power-of-two table <= len / 2 (V8 keeps at least size / 2 buckets). */
  #grow(len: number): void {
    let m = this.#mask + 1;
    while (m * 4 <= len) m *= 2;
    const counts = new Int32Array(m), hashes = this.#hashes, mask = m - 1;
    for (let i = 0; i < len - 1; i++) counts[hashes[i]! & mask]!++;
    this.#counts = counts;
    this.#mask = mask;
  }
}

/** A guard for a map of `n` declared entries, or undefined when it is too small to need one. */
export function keyGuard(n: number): KeyGuard | undefined {
  return n > SMALL_MAP ? new KeyGuard() : undefined;
}
