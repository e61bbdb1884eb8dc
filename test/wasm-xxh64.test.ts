// XXH64 in the WASM core and its JS fallback: published vectors, a BigInt reference, every length
// and unaligned offset, forced kernel modes; plus the base64 decoder of the embedded core.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import { kernelStatus, resetKernelsForTests, setKernelMode, xxh64 } from '../src/wasm/index.ts';
import { xxh64Js } from '../src/wasm/xxh64-js.ts';
import { xxh64Wasm } from '../src/wasm/xxh64-wasm.ts';
import { HASH_CHUNK, STAGING_CHUNK } from '../src/wasm/core.ts';
import { decodeBase64 } from '../src/wasm/base64.ts';
import { xxh64Matches } from '../src/wasm/xxh64-check.ts';
import { HAS_WASM, at, bytes, wasmTest } from './helpers/wasm-cases.ts';

const PRIME32 = 2654435761n;
const PRIME64 = 11400714785074694797n;
const M64 = (1n << 64n) - 1n;

/** The xxhsum sanity buffer (cli/xsum_sanity_check.c: XSUM_fillTestBuffer). */
function sanityBuffer(len: number): Uint8Array {
  const b = new Uint8Array(len);
  let gen = PRIME32;
  for (let i = 0; i < len; i++) {
    b[i] = Number(gen >> 56n);
    gen = (gen * PRIME64) & M64;
  }
  return b;
}

/** Straightforward BigInt XXH64 (the spec, no tricks): a third opinion for both kernels. */
function xxh64Ref(d: Uint8Array, seed = 0n): bigint {
  const P1 = 0x9e3779b185ebca87n, P2 = 0xc2b2ae3d27d4eb4fn, P3 = 0x165667b19e3779f9n;
  const P4 = 0x85ebca77c2b2ae63n, P5 = 0x27d4eb2f165667c5n;
  const rotl = (x: bigint, r: bigint) => ((x << r) | (x >> (64n - r))) & M64;
  const dv = new DataView(d.buffer, d.byteOffset, d.length);
  const round = (acc: bigint, lane: bigint) => (rotl((acc + lane * P2) & M64, 31n) * P1) & M64;
  seed &= M64;
  let i = 0, h: bigint;
  if (d.length >= 32) {
    const v = [(seed + P1 + P2) & M64, (seed + P2) & M64, seed, (seed - P1) & M64];
    for (; i + 32 <= d.length; i += 32) for (let k = 0; k < 4; k++) v[k] = round(v[k]!, dv.getBigUint64(i + 8 * k, true));
    h = (rotl(v[0]!, 1n) + rotl(v[1]!, 7n) + rotl(v[2]!, 12n) + rotl(v[3]!, 18n)) & M64;
    for (const x of v) h = (((h ^ round(0n, x)) * P1) + P4) & M64;
  } else h = (seed + P5) & M64;
  h = (h + BigInt(d.length)) & M64;
  for (; i + 8 <= d.length; i += 8) h = ((rotl(h ^ round(0n, dv.getBigUint64(i, true)), 27n) * P1) + P4) & M64;
  if (i + 4 <= d.length) { h = ((rotl(h ^ ((BigInt(dv.getUint32(i, true)) * P1) & M64), 23n) * P2) + P3) & M64; i += 4; }
  for (; i < d.length; i++) h = (rotl(h ^ ((BigInt(d[i]!) * P5) & M64), 11n) * P1) & M64;
  h ^= h >> 33n; h = (h * P2) & M64; h ^= h >> 29n; h = (h * P3) & M64; h ^= h >> 32n;
  return h;
}

const te = new TextEncoder();
const VECTORS: [string, Uint8Array, bigint, bigint][] = [
  ['empty', new Uint8Array(0), 0n, 0xef46db3751d8e999n],
  ['"a"', te.encode('a'), 0n, 0xd24ec4f1a98c6e5bn],
  ['"abc"', te.encode('abc'), 0n, 0x44bc2cf5ad770999n],
  // xxHash cli/xsum_sanity_check.c XSUM_XXH64_testdata
  ['sanity 0 / PRIME32', sanityBuffer(0), PRIME32, 0xac75fda2929b17efn],
  ['sanity 1', sanityBuffer(1), 0n, 0xe934a84adb052768n],
  ['sanity 1 / PRIME32', sanityBuffer(1), PRIME32, 0x5014607643a9b4c3n],
  ['sanity 4', sanityBuffer(4), 0n, 0x9136a0dca57457een],
  ['sanity 14', sanityBuffer(14), 0n, 0x8282dcc4994e35c8n],
  ['sanity 14 / PRIME32', sanityBuffer(14), PRIME32, 0xc3bd6bf63deb6df0n],
  ['sanity 222', sanityBuffer(222), 0n, 0xb641ae8cb691c174n],
  ['sanity 222 / PRIME32', sanityBuffer(222), PRIME32, 0x20cb8ab7ae10c14an],
];

test.after.each(() => resetKernelsForTests());

wasmTest('kernelStatus: WASM with SIMD on Node', () => {
  assert.equal(kernelStatus(), { wasm: true, simd: true });
  setKernelMode('js');
  assert.is(kernelStatus().wasm, false);
  assert.match(kernelStatus().reason ?? '', /forced to 'js'/);
});

test('base64 decoder matches Buffer', () => {
  for (const len of [0, 1, 2, 3, 4, 5, 100, 1001]) {
    const b = bytes(len, len + 3);
    const s = Buffer.from(b).toString('base64');
    assert.equal(decodeBase64(s), new Uint8Array(b));
    assert.equal(decodeBase64(s.replace(/=+$/, '')), new Uint8Array(b));
  }
  assert.throws(() => decodeBase64('ab$d'), /invalid base64/);
});

test('xxh64: published test vectors, JS, WASM, auto and the BigInt reference', () => {
  for (const [name, data, seed, want] of VECTORS) {
    assert.is(xxh64Js(data, seed), want, `JS ${name}`);
    if (HAS_WASM) assert.is(xxh64Wasm(data, seed), want, `WASM ${name}`);
    assert.is(xxh64(data, seed), want, `auto ${name}`);
    assert.is(xxh64Ref(data, seed), want, `reference ${name}`);
  }
});

const LENGTHS = [0, 1, 3, 4, 7, 8, 9, 15, 16, 31, 32, 33, 63, 64, 65, 100, 255, 4095, 4096, 4097,
  STAGING_CHUNK - 1, STAGING_CHUNK, STAGING_CHUNK + 1, 2 * STAGING_CHUNK + 33,
  HASH_CHUNK - 1, HASH_CHUNK, HASH_CHUNK + 1, 2 * HASH_CHUNK + 33, (1 << 20) + 3];

wasmTest('xxh64: JS and WASM agree at every length, unaligned offsets and seeds', () => {
  const src = bytes((1 << 20) + 64, 7);
  for (const len of LENGTHS) {
    for (const off of [0, 1, 3, 5]) {
      const d = at(off, src.subarray(off, off + len));
      for (const seed of [0n, PRIME32, M64, -1n, 1n << 63n]) {
        if (len > 70_000 && seed !== 0n) continue;
        const js = xxh64Js(d, seed);
        assert.is(xxh64Wasm(d, seed), js, `len ${len} offset ${off} seed ${seed}`);
        if (len <= 4097 && off === 1) assert.is(js, xxh64Ref(d, seed), `reference len ${len}`);
      }
    }
  }
  assert.is(xxh64Js(src, -1n), xxh64Js(src, M64), 'seed is taken mod 2^64');
});

test('xxh64: random inputs against the BigInt reference (fast-check)', () => {
  fc.assert(fc.property(fc.uint8Array({ maxLength: 300 }), fc.bigInt({ min: 0n, max: M64 }), (d, seed) => {
    const want = xxh64Ref(d, seed);
    return xxh64Js(d, seed) === want && (!HAS_WASM || xxh64Wasm(d, seed) === want);
  }), { numRuns: 300 });
});

test('xxh64: forced modes give the same hash', () => {
  const d = bytes(5000, 9);
  setKernelMode('js');
  const a = xxh64(d.subarray(1));
  setKernelMode('wasm');
  assert.is(xxh64(d.subarray(1)), a);
  setKernelMode('auto');
  assert.is(xxh64(d.subarray(1)), a);
  assert.throws(() => setKernelMode('fast' as never), RangeError);
});

wasmTest('xxh64Matches: a trailer check agrees with the JS hash for every length, and any flipped bit fails it', () => {
  const src = bytes(HASH_CHUNK + 200, 11);
  for (const n of [0, 1, 7, 8, 31, 32, 33, 100, 4096, STAGING_CHUNK + 5, HASH_CHUNK - 8, HASH_CHUNK + 100]) {
    const file = new Uint8Array(n + 8 + (n % 3));
    file.set(src.subarray(0, n));
    const view = new DataView(file.buffer);
    view.setBigUint64(n, xxh64Js(file.subarray(0, n)), true);
    assert.ok(xxh64Matches(file, view, n, true), `length ${n}: matches`);
    for (const at of [0, n >> 1, n - 1, n, n + 7]) {
      if (at < 0) continue;
      file[at]! ^= 0x10;
      assert.not.ok(xxh64Matches(file, view, n, true), `length ${n}: bit flipped at ${at}`);
      file[at]! ^= 0x10;
    }
  }
});

test.run();
