// The packed path: t.typed and t.records round trips at odd lengths and offsets, RecordArray,
// validation of records with the right index, records at any depth.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { codec, layout, RecordArray, t, type TypedKind } from '../src/index.ts';
import { both, bothThrow, hex, norm, roundTrip, throwsCode } from './helpers/codecs.ts';

const KINDS: TypedKind[] = ['u8', 'i8', 'u16', 'i16', 'u32', 'i32', 'u64', 'i64', 'f32', 'f64'];
const CTOR: Record<TypedKind, any> = {
  u8: Uint8Array, i8: Int8Array, u16: Uint16Array, i16: Int16Array, u32: Uint32Array, i32: Int32Array,
  u64: BigUint64Array, i64: BigInt64Array, f32: Float32Array, f64: Float64Array,
};

function fill(kind: TypedKind, n: number) {
  const a = new CTOR[kind](n);
  for (let i = 0; i < n; i++) a[i] = kind.endsWith('64') && kind !== 'f64' ? BigInt(i * 7919 - 3) * (kind === 'u64' ? 1n : -1n) ** BigInt(i % 2) * (kind === 'u64' ? 1n : 1n) : (i * 7919) % 251 - (kind.startsWith('i') ? 100 : 0) + (kind.startsWith('f') ? 0.5 : 0);
  if (kind === 'u64') for (let i = 0; i < n; i++) a[i] = BigInt(i) * 12345678901n;
  return a;
}

test('typed arrays of every kind, odd lengths, at odd offsets inside a struct', () => {
  for (const kind of KINDS) {
    const S = t.struct('p.T', { pre: t.string, a: t.typed(kind), mid: t.u8, b: t.typed(kind), post: t.bool });
    for (const n of [0, 1, 3, 7, 8, 33, 1001]) {
      roundTrip(S, { pre: 'x'.repeat(n % 5), a: fill(kind, n), mid: 1, b: fill(kind, n + 1), post: true });
    }
  }
});

test('typed arrays: data is aligned to the element size in the file, padding zero', () => {
  const S = t.struct('p.A', { a: t.u8, v: t.typed('f64') });
  const bytes = codec(S, { version: 0, schemaHeader: false, checksum: false }).encode({ a: 1, v: new Float64Array([1.5]) });
  // payload at 32: a, count, then 6 zero bytes to reach 8-alignment, then the f64
  assert.is(hex(bytes.subarray(32)), '01' + '01' + '000000000000' + '000000000000f83f');
});

test('typed arrays from subarrays (non-zero byteOffset) encode only their own elements', () => {
  const big = new Float32Array([9, 1, 2, 3, 9]);
  const { compiled } = both(t.typed('f32'));
  assert.equal(Array.from(compiled.decode(compiled.encode(big.subarray(1, 4)))), [1, 2, 3]);
});

test('decoded typed arrays own a fresh buffer (no aliasing of the input)', () => {
  const c = codec(t.typed('u32'), { version: 0 });
  const bytes = c.encode(Uint32Array.of(1, 2, 3));
  const out = c.decode(bytes);
  assert.is(out.buffer.byteLength, 12);
  bytes.fill(0);
  assert.equal(Array.from(out), [1, 2, 3]);
});

const Pos = t.struct('p.Pos', { x: t.u32, y: t.u32 });
const Mixed = t.struct('p.Mixed', { big: t.u64, hp: t.i32, v: t.f32, id: t.u16, alive: t.bool, kind: t.enum('p.Kind', ['a', 'b', 'c']), flags: t.array(t.bool, 2), extra: t.u16 }, { packed: true });

test('RecordArray: push/get/set/length/iteration/bytes/from/toArray', () => {
  const ra = new RecordArray(Pos, 2);
  for (let i = 0; i < 10; i++) ra.push({ x: i, y: i * 2 });
  assert.is(ra.length, 10);
  assert.ok(ra.capacity >= 10);
  assert.equal(ra.get(3), { x: 3, y: 6 });
  assert.is(ra.get(10), undefined);
  assert.is(ra.get(-1), undefined);
  ra.set(3, { x: 30, y: 60 });
  assert.equal(ra.get(3), { x: 30, y: 60 });
  assert.is(ra.bytes.length, 80);
  assert.equal([...ra].slice(2, 4), [{ x: 2, y: 4 }, { x: 30, y: 60 }]);
  assert.equal(RecordArray.from(Pos, ra.toArray()).toArray(), ra.toArray());
  assert.is(new DataView(ra.bytes.buffer, ra.bytes.byteOffset).getUint32(24, true), 30);
  throwsCode(() => ra.set(10, { x: 1, y: 1 }), 'INVALID_VALUE', 'p.Pos[10]');
  throwsCode(() => ra.push({ x: -1, y: 1 }), 'INVALID_VALUE', 'p.Pos[10].x', /out of range/);
  throwsCode(() => ra.push({ x: 1 } as never), 'INVALID_VALUE', 'p.Pos[10].y');
  assert.is(ra.length, 10, 'a failed push does not grow the array');
  throwsCode(() => new RecordArray(t.struct('p.Bad', { a: t.u8, b: t.u32 })), 'INVALID_SCHEMA', 'p.Bad', /padding/);
});

test('RecordArray of a struct with bools, enums, arrays and u64', () => {
  assert.equal(layout(Mixed), { size: 24, align: 8, packed: true });
  const items = Array.from({ length: 50 }, (_, i) => ({ id: i, alive: i % 3 === 0, kind: (['a', 'b', 'c'] as const)[i % 3]!, hp: -i, flags: [i % 2 === 0, true], v: i / 4, big: BigInt(i) << 40n, extra: i }));
  const ra = RecordArray.from(Mixed, items);
  assert.equal(ra.toArray(), items);
  throwsCode(() => ra.push({ ...items[0]!, kind: 'z' as never }), 'INVALID_VALUE', 'p.Mixed[50].kind', /unknown variant/);
  throwsCode(() => ra.push({ ...items[0]!, flags: [true, 1 as never] }), 'INVALID_VALUE', 'p.Mixed[50].flags[1]');
  const S = t.struct('p.Save', { name: t.string, h: t.records(Mixed) });
  roundTrip(S, { name: 'odd', h: ra });
});

test('records validation: the right record index and field, compiled and interpreted', () => {
  const S = t.struct('p.S', { pad: t.u8, h: t.records(Mixed) });
  const items = Array.from({ length: 1000 }, (_, i) => ({ id: i, alive: true, kind: 'a' as const, hp: 0, flags: [false, false], v: 0, big: 0n, extra: 0 }));
  const c = codec(S, { version: 0, checksum: false, schemaHeader: false });
  const good = c.encode({ pad: 1, h: RecordArray.from(Mixed, items) });
  const start = good.length - 1000 * 24;
  for (const [rec, off, val, field, msg] of [
    [0, 18, 2, 'alive', /bool byte 2/], [517, 19, 3, 'kind', /unknown discriminant 3/], [999, 20, 9, 'flags[0]', /bool byte 9/], [999, 21, 255, 'flags[1]', /bool byte 255/],
  ] as const) {
    const bad = good.slice();
    bad[start + rec * 24 + off] = val;
    bothThrow(S, { checksum: false, schemaHeader: false }, (k) => k.decode(bad), 'INVALID_DATA', `p.S.h[${rec}].${field}`, msg);
  }
});

test('records at any depth: in vec, option, map, union and nested structs', () => {
  const S = t.struct('p.Deep', {
    runs: t.vec(t.records(Pos)),
    maybe: t.option(t.records(Pos)),
    byName: t.map(t.string, t.records(Pos)),
    inner: t.struct('p.Inner', { h: t.records(Pos) }),
    u: t.union('p.U', { With: { h: t.records(Pos) }, Without: t.unit }),
  });
  const r = (n: number) => RecordArray.from(Pos, Array.from({ length: n }, (_, i) => ({ x: i, y: n })));
  roundTrip(S, { runs: [r(0), r(1), r(5)], maybe: r(3), byName: new Map([['a', r(2)]]), inner: { h: r(7) }, u: { kind: 'With', h: r(1) } });
  roundTrip(S, { runs: [], maybe: undefined, byName: new Map(), inner: { h: r(0) }, u: { kind: 'Without' } });
});

test('records: a RecordArray of another struct is INVALID_VALUE', () => {
  const Other = t.struct('p.Other', { x: t.u32, y: t.u32 });
  bothThrow(t.struct('p.W', { h: t.records(Pos) }), {}, (c) => c.encode({ h: RecordArray.from(Other, []) }), 'INVALID_VALUE', 'p.W.h', /RecordArray of p.Pos/);
});

test('a million records round trip through one bulk copy each way', () => {
  const S = t.struct('p.History', { h: t.records(Pos) });
  const ra = new RecordArray(Pos, 1_000_000);
  for (let i = 0; i < 1_000_000; i++) ra.push({ x: i, y: i ^ 0x5555 });
  const c = codec(S, { version: 0 });
  const back = c.decode(c.encode({ h: ra })).h;
  assert.is(back.length, 1_000_000);
  assert.equal(back.get(123_456), { x: 123_456, y: 123_456 ^ 0x5555 });
  assert.is(hex(back.bytes.subarray(0, 64)), hex(ra.bytes.subarray(0, 64)));
  assert.equal(norm(back.get(999_999)), norm(ra.get(999_999)));
});

test('views: typed arrays and records alias the input when asked, copies by default', () => {
  const S = t.struct('p.V', { a: t.typed('f64'), h: t.records(Pos) });
  const value = { a: new Float64Array([1, 2, 3]), h: RecordArray.from(Pos, [{ x: 1, y: 2 }]) };
  const viewing = codec(S, { version: 0, views: true });
  const bytes = viewing.encode(value);
  const v = viewing.decode(bytes);
  assert.is(v.a.buffer, bytes.buffer, 'a view into the input');
  assert.equal(Array.from(v.a), [1, 2, 3]);
  assert.equal(v.h.toArray(), [{ x: 1, y: 2 }]);
  const copy = codec(S, { version: 0 }).decode(bytes);
  assert.is.not(copy.a.buffer, bytes.buffer);
  // an input whose payload is not aligned in memory is copied even with views
  const shifted = new Uint8Array(bytes.length + 1);
  shifted.set(bytes, 1);
  const w = viewing.decode(shifted.subarray(1));
  assert.is.not(w.a.buffer, shifted.buffer);
  assert.equal(Array.from(w.a), [1, 2, 3]);
  // the records are still validated
  const B = t.struct('p.B', { ok: t.bool });
  const VB = t.struct('p.VB', { h: t.records(B) });
  const file = codec(VB, { version: 0, checksum: false }).encode({ h: RecordArray.from(B, [{ ok: true }]) });
  file[file.length - 1] = 7;
  throwsCode(() => codec(VB, { version: 0, checksum: false, views: true }).decode(file), 'INVALID_DATA', 'p.VB.h[0].ok');
});

test('views: t.bytes and t.fixed alias the input when asked (compiled and interpreted), copies by default', () => {
  const S = t.struct('p.Blob', { b: t.bytes, f: t.fixed(4), tail: t.u8 });
  const value = { b: new Uint8Array([1, 2, 3, 4, 5]), f: new Uint8Array([9, 8, 7, 6]), tail: 1 };
  for (const compile of [true, false]) {
    for (const frame of ['file', 'none'] as const) {
      const what = `${compile ? 'compiled' : 'interpreted'}, frame ${frame}`;
      const bytes = codec(S, { version: 0, frame }).encode(value);
      const v = codec(S, { version: 0, frame, compile, views: true }).decode(bytes);
      assert.is(v.b.buffer, bytes.buffer, `${what}: bytes is a view into the input`);
      assert.is(v.f.buffer, bytes.buffer, `${what}: fixed is a view into the input`);
      assert.equal([Array.from(v.b), Array.from(v.f), v.tail], [[1, 2, 3, 4, 5], [9, 8, 7, 6], 1], what);
      bytes[v.b.byteOffset] = 42;
      assert.is(v.b[0], 42, `${what}: the view aliases the input`);
      bytes[v.b.byteOffset] = 1;
      const copy = codec(S, { version: 0, frame, compile }).decode(bytes);
      assert.is.not(copy.b.buffer, bytes.buffer, `${what}: a copy by default`);
      assert.is.not(copy.f.buffer, bytes.buffer, `${what}: a copy by default`);
      assert.equal([copy.b.byteOffset, copy.b.buffer.byteLength, copy.f.byteOffset], [0, 5, 0], `${what}: owned copies`);
    }
  }
});

test.run();
