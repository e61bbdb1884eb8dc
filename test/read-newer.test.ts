// readNewer (API.md section 12): a release-N codec reads files of releases N+1 and N+2 by their
// embedded schemas, fields and variants resolved by name: added fields skipped, removed fields
// defaulted, promotable retypes widened, non-promotable retypes and used unknown variants
// SCHEMA_MISMATCH with the path; without the option (or without a schema section) NEWER_VERSION.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import { codec, RecordArray, SavepackError, t } from '../src/index.ts';
import { build } from './fuzz/container.ts';
import { wideStruct } from './hostile/kit.ts';

// ---- release N (data version 1) ----
const PosN = t.struct('g.Pos', { x: t.u32, y: t.u32 });
const SaveN = t.struct('g.Save', {
  name: t.string,
  hp: t.u16,
  ratio: t.f64,
  score: t.field(t.u32, { since: 1 }),
  tags: t.field(t.vec(t.string), { default: ['none'] }),
  items: t.vec(t.struct('g.Item', { name: t.string, count: t.u8 })),
  kind: t.enum('g.Kind', ['A', 'B']),
  shape: t.union('g.Shape', { Circle: { r: t.f32 }, Dot: t.unit }),
  history: t.records(PosN),
  path: t.records(PosN),
  big: t.u64,
});
const readerN = codec(SaveN, { version: 1, readNewer: true });

// ---- release N+1 (data version 2): added fields, a removed field, a narrowed type, new variants ----
const PosN1 = t.struct('g.Pos4', { x: t.u32, y: t.u32, z: t.u32, w: t.u32 });
const SaveN1 = t.struct('g.Save', {
  name: t.string,
  hp: t.u16,
  ratio: t.field(t.f32, { was: [{ until: 1, type: t.f64, convert: (x: number) => x, revert: (x: number) => x }] }),
  score: t.field(t.u32, { since: 1 }),
  mana: t.field(t.u16, { since: 2 }),
  tags: t.removed(t.vec(t.string), { until: 1 }),
  items: t.vec(t.struct('g.Item', { name: t.string, count: t.u8, rarity: t.field(t.string, { since: 2 }) })),
  kind: t.enum('g.Kind', ['A', 'B', 'C'], { since: { C: 2 } }),
  shape: t.union('g.Shape', { Circle: { r: t.f32 }, Dot: t.unit, Square: t.variant({ side: t.u8 }, { since: 2 }) }),
  history: t.records(PosN),
  path: t.field(t.records(PosN1), { was: [{ until: 1, type: t.records(PosN), convert: (x: any) => x, revert: (x: any) => x }] }),
  big: t.field(t.u32, { was: [{ until: 1, type: t.u64, convert: (x: bigint) => Number(x), revert: (x: number) => BigInt(x) }] }),
  journal: t.field(t.map(t.string, t.vec(t.u8)), { since: 2 }),
});
const writerN1 = codec(SaveN1, { version: 2 });

const v1 = {
  name: 'Ada', hp: 300, ratio: 0.5, score: 7,
  items: [{ name: 'sword', count: 1, rarity: 'epic' }, { name: 'rope', count: 3, rarity: '' }],
  kind: 'B' as const, shape: { kind: 'Circle' as const, r: 2.5 },
  history: RecordArray.from(PosN, [{ x: 1, y: 2 }, { x: 3, y: 4 }]),
  path: RecordArray.from(PosN1, [{ x: 5, y: 6, z: 7, w: 8 }]),
  big: 123456, mana: 40, journal: new Map([['day1', [1, 2, 3]]]),
};

test('N reads N+1: added fields skipped, removed fields defaulted, promotions applied, records resolved', () => {
  for (const compress of ['none', 'deflate'] as const) {
    const file = codec(SaveN1, { version: 2, compress }).encode(v1 as never);
    const got = readerN.decode(file) as any;
    assert.equal(Object.keys(got), ['name', 'hp', 'ratio', 'score', 'tags', 'items', 'kind', 'shape', 'history', 'path', 'big']);
    assert.is(got.name, 'Ada');
    assert.is(got.hp, 300);
    assert.is(got.ratio, 0.5, 'f32 -> f64');
    assert.is(got.score, 7);
    assert.equal(got.tags, ['none'], 'removed in N+1: the field default');
    assert.equal(got.items, [{ name: 'sword', count: 1 }, { name: 'rope', count: 3 }]);
    assert.is(got.kind, 'B');
    assert.equal(got.shape, { kind: 'Circle', r: 2.5 });
    assert.instance(got.history, RecordArray);
    assert.equal(got.history.toArray(), [{ x: 1, y: 2 }, { x: 3, y: 4 }]);
    assert.equal(got.path.toArray(), [{ x: 5, y: 6 }], 'records of a struct that gained fields: per record');
    assert.is(got.big, 123456n, 'u32 -> u64');
  }
});

test('N reads N+1: an added variant that the data does not use is fine, a used one is SCHEMA_MISMATCH with the path', () => {
  const ok = readerN.decode(writerN1.encode({ ...v1, kind: 'A', shape: { kind: 'Dot' } } as never)) as any;
  assert.is(ok.kind, 'A');
  assert.equal(ok.shape, { kind: 'Dot' });
  const e1 = error(() => readerN.decode(writerN1.encode({ ...v1, kind: 'C' } as never)));
  assert.is(e1.code, 'SCHEMA_MISMATCH');
  assert.is(e1.path, 'g.Save.kind');
  assert.match(e1.message, /variant C of enum g.Kind/);
  const e2 = error(() => readerN.decode(writerN1.encode({ ...v1, shape: { kind: 'Square', side: 2 } } as never)));
  assert.is(e2.code, 'SCHEMA_MISMATCH');
  assert.is(e2.path, 'g.Save.shape');
  assert.match(e2.message, /variant Square of union g.Shape/);
});

test('a readNewer mismatch inside a union variant or a map names the path as every other error does', () => {
  const A = t.struct('g.S', { u: t.union('g.U', { Circle: { r: t.u8 }, Sq: { s: t.u8 } }), m: t.map(t.string, t.struct('g.E', { a: t.u8 })) });
  const B = t.struct('g.S', { u: t.union('g.U', { Circle: { r: t.string }, Sq: { s: t.u8 } }), m: t.map(t.string, t.struct('g.E', { a: t.u8 })) });
  const C = t.struct('g.S', { u: t.union('g.U', { Circle: { r: t.u8 }, Sq: { s: t.u8 } }), m: t.map(t.string, t.struct('g.E', { a: t.string })) });
  const reader = codec(A, { version: 0, readNewer: true });
  const e1 = error(() => reader.decode(codec(B, { version: 1 }).encode({ u: { kind: 'Sq', s: 1 }, m: new Map() } as never)));
  assert.is(e1.code, 'SCHEMA_MISMATCH');
  assert.is(e1.path, 'g.S.u?Circle.r');
  const e2 = error(() => reader.decode(codec(C, { version: 1 }).encode({ u: { kind: 'Sq', s: 1 }, m: new Map([['k', { a: 'x' }]]) } as never)));
  assert.is(e2.code, 'SCHEMA_MISMATCH');
  assert.is(e2.path, 'g.S.m{value}.a');
});

// ---- release N+2 (data version 3): non-promotable retypes ----
const SaveN2 = (hp: any, count: any) => t.struct('g.Save', {
  name: t.string,
  hp,
  ratio: t.f64,
  score: t.field(t.u32, { since: 1 }),
  items: t.vec(t.struct('g.Item', { name: t.string, count })),
  kind: t.enum('g.Kind', ['A', 'B']),
  shape: t.union('g.Shape', { Circle: { r: t.f32 }, Dot: t.unit }),
  history: t.records(PosN),
  path: t.records(PosN),
  big: t.u64,
});
const v2 = { name: 'Bo', hp: 5, ratio: 1, score: 2, items: [] as unknown[], kind: 'A', shape: { kind: 'Dot' }, history: new RecordArray(PosN, 0), path: new RecordArray(PosN, 0), big: 1n };

test('N reads N+2: a widened type the codec cannot hold is SCHEMA_MISMATCH even for a small value; so is a retyped nested field in an empty vector', () => {
  const wide = codec(SaveN2(t.u32, t.u8), { version: 3 }).encode(v2 as never);
  const e1 = error(() => readerN.decode(wide));
  assert.is(e1.code, 'SCHEMA_MISMATCH');
  assert.is(e1.path, 'g.Save.hp');
  assert.match(e1.message, /the file stores u32, this codec reads u16/);
  const retyped = codec(SaveN2(t.u16, t.string), { version: 3 }).encode(v2 as never);
  const e2 = error(() => readerN.decode(retyped));
  assert.is(e2.code, 'SCHEMA_MISMATCH');
  assert.is(e2.path, 'g.Save.items[0].count');
  assert.match(e2.message, /stores string, this codec reads u8/);
  // a promotable retype in N+2 (u16 -> u8 narrowed by the writer: u8 widens to u16)
  const narrowed = codec(SaveN2(t.u8, t.u8), { version: 3 }).encode({ ...v2, items: [{ name: 'a', count: 9 }] } as never);
  const got = readerN.decode(narrowed) as any;
  assert.is(got.hp, 5);
  assert.equal(got.items, [{ name: 'a', count: 9 }]);
  assert.equal(got.tags, ['none']);
});

test('without readNewer a newer file stays NEWER_VERSION; so does a newer file without a schema section', () => {
  const file = writerN1.encode(v1 as never);
  assert.is(error(() => codec(SaveN, { version: 1 }).decode(file)).code, 'NEWER_VERSION');
  assert.is(error(() => codec(SaveN, { version: 1, readNewer: false }).decode(file)).code, 'NEWER_VERSION');
  const bare = codec(SaveN1, { version: 2, schemaHeader: false }).encode(v1 as never);
  const e = error(() => readerN.decode(bare));
  assert.is(e.code, 'NEWER_VERSION');
  assert.match(e.message, /no embedded schema/);
  assert.is(error(() => codec(SaveN, { version: 1, readNewer: 'yes' as never })).code, 'INVALID_VALUE');
});

test('readNewer changes nothing for files of the codec\'s own versions, and a damaged newer file fails as decode does', () => {
  const own = codec(SaveN, { version: 1 });
  const value = { name: 'C', hp: 1, ratio: 2, score: 3, tags: ['x'], items: [], kind: 'A', shape: { kind: 'Dot' }, history: new RecordArray(PosN, 0), path: new RecordArray(PosN, 0), big: 4n };
  const file = own.encode(value as never);
  assert.equal(readerN.decode(file), own.decode(file));
  const v0 = own.encode(value as never, { version: 0 });
  assert.equal(readerN.decode(v0), own.decode(v0));
  const newer = codec(SaveN1, { version: 2, checksum: false }).encode(v1 as never);
  assert.is(error(() => readerN.decode(newer.subarray(0, newer.length - 3))).code, 'TRUNCATED');
  const summed = writerN1.encode(v1 as never);
  summed[summed.length - 12] ^= 1;
  assert.is(error(() => readerN.decode(summed)).code, 'CHECKSUM');
  const other = codec(t.struct('g.Other', { name: t.string }), { version: 5 }).encode({ name: 'x' });
  assert.is(error(() => readerN.decode(other)).code, 'SCHEMA_MISMATCH');
});

test('N reads N+1 through custom types, recursive types, maps, options and tuples', () => {
  const When = (base: any) => t.custom(base, { name: 'g.When', encode: (d: Date) => d.getTime(), decode: (x: unknown) => new Date(x as number) });
  const NodeN: any = t.struct('g.Node', { v: t.u16, kids: t.vec(t.lazy(() => NodeN)) });
  const NodeN1: any = t.struct('g.Node', { v: t.u8, label: t.string, kids: t.vec(t.lazy(() => NodeN1)) });
  const TreeN = t.struct('g.Tree', { when: When(t.f64), root: NodeN, m: t.map(t.string, t.option(t.u32)), pair: t.tuple(t.i32, t.f64) });
  const TreeN1 = t.struct('g.Tree', { when: When(t.f64), root: NodeN1, m: t.map(t.string, t.option(t.u16)), pair: t.tuple(t.i8, t.f32) });
  const file = codec(TreeN1, { version: 4 }).encode({
    when: new Date(86_400_000), root: { v: 1, label: 'r', kids: [{ v: 2, label: 'a', kids: [] }, { v: 3, label: 'b', kids: [{ v: 4, label: 'c', kids: [] }] }] },
    m: new Map([['a', 7], ['b', undefined]]), pair: [-3, 0.25],
  } as never);
  const got = codec(TreeN, { version: 3, readNewer: true, compile: false }).decode(file) as any;
  assert.instance(got.when, Date);
  assert.is(got.when.getTime(), 86_400_000);
  assert.equal(got.root, { v: 1, kids: [{ v: 2, kids: [] }, { v: 3, kids: [{ v: 4, kids: [] }] }] });
  assert.equal([...got.m], [['a', 7], ['b', undefined]]);
  assert.equal(got.pair, [-3, 0.25]);
  // the same file, read by a codec whose tuple item cannot hold the file's: the path names the item
  const TreeBad = t.struct('g.Tree', { when: When(t.f64), root: NodeN, m: t.map(t.string, t.option(t.u32)), pair: t.tuple(t.u8, t.f64) });
  const e = error(() => codec(TreeBad, { version: 3, readNewer: true }).decode(file));
  assert.is(e.code, 'SCHEMA_MISMATCH');
  assert.is(e.path, 'g.Tree.pair[0]');
  assert.match(e.message, /stores i8, this codec reads u8/);
});

test('decodeStream reads newer files the same way', async () => {
  const stream = (b: Uint8Array) => new ReadableStream<Uint8Array>({ start(c) { c.enqueue(b.slice(0, 50)); c.enqueue(b.slice(50)); c.close(); } });
  const file = writerN1.encode(v1 as never);
  assert.equal(await readerN.decodeStream(stream(file)), readerN.decode(file));
  const bare = codec(SaveN1, { version: 2, schemaHeader: false }).encode(v1 as never);
  await readerN.decodeStream(stream(bare)).then(() => assert.unreachable('read'), (e) => assert.is((e as SavepackError).code, 'NEWER_VERSION'));
  const used = writerN1.encode({ ...v1, kind: 'C' } as never);
  await readerN.decodeStream(stream(used)).then(() => assert.unreachable('read'), (e) => assert.is((e as SavepackError).code, 'SCHEMA_MISMATCH'));
});

test('a hostile newer schema section: too large to resolve, or unusable, is SCHEMA_MISMATCH at once', () => {
  const wide = build({ format: 1, flags: 1, version: 9, schema: wideStruct('g.Save', 250_000), raw: new Uint8Array(0) });
  const e = error(() => readerN.decode(wide));
  assert.is(e.code, 'SCHEMA_MISMATCH');
  assert.match(e.message, /too large to resolve/);
  const dup = build({ format: 1, flags: 1, version: 9, schema: wideStruct('g.Save', 3), raw: new Uint8Array(0) });
  assert.match(error(() => readerN.decode(dup)).message, /two fields named/);
});

test('damaged newer files (payload and schema section) give a value or a SavepackError', () => {
  const file = codec(SaveN1, { version: 2, checksum: false }).encode(v1 as never);
  fc.assert(fc.property(fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 4 }), (edits) => {
    const b = file.slice();
    for (const [at, x] of edits) b[32 + (at % (b.length - 32))] = x;
    try { readerN.decode(b); } catch (e) {
      if (!(e instanceof SavepackError)) throw e;
    }
  }), { numRuns: 1000 });
});

/** The SavepackError `f` throws. */
function error(f: () => unknown): SavepackError {
  try { f(); } catch (e) { if (e instanceof SavepackError) return e; throw e; }
  throw new Error('did not throw');
}

test.run();
