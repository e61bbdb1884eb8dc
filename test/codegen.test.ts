// The code generator: compiled codecs are cached per schema and version (two codecs of one schema
// compile once), hostile hand-made schema objects are refused before any code is generated, and
// a failing compiled encode/decode runs user code (custom types, hooks) exactly once.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { codec, SavepackError, t } from '../src/index.ts';
import { generatedCount } from '../src/codegen/mode.ts';

const Pos = t.struct('cg.Pos', { x: t.u32, y: t.u32 });
const World = t.struct('cg.World', { name: t.string, items: t.vec(Pos), tags: t.map(t.string, t.u8) });
const world = { name: 'w', items: [{ x: 1, y: 2 }], tags: new Map([['a', 1]]) };

test('two codecs of one schema compile its encoder and decoder once per version', () => {
  const a = codec(World, { version: 0 });
  const before = generatedCount();
  const bytes = a.encode(world);
  a.decode(bytes);
  const first = generatedCount() - before;
  assert.is(first, 2, 'one encoder and one decoder');
  const b = codec(World, { version: 0 });
  assert.equal(b.decode(b.encode(world)), a.decode(bytes));
  assert.is(generatedCount() - before, 2, 'the second codec reuses both');
  // another version, or another depth bound baked into the encoder, compiles anew
  const c = codec(World, { version: 1 });
  c.encode(world);
  assert.is(generatedCount() - before, 3);
  codec(World, { version: 0, limits: { maxDepth: 7 } }).encode(world);
  assert.is(generatedCount() - before, 4);
  codec(World, { version: 0, limits: { maxDepth: 7 } }).decode(bytes);
  assert.is(generatedCount() - before, 4, 'the decoder does not bake the depth bound in');
});

test('recursive schemas compile once and terminate', () => {
  const Node: any = t.struct('cg.Node', { v: t.u8, next: t.option(t.lazy(() => Node)) });
  const before = generatedCount();
  const a = codec(Node, { version: 0 }), b = codec(Node, { version: 0 });
  const v = { v: 1, next: { v: 2, next: undefined } };
  assert.equal(b.decode(a.encode(v)), v);
  assert.equal(a.decode(b.encode(v)), v);
  assert.is(generatedCount() - before, 2);
});

const g = globalThis as { pwned?: unknown };
const refused = (schema: unknown, path?: string) => {
  try {
    const c = codec(schema as never, { version: 0 });
    c.encode(undefined as never);
  } catch (e) {
    assert.ok(e instanceof SavepackError, String(e));
    assert.is((e as SavepackError).code, 'INVALID_SCHEMA', (e as Error).message);
    if (path !== undefined) assert.is((e as SavepackError).path, path);
    return;
  }
  assert.unreachable('a hostile schema was accepted');
};

test('hand-made hostile schema objects are INVALID_SCHEMA before any code is generated', () => {
  const before = generatedCount();
  const code = '0); globalThis.pwned = 1; (0';
  refused({ kind: 'array', item: t.u8, length: code });
  refused({ kind: 'struct', name: 'h.S', requirePacked: false, fields: [
    { name: 'a', schema: { kind: 'array', item: t.u8, length: code }, since: 0, until: Infinity, hasDefault: false, was: [], ignore: false, removed: false },
  ] }, 'h.S.a');
  refused({ kind: 'array', item: t.u8, length: 1.5 });
  refused({ kind: 'array', item: t.u8, length: -1 });
  refused({ kind: 'enum', name: 'h.E', size: 'u8', variants: [{ name: 'a', value: code, since: 0, until: Infinity }] }, 'h.E?a');
  refused({ kind: 'enum', name: 'h.E2', size: 'u8', variants: [{ name: 'a', value: 256, since: 0, until: Infinity }] });
  refused({ kind: 'enum', name: 'h.E3', size: code, variants: [] });
  refused({ kind: 'union', name: 'h.U', tag: 'k', size: 'u8', variants: [{ name: 'a', value: code, fields: null, since: 0, until: Infinity }] });
  refused({ kind: 'union', name: 'h.U2', tag: 7, size: 'u8', variants: [] });
  refused({ kind: 'typed', element: code });
  refused({ kind: code });
  refused({ kind: 'vec', item: null });
  refused({ kind: 'struct', name: { toString: () => code }, fields: [], requirePacked: false });
  refused({ kind: 'struct', name: 'h.F', requirePacked: false, fields: [{ name: 5, schema: t.u8 }] });
  const self: any = { kind: 'vec', item: undefined };
  self.item = self;
  refused(self);
  refused({ kind: 'records', struct: t.struct('h.NotPacked', { s: t.string }) });
  assert.is(g.pwned, undefined);
  assert.is(generatedCount(), before, 'nothing was generated');
});

test('names with quotes, newlines and __proto__ are data in generated code', () => {
  const odd = ['a"b', "c'd\\", 'e\nf', '__proto__', 'constructor', '}); globalThis.pwned = 1; ({'];
  const S = t.struct('h.Odd', Object.fromEntries(odd.map((n, i) => [n, i % 2 ? t.string : t.u8])));
  const E = t.enum('h.OddE', odd);
  const tag = '"tag\n';
  const U = t.union('h.OddU', { [odd[0]!]: { [odd[3]!]: t.u8 }, [odd[5]!]: t.unit }, { tag });
  const Root = t.struct('h.Root', { s: S, e: t.vec(E), u: t.vec(U) });
  const value: any = { s: {}, e: [...odd], u: [JSON.parse(`{${JSON.stringify(tag)}: ${JSON.stringify(odd[0])}, "__proto__": 7}`), { [tag]: odd[5] }] };
  odd.forEach((n, i) => Object.defineProperty(value.s, n, { value: i % 2 ? `v${i}` : i, enumerable: true, writable: true, configurable: true }));
  const a = codec(Root, { version: 0 }), b = codec(Root, { version: 0, compile: false });
  const bytes = a.encode(value);
  assert.equal(b.encode(value), bytes);
  const back: any = a.decode(bytes);
  assert.equal(b.decode(bytes), back);
  for (const [i, n] of odd.entries()) assert.is(Object.getOwnPropertyDescriptor(back.s, n)?.value, i % 2 ? `v${i}` : i);
  assert.is(Object.getPrototypeOf(back.s), Object.prototype);
  assert.is(Object.getOwnPropertyDescriptor(back.u[0], '__proto__')?.value, 7);
  assert.equal(back.e, odd);
  assert.is(g.pwned, undefined);
});

test('compiled decodes build plain objects: Object.prototype, own data properties in declared order', () => {
  const P = t.struct('cg.PlainPos', { x: t.f64, y: t.f64 });
  const Item = t.struct('cg.Plain', { id: t.u32, name: t.string, pos: P, tags: t.vec(t.string), '0': t.u8, 'a b': t.bool });
  const Odd = t.struct('cg.PlainOdd', { toString: t.u8, hasOwnProperty: t.string, valueOf: t.bool });
  const V = t.union('cg.PlainU', { a: { n: t.u8 }, b: t.unit });
  const Root = t.struct('cg.PlainRoot', { items: t.vec(Item), odd: Odd, u: t.vec(V) });
  const value = {
    items: [{ id: 1, name: 'n', pos: { x: 1.5, y: -2 }, tags: ['t'], '0': 3, 'a b': true }, { id: 2, name: '', pos: { x: 0, y: 0 }, tags: [], '0': 0, 'a b': false }],
    odd: { toString: 1, hasOwnProperty: 'h', valueOf: true },
    u: [{ kind: 'a' as const, n: 4 }, { kind: 'b' as const }],
  };
  const a = codec(Root, { version: 0 }), b = codec(Root, { version: 0, compile: false });
  const bytes = a.encode(value);
  const back: any = a.decode(bytes);
  assert.equal(back, b.decode(bytes));
  assert.equal(back, value);
  const plain = [back, back.items[0], back.items[0].pos, back.items[1], back.odd, back.u[0], back.u[1]];
  for (const o of plain) {
    assert.is(Object.getPrototypeOf(o), Object.prototype);
    assert.is(o.constructor, Object);
    for (const k of Object.keys(o)) assert.ok(Object.getOwnPropertyDescriptor(o, k)!.writable);
  }
  assert.equal(Object.keys(back.items[0]), ['0', 'id', 'name', 'pos', 'tags', 'a b']);
  assert.equal(Object.keys(back.u[0]), ['kind', 'n']);
  assert.is(Object.getOwnPropertyDescriptor(back.odd, 'toString')?.value, 1);
  assert.is(JSON.stringify(back.items[1]), JSON.stringify(value.items[1]));
});

test('compiled decodes of inputs past 2 MiB build the same plain objects', () => {
  const Pt = t.struct('cg.BigPt', { x: t.u32, y: t.f64, on: t.bool });
  const Big = t.struct('cg.Big', { pts: t.vec(Pt), name: t.string });
  const value = { pts: Array.from({ length: 200_000 }, (_, i) => ({ x: i * 4099, y: i / 3, on: i % 3 === 0 })), name: 'big' };
  const a = codec(Big, { version: 0 });
  const bytes = a.encode(value);
  assert.ok(bytes.length > 2 * 1024 * 1024);
  const back: any = a.decode(bytes);
  for (const i of [0, 1, 77_777, 199_999]) {
    assert.equal(back.pts[i], value.pts[i]);
    assert.is(Object.getPrototypeOf(back.pts[i]), Object.prototype);
    assert.equal(Object.keys(back.pts[i]), ['x', 'y', 'on']);
  }
  assert.is(back.pts.length, value.pts.length);
});

test('a failing compiled encode or decode runs custom types, hooks and defaults once, and names the path', () => {
  let enc = 0, dec = 0, saves = 0, defaults = 0;
  const C = t.custom(t.u8, { name: 'cg.C', encode: (x: number) => { enc++; return x; }, decode: (b: number) => { dec++; return b; } });
  const Item = t.struct('cg.Item', {
    c: C,
    n: t.u8,
    // not stored at version 0: its onSave runs when writing version 0, its default when reading it
    d: t.field(t.u16, { since: 1, default: () => { defaults++; return 1; }, onSave: () => { saves++; } }),
  });
  const Bag = t.struct('cg.Bag', { items: t.vec(Item), last: t.string });
  const c = codec(Bag, { version: 1, checksum: false });
  assert.ok(c.compiled);
  const e = throwsAt(() => c.encode({ items: [{ c: 1, n: 1, d: 1 }, { c: 2, n: 300, d: 1 }], last: 'x' }, { version: 0 }), 'INVALID_VALUE', 'cg.Bag.items[1].n');
  assert.match(e.message, /300 is out of range for u8/);
  assert.is(enc, 2, 'custom encode once per item');
  assert.is(saves, 2, 'onSave once per item');
  // a version-0 file cut short in its last string: custom decode and the default run once per item
  const plain = c.encode({ items: [{ c: 1, n: 1, d: 1 }, { c: 2, n: 2, d: 1 }], last: 'hello' }, { version: 0 });
  enc = dec = saves = defaults = 0;
  const short = plain.slice(0, plain.length - 2);
  const dv = new DataView(short.buffer);
  dv.setUint32(20, dv.getUint32(20, true) - 2, true);
  dv.setUint32(24, dv.getUint32(24, true) - 2, true);
  throwsAt(() => c.decode(short), 'TRUNCATED', 'cg.Bag.last');
  assert.is(dec, 2, 'custom decode once per item');
  assert.is(defaults, 2, 'default function once per item');
  // the interpreter agrees on codes and paths
  throwsAt(() => codec(Bag, { version: 1, checksum: false, compile: false }).decode(short), 'TRUNCATED', 'cg.Bag.last');
});

function throwsAt(fn: () => unknown, code: string, path: string): SavepackError {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof SavepackError, String(e));
    assert.is((e as SavepackError).code, code, (e as Error).message);
    assert.is((e as SavepackError).path, path, (e as Error).message);
    return e as SavepackError;
  }
  assert.unreachable('no error');
  throw new Error('unreachable');
}

test.run();
