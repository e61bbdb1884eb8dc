// Round trips of every builder through the compiled and the interpreted codec (same bytes).

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { codec, RecordArray, t } from '../src/index.ts';
import { both, hex, norm, roundTrip } from './helpers/codecs.ts';

const Pos = t.struct('game.Position', { x: t.u32, y: t.u32 });

const cases: [string, Parameters<typeof roundTrip>[0], unknown[]][] = [
  ['bool', t.bool, [true, false]],
  ['u8', t.u8, [0, 1, 255]],
  ['i8', t.i8, [-128, 0, 127]],
  ['u16', t.u16, [0, 65535]],
  ['i16', t.i16, [-32768, 32767]],
  ['u32', t.u32, [0, 4294967295]],
  ['i32', t.i32, [-2147483648, 2147483647]],
  ['u64', t.u64, [0n, 18446744073709551615n, 1n << 53n]],
  ['i64', t.i64, [-9223372036854775808n, 9223372036854775807n, -1n]],
  ['f32', t.f32, [0, -0, 1.5, NaN, Infinity, -Infinity, 3.4028234663852886e38]],
  ['f64', t.f64, [0, -0, Math.PI, NaN, Infinity, -Infinity, Number.MIN_VALUE, Number.MAX_VALUE]],
  ['string', t.string, ['', 'a', 'hello world', 'é', '日本語', '😀 astral 𝄞', 'x'.repeat(42), 'é'.repeat(43), 'y'.repeat(200), '😀'.repeat(100), 'z'.repeat(70000)]],
  ['bytes', t.bytes, [new Uint8Array(0), Uint8Array.of(1, 2, 3), new Uint8Array(300).fill(7)]],
  ['unit', t.unit, [undefined]],
  ['canary', t.canary, [undefined]],
  ['array', t.array(t.u16, 3), [[1, 2, 3]]],
  ['array of 0', t.array(t.string, 0), [[]]],
  ['vec', t.vec(t.string), [[], ['a', 'bb', '']]],
  ['vec of structs', t.vec(Pos), [[], [{ x: 1, y: 2 }, { x: 4294967295, y: 0 }]]],
  ['option', t.option(t.u32), [undefined, 0, 7]],
  ['option of struct', t.option(Pos), [undefined, { x: 1, y: 2 }]],
  ['tuple', t.tuple(t.u8, t.string, t.bool), [[1, 'a', true]]],
  ['map', t.map(t.string, t.u32), [new Map(), new Map([['a', 1], ['b', 2]])]],
  ['map of structs', t.map(t.u32, Pos), [new Map([[1, { x: 1, y: 1 }]])]],
  ['struct', Pos, [{ x: 0, y: 0 }, { x: 123, y: 456 }]],
  ['enum', t.enum('game.Kind', ['a', 'b', 'c']), ['a', 'c']],
  ['enum u16 sparse', t.enum('game.Sparse', { low: 1, high: 40000 }, { size: 'u16' }), ['low', 'high']],
  ['enum u32', t.enum('game.Wide', { a: 0, b: 0xffffffff }, { size: 'u32' }), ['b']],
  ['union', t.union('game.Shape', { Circle: { r: t.f64 }, Rect: { w: t.u16, h: t.u16 }, Empty: t.unit }), [{ kind: 'Circle', r: 2.5 }, { kind: 'Rect', w: 1, h: 2 }, { kind: 'Empty' }]],
  ['union custom tag', t.union('game.Ev', { Hit: { dmg: t.u8 }, Miss: t.unit }, { tag: 'type', size: 'u16' }), [{ type: 'Hit', dmg: 3 }, { type: 'Miss' }]],
  ['typed f64', t.typed('f64'), [new Float64Array([1.5, -2, NaN]), new Float64Array(0)]],
  ['typed u8', t.typed('u8'), [Uint8Array.of(1, 2, 3)]],
  ['typed i64', t.typed('i64'), [BigInt64Array.of(-1n, 2n)]],
];

for (const [name, schema, values] of cases) {
  test(`round trip: ${name}`, () => {
    for (const v of values) roundTrip(schema, v);
  });
}

test('round trip: records inside a struct', () => {
  const S = t.struct('game.Save', { name: t.string, history: t.records(Pos) });
  const history = RecordArray.from(Pos, [{ x: 1, y: 2 }, { x: 3, y: 4 }]);
  roundTrip(S, { name: 'abc', history });
});

test('round trip: nested combinations', () => {
  const Item = t.struct('game.Item', { id: t.u32, tags: t.vec(t.string), meta: t.option(t.map(t.string, t.f64)) });
  const Inv = t.struct('game.Inventory', {
    items: t.vec(Item),
    grid: t.array(t.array(t.u8, 2), 2),
    pairs: t.vec(t.tuple(t.string, t.option(Pos))),
    kind: t.enum('game.InvKind', ['bag', 'chest']),
  });
  roundTrip(Inv, {
    items: [{ id: 1, tags: ['a'], meta: undefined }, { id: 2, tags: [], meta: new Map([['w', 1.5]]) }],
    grid: [[1, 2], [3, 4]],
    pairs: [['p', { x: 1, y: 1 }], ['q', undefined]],
    kind: 'chest',
  });
});

test('round trip: 1e5-element vecs', () => {
  const n = 100_000;
  roundTrip(t.vec(t.u32), Array.from({ length: n }, (_, i) => i * 7));
  roundTrip(t.vec(Pos), Array.from({ length: n }, (_, i) => ({ x: i, y: n - i })));
  roundTrip(t.vec(t.string), Array.from({ length: n }, (_, i) => `s${i}`));
});

test('option: null is accepted as absent and decodes as undefined', () => {
  roundTrip(t.option(t.u8), null, {}, undefined);
});

test('u64/i64 accept safe-integer numbers on encode and decode to bigint', () => {
  roundTrip(t.u64, 42, {}, 42n);
  roundTrip(t.i64, -42, {}, -42n);
});

test('f32 rounds to single precision', () => {
  roundTrip(t.f32, 0.1, {}, Math.fround(0.1));
});

test('lazy: a recursive tree', () => {
  type Tree = { value: number; children: Tree[] };
  const Tree: any = t.struct('test.Tree', { value: t.u32, children: t.vec(t.lazy(() => Tree)) });
  const tree: Tree = { value: 1, children: [{ value: 2, children: [] }, { value: 3, children: [{ value: 4, children: [] }] }] };
  roundTrip(Tree, tree);
});

test('custom: stored as its base', () => {
  const DateT = t.custom(t.f64, { name: 'std.Date', encode: (d: Date) => d.getTime(), decode: (n) => new Date(n) });
  const S = t.struct('test.Ev', { at: DateT });
  const { compiled } = both(S);
  const d = new Date(1700000000000);
  const back = compiled.decode(compiled.encode({ at: d }));
  assert.ok(back.at instanceof Date);
  assert.is(back.at.getTime(), d.getTime());
});

test('canary: detects a custom encoder/decoder pair that disagree', () => {
  const Bad = t.custom(t.string, { name: 'test.Bad', encode: (x: number) => String(x), decode: (s) => Number(s) });
  const S = t.struct('test.C', { a: Bad, c: t.canary, b: t.u8 });
  roundTrip(S, { a: 5, c: undefined, b: 1 });
});

test('struct field key order and __proto__ field names are safe', () => {
  const S = t.struct('test.Weird', { ['__proto__']: t.u8, constructor: t.string, 'with space': t.bool } as any);
  const value = JSON.parse('{"__proto__": 1, "constructor": "c", "with space": true}');
  const { compiled, interpreted } = both(S);
  const bytes = compiled.encode(value);
  assert.is(hex(bytes), hex(interpreted.encode(value)));
  for (const c of [compiled, interpreted]) {
    const back = c.decode(bytes) as any;
    assert.is(Object.getPrototypeOf(back), Object.prototype);
    assert.is(Object.getOwnPropertyDescriptor(back, '__proto__')?.value, 1);
    assert.is(back.constructor, 'c');
  }
});

test('field names that look like generated locals or arguments are safe', () => {
  const names = ['w', 'x', 'r', 'd', 'p', 'v', 't0', 'f1', 'k0', 'k6', '$0', '$1', 'o2', 'n3', 'i4', 'e0', 'undefined', 'this', 'arguments', 'return'];
  const S = t.struct('test.Names', Object.fromEntries(names.map((n, i) => [n, i % 2 ? t.string : t.map(t.string, t.u8)])) as any);
  roundTrip(S, Object.fromEntries(names.map((n, i) => [n, i % 2 ? n : new Map([[n, i]])])));
});

test('decode accepts Uint8Array, ArrayBuffer and Buffer, and subarrays at odd offsets', () => {
  const c = codec(t.struct('test.A', { s: t.string, v: t.typed('f64') }), { version: 0 });
  const bytes = c.encode({ s: 'x', v: new Float64Array([1, 2]) });
  const copy = new Uint8Array(bytes.length + 3);
  copy.set(bytes, 3);
  for (const input of [bytes, bytes.slice().buffer, Buffer.from(bytes), copy.subarray(3)]) {
    const back: unknown = c.decode(input as Uint8Array);
    assert.equal(norm(back), norm({ s: 'x', v: new Float64Array([1, 2]) }));
  }
});

test('the output buffer is reused and results do not alias it', () => {
  const c = codec(t.string, { version: 0 });
  const a = c.encode('first');
  const b = c.encode('second');
  assert.is(c.decode(a), 'first');
  assert.is(c.decode(b), 'second');
});

test('encode is re-entrant from a custom encoder', () => {
  const inner = codec(t.string, { version: 0 });
  let outer: ReturnType<typeof codec<any>>;
  const Wrapped = t.custom(t.bytes, { name: 'test.Wrapped', encode: (s: string) => outer.encode({ s: null as any, b: inner.encode(s) } as any) && inner.encode(s), decode: (b) => inner.decode(b) });
  const S = t.struct('test.Outer', { s: t.option(Wrapped), b: t.bytes });
  outer = codec(S, { version: 0 });
  const value = { s: 'hi', b: Uint8Array.of(1) };
  const back = outer.decode(outer.encode(value)) as { s?: string };
  assert.is(back.s, 'hi');
});

test.run();
