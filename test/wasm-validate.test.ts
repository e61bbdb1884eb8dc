// First-bad-record validation in the WASM core (SIMD and scalar builds) and its JS fallback: every
// case at several counts and offsets, chunk boundaries, random schemas, plans, edge cases.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import { kernelStatus, resetKernelsForTests, type FieldCheck } from '../src/wasm/index.ts';
import { xxh64Js } from '../src/wasm/xxh64-js.ts';
import { xxh64Wasm } from '../src/wasm/xxh64-wasm.ts';
import { findInvalidRecordJs } from '../src/wasm/validate-js.ts';
import { findInvalidRecordWasm } from '../src/wasm/validate-wasm.ts';
import { HASH_CHUNK, resetCore, STAGING_CHUNK } from '../src/wasm/core.ts';
import { xxh64Matches } from '../src/wasm/xxh64-check.ts';
import { buildWasmPlan } from '../src/wasm/validate-plan.ts';
import { CASES, HAS_WASM, IMPLS, bytes, records, wasmTest, type Case } from './helpers/wasm-cases.ts';

test.after.each(() => resetKernelsForTests());

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

wasmTest('validation: a file checksum copied whole into the staging area leaves the loaded plan intact', () => {
  resetCore(); // a fresh core: the staging area is STAGING_CHUNK bytes, the plan right after it
  const c = CASES[2]!, count = 4096;
  const { data, view } = records(c, count, 0);
  assert.is(findInvalidRecordWasm(data, count, c.stride, c.checks), -1, 'valid records');
  // A checksummed input larger than the staging area but within HASH_CHUNK is copied in one go.
  const file = new Uint8Array(HASH_CHUNK - 64).fill(0x5a);
  const dv = new DataView(file.buffer);
  dv.setBigUint64(file.length - 8, xxh64Js(file.subarray(0, file.length - 8)), true);
  assert.ok(file.length > STAGING_CHUNK);
  assert.ok(xxh64Matches(file, dv, file.length - 8, true), 'checksum matches');
  c.bad(view(3000));
  assert.is(findInvalidRecordWasm(data, count, c.stride, c.checks), 3000, 'the plan still finds the bad record');
});

test.run();
