// Compact integers and t.fixed across versions and schemas: zero values, widening from the
// fixed-width integers through `was`, schema sections, describe(), and random round trips and
// random bytes against the reference; compiled and interpreted.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import { codec, decodeSchema, describeSchema, diffSchema, encodeSchema, t, type Schema } from '../src/index.ts';
import { both, hex, norm, throwsCode } from './helpers/codecs.ts';
import { BARE, MAX, file, leb, zz } from './helpers/varint.ts';

test('zero values: 0, 0n and n zero bytes for fields an older version lacks', () => {
  const S = t.struct('vi.Z', {
    a: t.u8,
    u: t.field(t.uvarint, { since: 1 }), s: t.field(t.varint, { since: 1 }),
    U: t.field(t.uvarint64, { since: 1 }), V: t.field(t.varint64, { since: 1 }), f: t.field(t.fixed(3), { since: 1 }),
  });
  const old = codec(t.struct('vi.Z', { a: t.u8 }), { version: 0 }).encode({ a: 1 });
  for (const c of Object.values(both(S, { version: 1 }))) {
    const z = c.decode(old);
    assert.equal(norm(z), norm({ a: 1, u: 0, s: 0, U: 0n, V: 0n, f: new Uint8Array(3) }));
    const z2 = c.decode(old);
    assert.ok(z.f !== z2.f, 'each decode gets its own zero bytes');
  }
});

test('widening through `was`: fixed-width integers to compact ones (write old, read new, write back old)', () => {
  const pairs: [Schema, Schema, unknown, unknown][] = [
    [t.u8, t.uvarint, 255, 255], [t.u16, t.uvarint, 65535, 65535], [t.u32, t.uvarint, 2 ** 32 - 1, 2 ** 32 - 1],
    [t.u8, t.uvarint64, 200, 200n], [t.u32, t.uvarint64, 2 ** 32 - 1, 2n ** 32n - 1n], [t.u64, t.uvarint64, 1n << 63n, 1n << 63n],
    [t.i8, t.varint, -128, -128], [t.i16, t.varint, -32768, -32768], [t.i32, t.varint, -(2 ** 31), -(2 ** 31)],
    [t.i8, t.varint64, -1, -1n], [t.i32, t.varint64, 2 ** 31 - 1, 2n ** 31n - 1n], [t.i64, t.varint64, -(1n << 63n), -(1n << 63n)],
    [t.uvarint, t.uvarint64, MAX, BigInt(MAX)], [t.varint, t.varint64, -MAX, -BigInt(MAX)],
  ];
  for (const [from, to, old, now] of pairs) {
    const name = `${from.kind}->${to.kind}`;
    const S = t.struct('vi.W', { n: t.field(to, { was: [{ until: 0, type: from }] }) });
    const Old = t.struct('vi.W', { n: from });
    const written = codec(Old, { version: 0 }).encode({ n: old } as never);
    for (const c of Object.values(both(S, { version: 1 }))) {
      assert.equal(c.decode(written), { n: now }, name);
      assert.is(hex(c.encode({ n: now } as never, { version: 0 })), hex(written), name);
      assert.equal(c.decode(c.encode({ n: now } as never)), { n: now }, name);
    }
  }
});

test('widening: narrowing back to an older fixed-width type is range-checked; lossy pairs need convert', () => {
  const S = t.struct('vi.N', {
    a: t.field(t.uvarint, { was: [{ until: 0, type: t.u8 }] }),
    b: t.field(t.varint64, { was: [{ until: 0, type: t.i32 }] }),
    c: t.field(t.uvarint64, { was: [{ until: 0, type: t.uvarint }] }),
  });
  for (const c of Object.values(both(S, { version: 1 }))) {
    const ok = { a: 1, b: 1n, c: 1n };
    throwsCode(() => c.encode({ ...ok, a: 256 }, { version: 0 }), 'INVALID_VALUE', 'vi.N.a', /does not fit u8/);
    throwsCode(() => c.encode({ ...ok, b: 1n << 31n }, { version: 0 }), 'INVALID_VALUE', 'vi.N.b', /does not fit i32/);
    throwsCode(() => c.encode({ ...ok, c: 1n << 53n }, { version: 0 }), 'INVALID_VALUE', 'vi.N.c', /does not fit uvarint/);
    assert.equal(c.decode(c.encode({ a: 255, b: -(2n ** 31n), c: BigInt(MAX) }, { version: 0 })), { a: 255, b: -(2n ** 31n), c: BigInt(MAX) });
  }
  const lossy: [Schema, Schema][] = [
    [t.u8, t.varint], [t.i8, t.uvarint], [t.u64, t.uvarint], [t.i64, t.varint], [t.uvarint, t.u64], [t.uvarint64, t.uvarint],
    [t.varint64, t.i64], [t.uvarint, t.varint], [t.f32, t.varint], [t.fixed(2), t.fixed(3)], [t.bytes, t.fixed(3)],
  ];
  for (const [from, to] of lossy) {
    throwsCode(() => t.struct('vi.L', { n: t.field(to, { was: [{ until: 0, type: from }] }) }), 'INVALID_SCHEMA', undefined);
  }
  // The same fixed length is the same stored type.
  t.struct('vi.L2', { n: t.field(t.fixed(2), { was: [{ until: 0, type: t.fixed(2) }] }) });
});

test('schema section: new tags 0x1c-0x20, fixed stores n as a varint; decode, describe and diff', () => {
  const tags: [Schema, string][] = [
    [t.uvarint, '1c'], [t.varint, '1d'], [t.uvarint64, '1e'], [t.varint64, '1f'], [t.fixed(0), '2000'], [t.fixed(300), '20ac02'],
  ];
  for (const [s, bytes] of tags) {
    assert.is(hex(encodeSchema(s)), bytes);
    const back = decodeSchema(encodeSchema(s));
    assert.equal(back, s);
    assert.is(diffSchema(back, s), undefined);
  }
  const S = t.struct('vi.S', { a: t.uvarint, b: t.fixed(8), c: t.vec(t.varint64) });
  assert.is(hex(encodeSchema(decodeSchema(encodeSchema(S)))), hex(encodeSchema(S)));
  assert.is(describeSchema(t.fixed(8)), 'fixed<8>');
  assert.is(describeSchema(t.varint64), 'varint64');
  assert.match(diffSchema(t.struct('vi.S', { a: t.varint }), t.struct('vi.S', { a: t.uvarint }))!, /vi\.S\.a: varint in file, uvarint expected/);
  assert.match(diffSchema(t.struct('vi.S', { a: t.fixed(4) }), t.struct('vi.S', { a: t.fixed(5) }))!, /vi\.S\.a: fixed of 4 bytes in file, 5 expected/);
  // A file whose section has another compact kind is a SCHEMA_MISMATCH that names the field.
  const file1 = codec(t.struct('vi.S', { a: t.varint }), { version: 0 }).encode({ a: 1 });
  throwsCode(() => codec(t.struct('vi.S', { a: t.uvarint }), { version: 0 }).decode(file1), 'SCHEMA_MISMATCH', undefined, /varint in file, uvarint expected/);
  // Bounds-checked: a cut or oversized fixed length is unreadable.
  throwsCode(() => decodeSchema(Uint8Array.of(0x20)), 'SCHEMA_MISMATCH', undefined, /ends early/);
  throwsCode(() => decodeSchema(Uint8Array.of(0x20, 0x80, 0x80, 0x80, 0x80, 0x08)), 'SCHEMA_MISMATCH', undefined, /fixed length/);
  throwsCode(() => decodeSchema(Uint8Array.of(0x21)), 'SCHEMA_MISMATCH', undefined, /unknown type tag 0x21/);
});

test('describe(): fixed is a bulk copy', () => {
  const c = codec(t.struct('vi.D', { id: t.fixed(16), n: t.uvarint }), { version: 0 });
  assert.match(c.describe(), /\.id: fixed<16> — bulk copy/);
});

test('property: random values round-trip with identical bytes on both paths, as protobuf encodes them', () => {
  const S = t.struct('vi.Q', { u: t.uvarint, s: t.varint, U: t.uvarint64, S: t.varint64, f: t.fixed(5) });
  const { compiled, interpreted } = both(S, BARE);
  const arb = fc.record({
    u: fc.oneof(fc.nat(300), fc.maxSafeNat()), s: fc.oneof(fc.integer({ min: -300, max: 300 }), fc.maxSafeInteger()),
    U: fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }), S: fc.bigInt({ min: -(1n << 63n), max: (1n << 63n) - 1n }),
    f: fc.uint8Array({ minLength: 5, maxLength: 5 }),
  });
  fc.assert(fc.property(arb, (v) => {
    const a = compiled.encode(v), b = interpreted.encode(v);
    assert.is(hex(a), hex(b));
    assert.is(hex(a.subarray(32)), leb(BigInt(v.u)) + leb(zz(BigInt(v.s))) + leb(v.U) + leb(zz(v.S)) + hex(v.f));
    assert.is(compiled.encodedSize(v), a.length);
    for (const c of [compiled, interpreted]) assert.equal(norm(c.decode(a)), norm(v));
  }), { numRuns: 500, seed: 13 });
});

test('property: any bytes decode to the reference value or fail as INVALID_DATA/TRUNCATED, both paths alike', () => {
  const kinds = ['uvarint', 'varint', 'uvarint64', 'varint64'] as const;
  const ref = (k: (typeof kinds)[number], b: Uint8Array): bigint | string => {
    let u = 0n, i = 0;
    for (;; i++) {
      if (i >= b.length) return 'TRUNCATED';
      u |= BigInt(b[i]! & 0x7f) << BigInt(7 * i);
      if (b[i]! < 0x80) break;
    }
    if (i > 0 && b[i] === 0) return 'INVALID_DATA';
    if (i + 1 !== b.length) return 'INVALID_DATA'; // trailing bytes
    const x = k.startsWith('u') ? u : (u >> 1n) ^ -(u & 1n);
    const [lo, hi] = k === 'uvarint' ? [0n, BigInt(MAX)] : k === 'varint' ? [-BigInt(MAX), BigInt(MAX)] : k === 'uvarint64' ? [0n, (1n << 64n) - 1n] : [-(1n << 63n), (1n << 63n) - 1n];
    return x < lo || x > hi ? 'INVALID_DATA' : x;
  };
  const codecs = kinds.map((k) => [k, both(t[k], BARE)] as const);
  fc.assert(fc.property(fc.uint8Array({ minLength: 0, maxLength: 12 }), fc.nat(12), (raw, len) => {
    // Mostly continuation bytes, so that long encodings are common.
    const b = raw.map((x, i) => (i < len ? x | 0x80 : x));
    for (const [k, { compiled, interpreted }] of codecs) {
      const want = ref(k, b);
      for (const c of [compiled, interpreted]) {
        let got: unknown;
        try { got = c.decode(file([...b])); } catch (e) { got = (e as { code: string }).code; }
        if (typeof want === 'bigint') assert.equal(typeof got === 'number' ? BigInt(got) : got, want, `${k} ${hex(b)}`);
        else if (want === 'TRUNCATED') assert.ok(got === 'TRUNCATED' || got === 'INVALID_DATA', `${k} ${hex(b)}: ${String(got)}`);
        else assert.is(got, want, `${k} ${hex(b)}`);
      }
    }
  }), { numRuns: 1500, seed: 7 });
});

test.run();
