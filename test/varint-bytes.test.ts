// Compact integers (t.uvarint, t.varint, t.uvarint64, t.varint64) and fixed-size byte strings
// (t.fixed): exact bytes as protobuf's LEB128/zigzag define them, boundaries, refused encodings
// and values, sizes; compiled and interpreted.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { codec, layout, t, type Schema } from '../src/index.ts';
import { both, norm, throwsCode } from './helpers/codecs.ts';
import { BARE, MAX, cut, ff, leb, payload, zz } from './helpers/varint.ts';

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

test.run();
