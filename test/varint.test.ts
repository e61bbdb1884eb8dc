// Compact integers (t.uvarint, t.varint, t.uvarint64, t.varint64) and fixed-size byte strings
// (t.fixed): exact bytes as protobuf's LEB128/zigzag define them, boundaries, refused encodings
// and values, widening from the fixed-width integers, schema sections; compiled and interpreted.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import { codec, decodeSchema, describeSchema, diffSchema, encodeSchema, layout, t, type Schema } from '../src/index.ts';
import { both, hex, norm, throwsCode } from './helpers/codecs.ts';

const BARE = { schemaHeader: false, checksum: false } as const;
const MAX = Number.MAX_SAFE_INTEGER;

/** Reference LEB128 of a non-negative bigint (independent of src/). */
function leb(u: bigint): string {
  const out: number[] = [];
  do { let b = Number(u & 0x7fn); u >>= 7n; if (u) b |= 0x80; out.push(b); } while (u);
  return hex(Uint8Array.from(out));
}
/** Reference zigzag of a signed bigint. */
const zz = (x: bigint): bigint => (x >= 0n ? x << 1n : (-x << 1n) - 1n);

/** The payload bytes of `value` written by both paths (asserting they agree and read back `expected`). */
function payload(s: Schema, value: unknown, expected: unknown = value): string {
  const { compiled, interpreted } = both(s, BARE);
  const a = compiled.encode(value as never), b = interpreted.encode(value as never);
  assert.is(hex(a), hex(b), 'compiled and interpreted bytes differ');
  for (const c of [compiled, interpreted]) {
    assert.equal(norm(c.decode(a)), norm(expected));
    assert.is(c.encodedSize(value as never), a.length, 'encodedSize');
  }
  return hex(a.subarray(32));
}

/** A file (no schema, no checksum) at data version 0 around `body`. */
function file(body: number[]): Uint8Array {
  const b = new Uint8Array(32 + body.length), d = new DataView(b.buffer);
  b.set(new TextEncoder().encode('savepack'));
  d.setUint16(8, 1, true);
  d.setUint32(20, body.length, true);
  d.setUint32(24, body.length, true);
  b.set(body, 32);
  return b;
}

const ff = (n: number) => Array<number>(n).fill(0xff);

test('uvarint: exact bytes (LEB128) at the boundaries, both paths', () => {
  const cases: [number, string][] = [
    [0, '00'], [1, '01'], [127, '7f'], [128, '8001'], [300, 'ac02'], [16383, 'ff7f'], [16384, '808001'],
    [2 ** 31, '8080808008'], [2 ** 32 - 1, 'ffffffff0f'], [2 ** 32, '8080808010'], [2 ** 49, '8080808080808001'],
    [MAX, 'ffffffffffffff0f'],
  ];
  for (const [v, bytes] of cases) {
    assert.is(payload(t.uvarint, v), bytes, String(v));
    assert.is(bytes, leb(BigInt(v)));
  }
  assert.is(payload(t.uvarint, -0, 0), '00');
});

test('varint: exact bytes (zigzag LEB128) at the boundaries, both paths', () => {
  const cases: [number, string][] = [
    [0, '00'], [-1, '01'], [1, '02'], [-2, '03'], [63, '7e'], [-64, '7f'], [64, '8001'], [-65, '8101'],
    [2147483647, 'feffffff0f'], [-2147483648, 'ffffffff0f'], [2 ** 31, '8080808010'],
    [2 ** 52 - 1, 'feffffffffffff0f'], [2 ** 52, '8080808080808010'], [-(2 ** 52), 'ffffffffffffff0f'],
    [MAX, 'feffffffffffff1f'], [-MAX, 'fdffffffffffff1f'],
  ];
  for (const [v, bytes] of cases) {
    assert.is(payload(t.varint, v), bytes, String(v));
    assert.is(bytes, leb(zz(BigInt(v))));
  }
});

test('uvarint64 / varint64: exact bytes up to ten bytes, both paths; numbers accepted as for u64', () => {
  const u: [bigint, string][] = [
    [0n, '00'], [127n, '7f'], [128n, '8001'], [BigInt(MAX), 'ffffffffffffff0f'], [1n << 53n, '8080808080808010'],
    [1n << 56n, '808080808080808001'], [1n << 63n, '80808080808080808001'], [(1n << 64n) - 1n, 'ffffffffffffffffff01'],
  ];
  for (const [v, bytes] of u) { assert.is(payload(t.uvarint64, v), bytes, String(v)); assert.is(bytes, leb(v)); }
  const s: [bigint, string][] = [
    [0n, '00'], [-1n, '01'], [1n, '02'], [-(1n << 63n), 'ffffffffffffffffff01'], [(1n << 63n) - 1n, 'feffffffffffffffff01'],
    [-(1n << 62n), 'ffffffffffffffff7f'], [1n << 62n, '80808080808080808001'],
  ];
  for (const [v, bytes] of s) { assert.is(payload(t.varint64, v), bytes, String(v)); assert.is(bytes, leb(zz(v))); }
  assert.is(payload(t.uvarint64, 300, 300n), 'ac02');
  assert.is(payload(t.varint64, -MAX, -BigInt(MAX)), leb(zz(-BigInt(MAX))));
});

test('fixed(n): the bytes alone, no length prefix; fixed(0) is nothing', () => {
  assert.is(payload(t.fixed(4), Uint8Array.of(1, 2, 0xfe, 0xff)), '0102feff');
  assert.is(payload(t.fixed(0), new Uint8Array(0)), '');
  const S = t.struct('vi.Fx', { id: t.fixed(16), n: t.uvarint, tail: t.vec(t.fixed(2)) });
  const v = { id: Uint8Array.from({ length: 16 }, (_, i) => i), n: 1, tail: [Uint8Array.of(9, 8), Uint8Array.of(7, 6)] };
  assert.is(payload(S, v), '000102030405060708090a0b0c0d0e0f' + '01' + '02' + '09080706');
  // A decoded fixed owns its bytes (a copy, not a view of the input).
  const c = codec(t.fixed(3), { version: 0, ...BARE });
  const bytes = c.encode(Uint8Array.of(1, 2, 3));
  const got = c.decode(bytes);
  bytes[32] = 99;
  assert.equal([...got], [1, 2, 3]);
  assert.is(got.byteLength, got.buffer.byteLength);
});

test('varints inside structs, vectors, options, maps and unions round-trip on both paths', () => {
  const S = t.struct('vi.Mix', {
    a: t.uvarint, b: t.varint, c: t.uvarint64, d: t.varint64,
    v: t.vec(t.varint), o: t.option(t.uvarint), m: t.map(t.uvarint, t.varint64),
    u: t.union('vi.U', { A: { x: t.varint }, B: t.unit }), arr: t.array(t.uvarint, 3), tup: t.tuple(t.varint, t.fixed(1)),
  });
  const v = {
    a: 5, b: -300, c: 1n << 40n, d: -7n, v: [0, -1, MAX, -MAX, 64, -65], o: 2 ** 40, m: new Map([[1, -1n], [2 ** 33, 1n << 62n]]),
    u: { kind: 'A' as const, x: -(2 ** 50) }, arr: [0, 128, 2 ** 53 - 1], tup: [3, Uint8Array.of(4)] as [number, Uint8Array],
  };
  payload(S, v);
  payload(S, { ...v, o: undefined, u: { kind: 'B' as const }, v: [] });
});

const cut = (s: Schema, body: number[]) => {
  const { compiled, interpreted } = both(s, BARE);
  return [compiled, interpreted].map((c) => () => c.decode(file(body)));
};

test('decode: overlong, too long and out-of-range encodings are INVALID_DATA, both paths', () => {
  const bad: [Schema, number[], RegExp][] = [
    [t.uvarint, [0x80, 0x00], /overlong/], [t.uvarint, [0xff, 0x80, 0x00], /overlong/],
    [t.uvarint, [...ff(7), 0x10], /2\^53/], [t.uvarint, [...ff(7), 0x7f], /2\^53/], [t.uvarint, [...ff(8), 0x01], /longer/],
    [t.varint, [0x80, 0x00], /overlong/], [t.varint, [0x81, 0x00], /overlong/],
    [t.varint, [...ff(7), 0x1f], /2\^53/], [t.varint, [0xfe, ...ff(6), 0x3f], /2\^53/], [t.varint, [...ff(8), 0x01], /longer/],
    [t.uvarint64, [0x80, 0x00], /overlong/], [t.uvarint64, [...Array(9).fill(0x80), 0x00], /overlong/],
    [t.uvarint64, [...ff(9), 0x02], /2\^64/], [t.uvarint64, [...ff(9), 0x7f], /2\^64/], [t.uvarint64, [...ff(10), 0x01], /longer/],
    [t.varint64, [0x80, 0x00], /overlong/], [t.varint64, [...ff(9), 0x03], /2\^64/], [t.varint64, [...ff(10), 0x00], /longer/],
  ];
  for (const [s, body, msg] of bad) {
    for (const run of cut(s, body)) throwsCode(run, 'INVALID_DATA', undefined, msg);
  }
  // The largest values of each kind still decode.
  for (const run of cut(t.uvarint, [...ff(7), 0x0f])) assert.is(run(), MAX);
  for (const run of cut(t.varint, [0xfd, ...ff(6), 0x1f])) assert.is(run(), -MAX);
  for (const run of cut(t.uvarint64, [...ff(9), 0x01])) assert.is(run(), (1n << 64n) - 1n);
});

test('decode: a cut varint or fixed is TRUNCATED, with the path, both paths', () => {
  const S = t.struct('vi.Cut', { a: t.uvarint, b: t.varint, c: t.uvarint64, d: t.varint64, f: t.fixed(3) });
  const full = [0x80, 0x01, 0xff, 0x01, 0x80, 0x80, 0x01, 0x81, 0x01, 1, 2, 3];
  const at: [number, string][] = [[0, 'vi.Cut.a'], [1, 'vi.Cut.a'], [3, 'vi.Cut.b'], [5, 'vi.Cut.c'], [8, 'vi.Cut.d'], [10, 'vi.Cut.f']];
  for (const [n, path] of at) for (const run of cut(S, full.slice(0, n))) throwsCode(run, 'TRUNCATED', path);
  for (const run of cut(S, full)) assert.equal(norm(run()), norm({ a: 128, b: -128, c: 16384n, d: -65n, f: Uint8Array.of(1, 2, 3) }));
  for (const run of cut(S, [...full.slice(0, 7), 0x81, 0x00, 1, 2, 3])) throwsCode(run, 'INVALID_DATA', 'vi.Cut.d', /overlong/);
});

test('encode: non-integers and out-of-range values are INVALID_VALUE with the path, both paths', () => {
  const S = t.struct('vi.E', { u: t.uvarint, s: t.varint, U: t.uvarint64, S: t.varint64, v: t.vec(t.uvarint) });
  const ok = { u: 1, s: -1, U: 1n, S: -1n, v: [1] };
  const cases: [string, unknown, string][] = [
    ['u', -1, 'vi.E.u'], ['u', 1.5, 'vi.E.u'], ['u', 2 ** 53, 'vi.E.u'], ['u', NaN, 'vi.E.u'], ['u', '1', 'vi.E.u'], ['u', 1n, 'vi.E.u'], ['u', Infinity, 'vi.E.u'],
    ['s', 2 ** 53, 'vi.E.s'], ['s', -(2 ** 53), 'vi.E.s'], ['s', 0.5, 'vi.E.s'], ['s', null, 'vi.E.s'],
    ['U', -1n, 'vi.E.U'], ['U', 1n << 64n, 'vi.E.U'], ['U', 2 ** 53, 'vi.E.U'], ['U', -1, 'vi.E.U'], ['U', 1.5, 'vi.E.U'], ['U', '1', 'vi.E.U'],
    ['S', 1n << 63n, 'vi.E.S'], ['S', -(1n << 63n) - 1n, 'vi.E.S'], ['S', 2 ** 60, 'vi.E.S'],
    ['v', [1, -5], 'vi.E.v[1]'],
  ];
  const { compiled, interpreted } = both(S, BARE);
  for (const c of [compiled, interpreted]) {
    for (const [k, x, path] of cases) throwsCode(() => c.encode({ ...ok, [k]: x } as never), 'INVALID_VALUE', path);
    const { u: _, ...missing } = ok;
    throwsCode(() => c.encode(missing as never), 'INVALID_VALUE', 'vi.E.u', /missing/);
  }
});

test('fixed(n): wrong length or type is INVALID_VALUE; n is checked when the schema is defined', () => {
  const S = t.struct('vi.F', { id: t.fixed(4) });
  const { compiled, interpreted } = both(S, BARE);
  for (const c of [compiled, interpreted]) {
    throwsCode(() => c.encode({ id: new Uint8Array(3) }), 'INVALID_VALUE', 'vi.F.id', /exactly 4 bytes, got 3/);
    throwsCode(() => c.encode({ id: new Uint8Array(5) }), 'INVALID_VALUE', 'vi.F.id');
    throwsCode(() => c.encode({ id: [1, 2, 3, 4] } as never), 'INVALID_VALUE', 'vi.F.id');
    throwsCode(() => c.encode({ id: new Uint16Array(2) } as never), 'INVALID_VALUE', 'vi.F.id');
    // A subclass whose length lies is measured by its real length.
    const liar = new Uint8Array(3);
    Object.defineProperty(liar, 'length', { value: 4 });
    throwsCode(() => c.encode({ id: liar }), 'INVALID_VALUE', 'vi.F.id');
    assert.equal([...c.decode(c.encode({ id: Buffer.from([1, 2, 3, 4]) })).id], [1, 2, 3, 4]);
  }
  for (const n of [-1, 1.5, 2 ** 31, NaN, Infinity, '4']) throwsCode(() => t.fixed(n as number), 'INVALID_SCHEMA');
  assert.is(t.fixed(2 ** 31 - 1).length, 2 ** 31 - 1);
  // A hand-made schema with a bad length is refused by codec() too.
  throwsCode(() => codec({ kind: 'fixed', length: -2 } as unknown as Schema, { version: 0 }), 'INVALID_SCHEMA');
});

test('sizes: minimum sizes bound declared counts, fixedSize sizes vectors, layout says why not packed', () => {
  // A vector declaring more varints than bytes remain: refused before allocating.
  for (const run of cut(t.vec(t.varint), [0x05, 1, 2])) throwsCode(run, 'TRUNCATED', undefined, /declared length 5/);
  for (const run of cut(t.vec(t.fixed(4)), [0x02, 1, 2, 3, 4, 5, 6, 7])) throwsCode(run, 'TRUNCATED', undefined, /declared length 2 needs at least 8/);
  for (const k of ['uvarint', 'varint', 'uvarint64', 'varint64'] as const) {
    const l = layout(t.struct('vi.P', { a: t[k] }));
    assert.not.ok(l.packed);
    assert.match(l.reason!, new RegExp(`${k} is a compact integer`));
  }
  const l = layout(t.struct('vi.P2', { a: t.fixed(4) }));
  assert.not.ok(l.packed);
  assert.match(l.reason!, /fixed<4> is a byte string/);
  throwsCode(() => t.struct('vi.P3', { a: t.uvarint }, { packed: true }), 'INVALID_SCHEMA');
});

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
