// open(bytes): lazy get/keys/length by path over every kind of stored value, against the full
// decode; path errors are INVALID_VALUE naming the path; a file without a schema section is
// NOT_SUPPORTED for inspect and open.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { codec, encodeSchema, inspect, open, RecordArray, SavepackError, schemaAt, t } from '../src/index.ts';
import { build } from './fuzz/container.ts';
import { readFileSync } from 'node:fs';
import { canonical } from './hostile/digest.ts';

const Pos = t.struct('test.Pos', { x: t.u32, y: t.i16, alive: t.bool, pad: t.u8 });
const Item = t.struct('test.Item', { name: t.string, tags: t.vec(t.string), weight: t.option(t.f64) });
const Node = t.struct('test.Node', { v: t.u8, kids: t.vec(t.lazy((): any => Node)) });
const Shape = t.union('test.Shape', { Circle: { r: t.f64 }, Rect: { w: t.u16, h: t.u16 }, None: t.unit });
const World = t.struct('test.World', {
  name: t.string,
  history: t.records(Pos),
  samples: t.typed('f32'),
  items: t.vec(Item),
  grid: t.array(t.tuple(t.u8, t.string), 3),
  byName: t.map(t.string, Item),
  byId: t.map(t.u32, t.string),
  big: t.map(t.u64, t.bool),
  shape: t.union('test.Shape', { Circle: { r: t.f64 }, Rect: { w: t.u16, h: t.u16 }, None: t.unit }),
  shapes: t.vec(Shape),
  tree: Node,
  maybe: t.option(t.struct('test.Maybe', { deep: t.vec(t.u64) })),
  never: t.option(Item),
  blob: t.bytes,
  id: t.fixed(4),
  ['odd.name']: t.u8,
});

const item = (i: number) => ({ name: `item${i}`, tags: Array.from({ length: i % 4 }, (_, k) => `t${k}`), weight: i % 3 ? i / 2 : undefined });
const value = {
  name: 'Ada',
  history: RecordArray.from(Pos, Array.from({ length: 1000 }, (_, i) => ({ x: i * 3, y: -i, alive: i % 2 === 0, pad: 0 }))),
  samples: Float32Array.from({ length: 100 }, (_, i) => i / 4),
  items: Array.from({ length: 100 }, (_, i) => item(i)),
  grid: [[1, 'a'], [2, 'bb'], [3, 'ccc']] as [number, string][],
  byName: new Map([['sword', item(7)], ['shield', item(8)]]),
  byId: new Map([[5, 'five'], [70000, 'big']]),
  big: new Map([[2n ** 63n, true], [1n, false]]),
  shape: { kind: 'Rect' as const, w: 3, h: 4 },
  shapes: [{ kind: 'Circle' as const, r: 1.5 }, { kind: 'None' as const }, { kind: 'Rect' as const, w: 1, h: 2 }],
  tree: { v: 1, kids: [{ v: 2, kids: [] }, { v: 3, kids: [{ v: 4, kids: [] }] }] },
  maybe: { deep: [1n, 2n, 3n] },
  never: undefined,
  blob: Uint8Array.of(1, 2, 3),
  id: Uint8Array.of(9, 8, 7, 6),
  'odd.name': 42,
};
const c = codec(World, { version: 0 });
const bytes = c.encode(value as never);
const full = c.decode(bytes) as Record<string, any>;
const same = (a: unknown, b: unknown, msg?: string) => assert.is(canonical(a), canonical(b), msg);

test('get: every kind of value by path, equal to the full decode', () => {
  const v = open(bytes);
  same(v.get(), full);
  same(v.get(''), full);
  assert.is(v.get('name'), 'Ada');
  same(v.get('history[999]'), { x: 2997, y: -999, alive: false, pad: 0 });
  assert.is(v.get('history[500].x'), 1500);
  assert.is(v.get('history[3].alive'), false);
  assert.is(v.get('samples[7]'), 1.75);
  assert.instance(v.get('samples'), Float32Array);
  assert.instance(v.get('history'), RecordArray);
  for (const i of [0, 1, 15, 16, 17, 50, 99, 33, 98]) same(v.get(`items[${i}]`), full.items[i], `items[${i}]`);
  assert.is(v.get('items[42].tags[1]'), 't1');
  assert.is(v.get('items[4].weight'), 2);
  assert.is(v.get('items[3].weight'), full.items[3].weight);
  assert.is(v.get('grid[2][1]'), 'ccc');
  same(v.get('grid[1]'), [2, 'bb']);
  same(v.get('byName["shield"]'), item(8));
  assert.is(v.get('byName["sword"].name'), 'item7');
  assert.is(v.get('byId[70000]'), 'big');
  assert.is(v.get('big[1]'), false);
  assert.is(v.get('shape.kind'), 'Rect');
  assert.is(v.get('shape.h'), 4);
  assert.is(v.get('shapes[0].r'), 1.5);
  assert.is(v.get('shapes[1].kind'), 'None');
  assert.is(v.get('tree.kids[1].kids[0].v'), 4);
  assert.is(v.get('maybe.deep[2]'), 3n);
  assert.is(v.get('never'), undefined);
  assert.is(v.get('never.name'), undefined, 'a path through an absent option gives undefined');
  same(v.get('blob'), Uint8Array.of(1, 2, 3));
  assert.is(v.get('["odd.name"]'), 42);
});

test('keys and length', () => {
  const v = open(bytes);
  assert.equal(v.keys(), Object.keys(value));
  assert.is(v.length('history'), 1000);
  assert.is(v.length('samples'), 100);
  assert.is(v.length('items'), 100);
  assert.is(v.length('items[3].tags'), 3);
  assert.is(v.length('grid'), 3);
  assert.is(v.length('grid[0]'), 2);
  assert.equal(v.keys('grid[0]'), [0, 1]);
  assert.equal(v.keys('byName'), ['sword', 'shield']);
  assert.equal(v.keys('byId'), [5, 70000]);
  assert.equal(v.keys('big'), [2n ** 63n, 1n]);
  assert.is(v.length('byName'), 2);
  assert.equal(v.keys('shape'), ['kind', 'w', 'h']);
  assert.equal(v.keys('shapes[1]'), ['kind']);
  assert.equal(v.keys('history[2]'), ['x', 'y', 'alive', 'pad']);
  assert.equal(v.keys('maybe'), ['deep']);
  assert.is(v.length('blob'), 3);
  assert.is(v.length('id'), 4);
  assert.is(v.length('name'), 3);
  assert.equal(v.keys('tree.kids[1]'), ['v', 'kids']);
  assert.is(v.schemaAt('history').kind, 'records');
  assert.is(v.schemaAt('tree.kids[0]').kind, 'struct');
  assert.is(v.schemaAt('history[0].x').kind, 'u32');
});

/** Every path reachable through keys() (the first `width` keys of each node) gives, through get(), the part of the whole value it names. */
function walkAll(v: ReturnType<typeof open>, path: string, value: unknown, width: number, seen = { n: 0 }): number {
  let keys: unknown[];
  try { keys = v.keys(path); } catch (e) { if (e instanceof SavepackError && e.code === 'INVALID_VALUE') return seen.n; throw e; }
  for (const k of keys.slice(0, width)) {
    let step: string;
    if (typeof k === 'number' || typeof k === 'bigint') step = `[${k}]`;
    else if (typeof k === 'string') step = value instanceof Map || !/^[A-Za-z_$][\w$]*$/.test(k) ? `[${JSON.stringify(k)}]` : path === '' ? k : `.${k}`;
    else continue; // keys of other types have no path syntax
    const child = value instanceof Map ? value.get(k) : value instanceof RecordArray ? value.get(k as number) : (value as Record<string, unknown>)[k as string];
    same(v.get(path + step), child, path + step);
    seen.n++;
    walkAll(v, path + step, child, width, seen);
  }
  return seen.n;
}

test('every path reachable through keys() gets the part of the full value it names', () => {
  const n = walkAll(open(bytes), '', full, 20);
  assert.ok(n > 250, String(n));
  for (const name of ['player-v2-deflate.sp', 'units-v0.bin', 'compact-v0.bin']) {
    const b = new Uint8Array(readFileSync(new URL(`fixtures/${name}`, import.meta.url)));
    assert.ok(walkAll(open(b), '', inspect(b).value, 20) > 20, name);
  }
});

test('repeated gets in a vector of variable-size items agree in any order (checkpoints)', () => {
  const v = open(bytes);
  const order = [99, 0, 64, 17, 16, 15, 98, 31, 32, 33, 1, 80];
  for (const i of order) assert.is(v.get(`items[${i}].name`), `item${i}`);
  for (const i of order.reverse()) same(v.get(`items[${i}].tags`), full.items[i].tags);
});

test('inspect: header facts, stored schema, value', () => {
  const r = inspect(bytes);
  assert.is(r.formatVersion, 1);
  assert.is(r.dataVersion, 0);
  assert.is(r.flags, 3);
  assert.is(r.schema.kind, 'struct');
  same(r.value, full);
});

/** The SavepackError `f` throws. */
function error(f: () => unknown): SavepackError {
  try { f(); } catch (e) { if (e instanceof SavepackError) return e; throw e; }
  throw new Error('did not throw');
}

test('bad paths are INVALID_VALUE with the path', () => {
  const v = open(bytes);
  const cases: [string, RegExp][] = [
    ['nope', /no field "nope"/],
    ['items[100]', /index 100 outside the 100 items/],
    ['items[-1]', /index -1 outside/],
    ['history[1000]', /index 1000 outside the 1000 items/],
    ['samples[100]', /outside/],
    ['items.name', /has indexes, not fields/],
    ['name.length', /has no parts/],
    ['history[1].z', /no field "z"/],
    ['shape.r', /holds variant Rect here, which has no field "r"/],
    ['byName["axe"]', /no key "axe"/],
    ['byId[6]', /no key 6/],
    ['grid[3]', /outside/],
    ['grid[0][2]', /outside/],
  ];
  for (const [p, why] of cases) {
    const e = error(() => v.get(p));
    assert.is(e.code, 'INVALID_VALUE', p);
    assert.match(e.message, why, p);
    assert.ok(e.path.length > 0 && p.startsWith(e.path), `${p}: path ${e.path}`);
  }
  for (const p of ['a..b', 'a[', 'a[1', '[x]', '.a', 'a[01]', 'a b', '["unterminated]']) {
    const e = error(() => v.get(p));
    assert.is(e.code, 'INVALID_VALUE', p);
    assert.match(e.message, /malformed path/, p);
  }
  assert.is(error(() => v.get(5 as never)).code, 'INVALID_VALUE');
  assert.is(error(() => v.keys('name')).code, 'INVALID_VALUE');
  assert.is(error(() => v.length('shape.w')).code, 'INVALID_VALUE');
  assert.is(error(() => v.keys('never')).code, 'INVALID_VALUE');
});

test('a file without a schema section is NOT_SUPPORTED', () => {
  const plain = codec(World, { version: 0, schemaHeader: false }).encode(value as never);
  assert.is(error(() => inspect(plain)).code, 'NOT_SUPPORTED');
  assert.is(error(() => open(plain)).code, 'NOT_SUPPORTED');
});

test('a damaged value is reported where it lies, and only when read', () => {
  const b = codec(World, { version: 0, checksum: false }).encode(value as never);
  b[b.length - 1] = 0xff; // no checksum: the last byte is the payload's, 'odd.name'
  const v = open(b);
  assert.is(v.get('items[3].name'), 'item3');
  assert.is(v.get('["odd.name"]'), 255);
  // the bool of history[3] set to 7: only reading that record (or the whole value) fails
  const r = codec(World, { version: 0, checksum: false }).encode(value as never);
  const hist = inspect(r).value as { history: RecordArray };
  void hist;
  const rec = r.findIndex((_, i) => r[i] === 9 && r[i + 4] === 0xfd && r[i + 5] === 0xff); // x = 9, y = -3
  assert.ok(rec > 0);
  r[rec + 6] = 7;
  const w = open(r);
  assert.is(w.get('history[2].x'), 6);
  const e = error(() => w.get('history[3]'));
  assert.is(e.code, 'INVALID_DATA');
  assert.is(error(() => w.get()).code, 'INVALID_DATA');
  assert.is(error(() => inspect(r)).code, 'INVALID_DATA');
});

test('hostile shapes: a flood of items that may take no bytes is LIMIT_EXCEEDED for get, keys and skipping, never a hang', () => {
  const Empty = t.struct('test.Empty', {});
  const S = t.struct('test.Flood', { v: t.vec(t.lazy(() => Empty)), u: t.vec(t.unit), after: t.u8 });
  const schema = encodeSchema(schemaAt(S, 0));
  const payload = Uint8Array.of(0xff, 0xff, 0xff, 0xff, 0x0f, 0xff, 0xff, 0xff, 0xff, 0x0f, 7);
  const file = build({ format: 1, flags: 1, version: 0, schema, raw: payload });
  const v = open(file);
  // as decode bounds them (a slot each in the allocation budget), even where nothing is allocated
  for (const f of [() => v.get('after'), () => v.get('v[4000000000]'), () => v.keys('u'), () => v.length('u'), () => v.get(), () => inspect(file)]) {
    assert.is(error(f).code, 'LIMIT_EXCEEDED');
  }
  const small = open(build({ format: 1, flags: 1, version: 0, schema, raw: Uint8Array.of(3, 0xa0, 0xc2, 0x1e, 7) })); // 3 empties, 500,000 units
  assert.is(small.length('u'), 500_000);
  assert.is(small.get('u[499999]'), undefined);
  assert.is(small.get('after'), 7);
  assert.is(small.length('v'), 3);
});

test('no code is generated from a file: records of a struct from the schema section are read by the interpreter', () => {
  const R = t.struct('test.Gen', { ['we"ird\\']: t.u32, ok: t.u16, pad: t.u16 });
  const S = t.struct('test.GenSave', { h: t.records(R) });
  const b = codec(S, { version: 0 }).encode({ h: RecordArray.from(R, [{ 'we"ird\\': 1, ok: 2, pad: 0 }, { 'we"ird\\': 3, ok: 4, pad: 0 }]) } as never);
  const real = globalThis.Function;
  let made = 0;
  globalThis.Function = new Proxy(real, { construct(target, args) { made++; return Reflect.construct(target, args); }, apply(target, self, args) { made++; return Reflect.apply(target, self, args); } });
  try {
    assert.equal((inspect(b).value as { h: RecordArray }).h.toArray(), [{ 'we"ird\\': 1, ok: 2, pad: 0 }, { 'we"ird\\': 3, ok: 4, pad: 0 }]);
    assert.is(open(b).get('h[1].ok'), 4);
    assert.is(open(b).get('h[1]["we\\"ird\\\\"]'), 3);
  } finally {
    globalThis.Function = real;
  }
  assert.is(made, 0);
});

test.run();
