// The WASM core and its JS fallbacks: same results on the same inputs, published XXH64 vectors,
// first-bad-record indices, the non-SIMD build, and WebAssembly missing.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { execFileSync } from 'node:child_process';
import fc from 'fast-check';
import {
  findInvalidRecord, kernelStatus, resetKernelsForTests, setKernelMode, xxh64, type FieldCheck,
} from '../src/wasm/index.ts';
import { xxh64Js } from '../src/wasm/xxh64-js.ts';
import { xxh64Wasm } from '../src/wasm/xxh64-wasm.ts';
import { findInvalidRecordJs } from '../src/wasm/validate-js.ts';
import { findInvalidRecordWasm } from '../src/wasm/validate-wasm.ts';
import { STAGING_CHUNK } from '../src/wasm/core.ts';
import { decodeBase64 } from '../src/wasm/base64.ts';
import { buildWasmPlan } from '../src/wasm/validate-plan.ts';

/**
 * Whether this process has WebAssembly. A preload (test/helpers/no-wasm.mjs, matched by a loose
 * `uvu test wasm` pattern too) may have removed it: the WASM-only tests are then skipped, the rest
 * still check the JS kernels. Run this file alone with: uvu test "^wasm\.test\.ts$".
 */
const HAS_WASM = typeof globalThis.WebAssembly !== 'undefined';
const wasmTest = HAS_WASM ? test : test.skip;
if (!HAS_WASM) console.warn('wasm.test.ts: WebAssembly is not available in this process; WASM-only tests are skipped');

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

/** Deterministic pseudo-random bytes. */
function bytes(len: number, seed = 1): Uint8Array {
  const b = new Uint8Array(len);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < len; i++) { x ^= x << 13; x ^= x >>> 17; x ^= x << 5; b[i] = x; }
  return b;
}

/** `len` bytes starting `offset` bytes into a larger buffer (unaligned views). */
function at(offset: number, src: Uint8Array): Uint8Array {
  const big = new Uint8Array(offset + src.length + 5);
  big.set(src, offset);
  return big.subarray(offset, offset + src.length);
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
  STAGING_CHUNK - 1, STAGING_CHUNK, STAGING_CHUNK + 1, 2 * STAGING_CHUNK + 33, (1 << 20) + 3];

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

// ---- validation ----

type Impl = (data: Uint8Array, count: number, stride: number, checks: readonly FieldCheck[]) => number;
const IMPLS: [string, Impl][] = HAS_WASM
  ? [['JS', findInvalidRecordJs], ['WASM', findInvalidRecordWasm], ['auto', findInvalidRecord]]
  : [['JS', findInvalidRecordJs], ['auto', findInvalidRecord]];

interface Case { name: string; stride: number; checks: FieldCheck[]; fill: (rec: DataView) => void; bad: (rec: DataView) => void }

const CASES: Case[] = [
  { name: 'stride 1 bool = 2', stride: 1, checks: [{ offset: 0, size: 1, max: 1 }],
    fill: (r) => r.setUint8(0, 1), bad: (r) => r.setUint8(0, 2) },
  { name: 'stride 1 bool = 255', stride: 1, checks: [{ offset: 0, size: 1, max: 1 }],
    fill: (r) => r.setUint8(0, 0), bad: (r) => r.setUint8(0, 255) },
  { name: 'stride 3 enum out of range', stride: 3, checks: [{ offset: 2, size: 1, max: 4 }],
    fill: (r) => { r.setUint16(0, 0xffff); r.setUint8(2, 4); }, bad: (r) => r.setUint8(2, 5) },
  { name: 'stride 3 u16 enum at odd offset', stride: 3, checks: [{ offset: 1, size: 2, max: 300 }],
    fill: (r) => { r.setUint8(0, 0xff); r.setUint16(1, 300, true); }, bad: (r) => r.setUint16(1, 301, true) },
  { name: 'stride 8 bool + enum', stride: 8, checks: [{ offset: 4, size: 1, max: 1 }, { offset: 5, size: 1, max: 2 }],
    fill: (r) => { r.setUint32(0, 0xffffffff); r.setUint8(4, 1); r.setUint8(5, 2); r.setUint16(6, 0xffff); },
    bad: (r) => r.setUint8(5, 3) },
  { name: 'stride 8 second bool = 2', stride: 8, checks: [{ offset: 4, size: 1, max: 1 }, { offset: 5, size: 1, max: 1 }],
    fill: (r) => { r.setUint8(4, 1); r.setUint8(5, 0); }, bad: (r) => r.setUint8(5, 2) },
  { name: 'stride 8 u32 enum', stride: 8, checks: [{ offset: 4, size: 4, max: 70000 }],
    fill: (r) => { r.setUint32(0, 0xffffffff); r.setUint32(4, 70000, true); }, bad: (r) => r.setUint32(4, 70001, true) },
  { name: 'stride 8 u32 enum, huge value', stride: 8, checks: [{ offset: 4, size: 4, max: 9 }],
    fill: (r) => r.setUint32(4, 9, true), bad: (r) => r.setUint32(4, 0x80000000, true) },
  { name: 'stride 8 u16 enum', stride: 8, checks: [{ offset: 6, size: 2, max: 1000 }],
    fill: (r) => r.setUint16(6, 999, true), bad: (r) => r.setUint16(6, 0x8000, true) },
  { name: 'stride 24 sparse u8 enum', stride: 24, checks: [{ offset: 16, size: 1, max: 10, allowed: [0, 5, 10] }],
    fill: (r) => { r.setFloat64(0, 1.5); r.setUint8(16, 5); r.setUint8(17, 99); }, bad: (r) => r.setUint8(16, 4) },
  { name: 'stride 24 sparse u8 enum above max', stride: 24, checks: [{ offset: 16, size: 1, max: 10, allowed: [0, 5, 10] }],
    fill: (r) => r.setUint8(16, 10), bad: (r) => r.setUint8(16, 11) },
  { name: 'stride 24 mixed: bool, u16, sparse u32', stride: 24,
    checks: [{ offset: 0, size: 1, max: 1 }, { offset: 2, size: 2, max: 2 }, { offset: 8, size: 4, max: 0x10000000, allowed: [1, 100000, 0x10000000] }],
    fill: (r) => { r.setUint8(0, 1); r.setUint16(2, 2, true); r.setUint32(8, 100000, true); r.setUint32(4, 0xffffffff); },
    bad: (r) => r.setUint32(8, 100001, true) },
  { name: 'stride 24 mixed: u16 out of range', stride: 24,
    checks: [{ offset: 0, size: 1, max: 1 }, { offset: 2, size: 2, max: 2 }, { offset: 8, size: 4, max: 0x10000000, allowed: [1, 100000, 0x10000000] }],
    fill: (r) => { r.setUint8(0, 0); r.setUint16(2, 0, true); r.setUint32(8, 1, true); },
    bad: (r) => r.setUint16(2, 3, true) },
  { name: 'stride 5 u32 at offset 1', stride: 5, checks: [{ offset: 1, size: 4, max: 65536 }],
    fill: (r) => { r.setUint8(0, 7); r.setUint32(1, 65536, true); }, bad: (r) => r.setUint32(1, 65537, true) },
  { name: 'stride 4 u16 at odd offset (not vectorizable)', stride: 4, checks: [{ offset: 1, size: 2, max: 5 }],
    fill: (r) => r.setUint16(1, 5, true), bad: (r) => r.setUint16(1, 256, true) },
  { name: 'stride 2 sparse u16 set', stride: 2, checks: [{ offset: 0, size: 2, max: 0, allowed: [3, 60000] }],
    fill: (r) => r.setUint16(0, 60000, true), bad: (r) => r.setUint16(0, 0, true) },
  { name: 'stride 3 sparse u16 at odd offset', stride: 3, checks: [{ offset: 1, size: 2, max: 70, allowed: [7, 70] }],
    fill: (r) => { r.setUint8(0, 1); r.setUint16(1, 70, true); }, bad: (r) => r.setUint16(1, 71, true) },
  { name: 'stride 4 sparse u8, 12 values (scalar stage)', stride: 4,
    checks: [{ offset: 3, size: 1, max: 200, allowed: [0, 2, 4, 8, 16, 32, 64, 100, 128, 150, 170, 200] }],
    fill: (r) => { r.setUint8(0, 9); r.setUint8(3, 170); }, bad: (r) => r.setUint8(3, 171) },
  { name: 'stride 8 sparse u32, huge values', stride: 8, checks: [{ offset: 4, size: 4, max: 0xffffffff, allowed: [0xffffffff, 0x80000000] }],
    fill: (r) => r.setUint32(4, 0x80000000, true), bad: (r) => r.setUint32(4, 0x80000001, true) },
  { name: 'stride 12 many checks', stride: 12,
    checks: Array.from({ length: 12 }, (_, i) => ({ offset: i, size: 1 as const, max: i + 1 })),
    fill: (r) => { for (let i = 0; i < 12; i++) r.setUint8(i, i); }, bad: (r) => r.setUint8(7, 9) },
  { name: 'stride 100 (scalar only) bool', stride: 100, checks: [{ offset: 99, size: 1, max: 1 }],
    fill: (r) => r.setUint8(99, 1), bad: (r) => r.setUint8(99, 2) },
  { name: 'stride 1000 enum', stride: 1000, checks: [{ offset: 500, size: 2, max: 3 }],
    fill: (r) => r.setUint16(500, 3, true), bad: (r) => r.setUint16(500, 4, true) },
];

function records(c: Case, count: number, offset: number): { data: Uint8Array; view: (i: number) => DataView } {
  const buf = new Uint8Array(offset + count * c.stride + 7).fill(0xa5);
  const data = buf.subarray(offset, offset + count * c.stride + 3);
  const view = (i: number) => new DataView(data.buffer, data.byteOffset + i * c.stride, c.stride);
  for (let i = 0; i < count; i++) c.fill(view(i));
  return { data, view };
}

function checkCase(c: Case, count: number, offset: number): void {
  const { data, view } = records(c, count, offset);
  for (const [name, f] of IMPLS) assert.is(f(data, count, c.stride, c.checks), -1, `${c.name}: ${name}, all valid, count ${count}`);
  const positions = [...new Set([0, count >> 1, count - 1, Math.min(count - 1, 4096)])].filter((p) => p >= 0);
  for (const p of positions) {
    const { data: d, view: v } = records(c, count, offset);
    c.bad(v(p));
    for (const [name, f] of IMPLS) assert.is(f(d, count, c.stride, c.checks), p, `${c.name}: ${name}, bad at ${p} of ${count}, offset ${offset}`);
    // Two bad records: the first one wins.
    if (p + 1 < count) {
      c.bad(v(count - 1));
      for (const [name, f] of IMPLS) assert.is(f(d, count, c.stride, c.checks), p, `${c.name}: ${name}, first of two bad`);
    }
  }
  void view;
}

for (const build of HAS_WASM ? ['SIMD', 'scalar'] as const : ['no WASM'] as const) {
  test(`validation (${build} build): first bad record, every case, counts and offsets`, () => {
    resetKernelsForTests({ scalar: build === 'scalar' });
    assert.is(kernelStatus().simd, build === 'SIMD');
    for (const c of CASES) {
      for (const count of [1, 2, 7, 33, 4097]) {
        for (const offset of [0, 3]) checkCase(c, count, offset);
      }
    }
  });

  test(`validation (${build} build): many chunks, bad record near chunk boundaries`, () => {
    resetKernelsForTests({ scalar: build === 'scalar' });
    for (const c of [CASES[0]!, CASES[2]!, CASES[4]!, CASES[9]!, CASES[11]!]) {
      const count = Math.ceil(((1 << 20) + 3) / c.stride);
      const { data, view } = records(c, count, 1);
      const perChunk = Math.floor(STAGING_CHUNK / c.stride);
      for (const p of [perChunk - 1, perChunk, perChunk + 1, 3 * perChunk + 5, count - 1]) {
        const dv = view(p);
        const saved = new Uint8Array(dv.buffer, dv.byteOffset, c.stride).slice();
        c.bad(dv);
        for (const [name, f] of IMPLS) assert.is(f(data, count, c.stride, c.checks), p, `${c.name}: ${name} bad at ${p}`);
        new Uint8Array(dv.buffer, dv.byteOffset, c.stride).set(saved);
      }
      for (const [name, f] of IMPLS) assert.is(f(data, count, c.stride, c.checks), -1, `${c.name}: ${name} restored`);
    }
  });

  (HAS_WASM ? test : test.skip)(`validation (${build} build): random schemas and data agree with JS (fast-check)`, () => {
    resetKernelsForTests({ scalar: build === 'scalar' });
    const arb = fc.integer({ min: 1, max: 40 }).chain((stride) => fc.record({
      stride: fc.constant(stride),
      checks: fc.array(fc.constantFrom<1 | 2 | 4>(1, 2, 4).chain((size) => fc.record({
        offset: fc.integer({ min: 0, max: Math.max(0, stride - size) }),
        size: fc.constant(size),
        max: fc.integer({ min: 0, max: size === 1 ? 255 : size === 2 ? 65535 : 2 ** 32 - 1 }),
        allowed: fc.option(fc.array(fc.integer({ min: 0, max: 300 }), { maxLength: 12 }), { nil: undefined }),
      })).filter((ch) => ch.offset + ch.size <= stride), { maxLength: 5 }),
      count: fc.integer({ min: 0, max: 300 }),
      seed: fc.integer({ min: 1, max: 1 << 30 }),
      density: fc.integer({ min: 0, max: 3 }),
    }));
    fc.assert(fc.property(arb, ({ stride, checks, count, seed, density }) => {
      // Mostly small bytes so that many records pass and the first failure lands anywhere.
      const data = bytes(count * stride, seed).map((b) => (b < 250 ? b & (density === 0 ? 0 : (1 << density) - 1) : b));
      const js = findInvalidRecordJs(data, count, stride, checks);
      const wasm = findInvalidRecordWasm(data, count, stride, checks);
      if (js !== wasm) throw new Error(`stride ${stride} count ${count} checks ${JSON.stringify(checks)}: JS ${js} WASM ${wasm}`);
    }), { numRuns: 400 });
  });
}

test('plans: the SIMD stage covers the usual layouts, only what it cannot goes scalar', () => {
  const header = (checks: FieldCheck[], stride: number) => {
    const p = buildWasmPlan(checks, stride, 16);
    const dv = new DataView(p.bytes.buffer);
    return { rpb: dv.getUint32(0, true), entries: dv.getUint32(8, true), scalar: dv.getUint32(24, true), sets: dv.getUint32(36, true) };
  };
  assert.equal(header([{ offset: 0, size: 1, max: 1 }], 1), { rpb: 16, entries: 1, scalar: 0, sets: 0 });
  assert.equal(header(CASES[4]!.checks, 8), { rpb: 2, entries: 1, scalar: 0, sets: 0 });
  assert.equal(header(CASES[11]!.checks, 24), { rpb: 2, entries: 2, scalar: 0, sets: 2 });
  assert.equal(header(CASES[3]!.checks, 3).scalar, 0, 'u16 at odd offsets: unaligned vector loads');
  assert.equal(header([{ offset: 1, size: 2, max: 5 }], 4).rpb, 0, 'cannot place: scalar only');
  assert.equal(header([{ offset: 0, size: 1, max: 1 }, { offset: 1, size: 2, max: 5 }], 4).scalar, 1, 'cannot place one check: it goes scalar');
  assert.equal(header([{ offset: 0, size: 1, max: 9, allowed: [1, 2, 3, 4, 5, 6, 7, 8, 9] }], 2).scalar, 1, 'large set: scalar');
  assert.equal(header([{ offset: 0, size: 1, max: 1 }], 1000).rpb, 0, 'long blocks: scalar only');
  assert.is(buildWasmPlan([{ offset: 0, size: 1, max: 1 }], 8, 8).bytes.length > 0, true);
});

test('validation: edge cases of checks', () => {
  const d = new Uint8Array([0, 1, 2, 3, 4, 5, 6, 7]);
  for (const [name, f] of IMPLS) {
    assert.is(f(d, 8, 1, []), -1, `${name}: no checks`);
    assert.is(f(d, 0, 1, [{ offset: 0, size: 1, max: 0 }]), -1, `${name}: no records`);
    assert.is(f(d, 8, 1, [{ offset: 0, size: 1, max: 255 }]), -1, `${name}: max 255 is no check`);
    assert.is(f(d, 8, 1, [{ offset: 0, size: 1, max: 3, allowed: [0, 1, 2, 3] }]), 4, `${name}: dense set`);
    assert.is(f(d, 8, 1, [{ offset: 0, size: 1, max: 9, allowed: [] }]), 0, `${name}: empty set`);
    assert.is(f(d, 8, 1, [{ offset: 0, size: 1, max: -1 }]), 0, `${name}: negative max`);
    assert.is(f(d, 4, 2, [{ offset: 1, size: 1, max: 4 }]), 2, `${name}: stride 2 offset 1`);
    assert.is(f(d, 8, 1, [{ offset: 0, size: 1, max: 0, allowed: [1, 0] }]), 2, `${name}: allowed decides, not max`);
    assert.throws(() => f(d, 9, 1, []), RangeError, `${name}: records beyond data`);
    assert.throws(() => f(d, 4, 2, [{ offset: 1, size: 2, max: 1 }]), RangeError, `${name}: check beyond record`);
    assert.throws(() => f(d, 1, 0, []), RangeError, `${name}: stride 0`);
    assert.throws(() => f(d, 1, 1, [{ offset: 0, size: 3 as 1, max: 1 }]), RangeError, `${name}: size 3`);
  }
});

wasmTest('validation: a record larger than the staging chunk grows WASM memory', () => {
  const stride = STAGING_CHUNK * 2 + 8, count = 3;
  const d = new Uint8Array(stride * count);
  const checks: FieldCheck[] = [{ offset: stride - 1, size: 1, max: 1 }];
  d[stride * 2 + stride - 1] = 2;
  for (const [name, f] of IMPLS) assert.is(f(d, count, stride, checks), 2, name);
  assert.is(xxh64Wasm(d), xxh64Js(d), 'xxh64 after the grow');
});

test('WebAssembly removed before first use: same results, and kernelStatus says why', () => {
  const saved = globalThis.WebAssembly;
  const d = bytes(100_000, 5);
  const hash = xxh64Js(d);
  const c = CASES[4]!;
  const { data, view } = records(c, 20_000, 1);
  c.bad(view(12_345));
  try {
    delete (globalThis as { WebAssembly?: unknown }).WebAssembly;
    resetKernelsForTests();
    assert.is(xxh64(d), hash);
    setKernelMode('wasm');
    assert.is(xxh64(d), hash, 'forced wasm falls back to JS');
    assert.is(findInvalidRecord(data, 20_000, c.stride, c.checks), 12_345);
    const s = kernelStatus();
    assert.is(s.wasm, false);
    assert.match(s.reason ?? '', /WebAssembly is not available/);
    assert.throws(() => xxh64Wasm(d), /WASM core unavailable: WebAssembly is not available/);
  } finally {
    if (saved !== undefined) globalThis.WebAssembly = saved;
  }
});

wasmTest('WebAssembly that refuses to compile (CSP): falls back and reports the error', () => {
  const saved = globalThis.WebAssembly;
  class Refuse { constructor() { throw new saved.CompileError("Refused to compile: 'wasm-unsafe-eval' is not allowed"); } }
  try {
    globalThis.WebAssembly = { validate: saved.validate, Module: Refuse } as unknown as typeof WebAssembly;
    resetKernelsForTests();
    assert.is(xxh64(bytes(1000)), xxh64Js(bytes(1000)));
    assert.match(kernelStatus().reason ?? '', /CompileError: Refused to compile/);
  } finally {
    globalThis.WebAssembly = saved;
  }
});

test('WebAssembly deleted in a fresh process before the first kernel call', () => {
  // Imported first: tsx itself needs WebAssembly to load .ts files; the core loads lazily.
  const code = `
    const k = await import(${JSON.stringify(new URL('../src/wasm/index.ts', import.meta.url).href)});
    delete globalThis.WebAssembly;
    const d = new Uint8Array(100000).map((_, i) => (i * 7) & 255);
    const recs = new Uint8Array(800); recs[8 * 77 + 4] = 2;
    console.log(JSON.stringify({ h: k.xxh64(d).toString(16), bad: k.findInvalidRecord(recs, 100, 8, [{ offset: 4, size: 1, max: 1 }]), s: k.kernelStatus() }));
  `;
  const out = JSON.parse(execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], { encoding: 'utf8' }));
  const d = new Uint8Array(100000).map((_, i) => (i * 7) & 255);
  assert.is(out.h, xxh64Js(d).toString(16));
  assert.is(out.bad, 77);
  assert.is(out.s.wasm, false);
  assert.match(out.s.reason, /not available/);
});

test.run();
