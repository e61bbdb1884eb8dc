// Map keys crafted to collide in V8's unseeded number hash (the attack the decode guard stops):
// pick hash outputs whose low bits are all zero and invert V8's integer mixes to get the keys.

const M32 = (1n << 32n) - 1n;
const M64 = (1n << 64n) - 1n;

/** The inverse of odd `a` modulo 2^bits (Newton iteration). */
function inverse(a: bigint, bits: bigint): bigint {
  let x = 1n;
  for (let i = 0; i < 7; i++) x = (x * (2n - a * x)) & ((1n << bits) - 1n);
  return x;
}

/** Undoes `x ^= x >> s` on a `mask`-wide value (each round fixes `s` more high bits). */
function unXorShift(y: bigint, s: bigint, mask: bigint): bigint {
  let x = y;
  for (let i = 0n; i * s < 64n; i++) x = y ^ (x >> s);
  return x & mask;
}

/** The int32 whose ComputeUnseededHash (V8's hash of int32 numbers) is `out`. */
function unhash32(out: bigint): number {
  let h = out & M32;
  h = unXorShift(h, 16n, M32);
  h = (h * inverse(2057n, 32n)) & M32;
  h = unXorShift(h, 4n, M32);
  h = (h * inverse(5n, 32n)) & M32;
  h = unXorShift(h, 12n, M32);
  h = ((h + 1n) * inverse((1n << 15n) - 1n, 32n)) & M32;
  return Number(BigInt.asIntN(32, h));
}

/** The 64-bit value whose ComputeLongHash (V8's hash of doubles' bits and of bigints) is `out`. */
function unhash64(out: bigint): bigint {
  let h = out & M64;
  h = unXorShift(h, 22n, M64);
  h = (h * inverse(65n, 64n)) & M64;
  h = unXorShift(h, 11n, M64);
  h = (h * inverse(21n, 64n)) & M64;
  h = unXorShift(h, 31n, M64);
  return ((h + 1n) * inverse((1n << 18n) - 1n, 64n)) & M64;
}

/**
 * `count` distinct keys of `kind` whose V8 hashes, in tables of up to 2^16 buckets, fall in
 * `buckets` buckets (key j in bucket j % buckets): 1 is the attack, more spreads the chains.
 */
export function collidingKeys(kind: 'i32' | 'u32' | 'f64' | 'u64' | 'i64', count: number, buckets = 1): (number | bigint)[] {
  const out = new Set<number | bigint>();
  const view = new DataView(new ArrayBuffer(8));
  for (let hi = 1n; out.size < count; hi++) {
    const low = BigInt(out.size % buckets);
    if (kind === 'i32' || kind === 'u32') {
      const k = unhash32((hi << 16n) | low);
      if (kind === 'i32' || k >= 0) out.add(k);
      continue;
    }
    const bits = unhash64((((hi * 0x9e3779b97f4an) & ((1n << 48n) - 1n)) << 16n) | low);
    if (kind === 'u64') out.add(bits);
    else if (kind === 'i64') { if (bits < 1n << 63n) out.add(hi % 2n ? -bits : bits); }
    else {
      view.setBigUint64(0, bits);
      const d = view.getFloat64(0);
      if (d === d && (d | 0) !== d) out.add(d);
    }
  }
  return [...out];
}
