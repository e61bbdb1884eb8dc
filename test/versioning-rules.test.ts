// Versioning beyond the migration table: defaults as functions of the source version, hooks and
// the versions they receive, the caller's object after a downgrade, byte identity of the game save
// with the schemas as they stood, and every refusal (NEWER_VERSION, SCHEMA_MISMATCH, NOT_SUPPORTED,
// INVALID_VALUE, MIGRATION_FAILED, INVALID_SCHEMA).

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { codec, diffSchema, RecordArray, t, type Schema } from '../src/index.ts';
import { both, bothThrow, hex, norm, throwsCode } from './helpers/codecs.ts';
import { Player, PlayerV0, PlayerV1, Position } from '../examples/player.ts';

/** Bytes of `value` as written by a codec of `schema` at version `v` (a release that had that schema). */
const fileOf = (schema: Schema, v: number, value: unknown) => codec(schema, { version: v }).encode(value as never);
const modes = [true, false] as const;

// ---- defaults ----

test('default functions receive the source version, and run only when the field is missing', () => {
  const calls: number[] = [];
  const S = t.struct('d.S', { a: t.u8, b: t.field(t.u32, { since: 2, default: (v) => { calls.push(v); return 100 + v; } }) });
  const files = [fileOf(t.struct('d.S', { a: t.u8 }), 0, { a: 1 }), fileOf(t.struct('d.S', { a: t.u8 }), 1, { a: 1 }), fileOf(t.struct('d.S', { a: t.u8, b: t.u32 }), 2, { a: 1, b: 7 })];
  for (const compile of modes) {
    calls.length = 0;
    const c = codec(S, { version: 3, compile });
    assert.equal(files.map((f) => c.decode(f).b), [100, 101, 7]);
    assert.equal(calls, [0, 1], `compile: ${compile}`);
  }
});

test('an ignored field\'s default function receives the version of every load', () => {
  const calls: number[] = [];
  const S = t.struct('d.I', { a: t.u8, cache: t.field(t.u32, { ignore: true, default: (v) => { calls.push(v); return v * 10; } }) });
  const Plain = t.struct('d.I', { a: t.u8 });
  for (const compile of modes) {
    calls.length = 0;
    const c = codec(S, { version: 2, compile });
    assert.equal([0, 1, 2].map((v) => c.decode(fileOf(Plain, v, { a: v })).cache), [0, 10, 20]);
    assert.equal(calls, [0, 1, 2], `compile: ${compile}`);
    assert.is(hex(c.encode({ a: 1, cache: 99 }, { version: 1 })), hex(fileOf(Plain, 1, { a: 1 })));
  }
});

test('a struct-typed field added later: nested default functions receive the source version too', () => {
  const calls: number[] = [];
  const Inner = t.struct('d.In', { a: t.u8, b: t.field(t.u16, { since: 1, default: (v) => { calls.push(v); return 10 + v; } }) });
  const U = t.union('d.U', { A: { n: t.field(t.u8, { since: 1, default: (v) => 20 + v }) }, B: t.unit });
  const S = t.struct('d.Out', { z: t.u8, inner: t.field(Inner, { since: 2 }), u: t.field(U, { since: 2 }) });
  const f0 = fileOf(t.struct('d.Out', { z: t.u8 }), 0, { z: 1 });
  const f1 = fileOf(t.struct('d.Out', { z: t.u8 }), 1, { z: 1 });
  for (const compile of modes) {
    calls.length = 0;
    const c = codec(S, { version: 2, compile });
    assert.equal(c.decode(f0), { z: 1, inner: { a: 0, b: 10 }, u: { kind: 'A', n: 20 } }, `compile: ${compile}`);
    assert.equal(c.decode(f1), { z: 1, inner: { a: 0, b: 11 }, u: { kind: 'A', n: 21 } }, `compile: ${compile}`);
    assert.equal(calls, [0, 1], 'called once per load, with the source version');
  }
});

test('the zero value of an enum or union is its first variant that still exists', () => {
  const K = t.enum('z.K', ['Gone', 'A', 'B'], { until: { Gone: 0 } });
  const U = t.union('z.U', { Old: t.variant({ x: t.u8 }, { until: 0 }), New: { y: t.u8 } });
  const S = t.struct('z.S', { a: t.u8, k: t.field(K, { since: 1 }), u: t.field(U, { since: 1 }) });
  const f0 = fileOf(t.struct('z.S', { a: t.u8 }), 0, { a: 1 });
  for (const compile of modes) {
    const c = codec(S, { version: 1, compile });
    const p = c.decode(f0);
    assert.equal(p, { a: 1, k: 'A', u: { kind: 'New', y: 0 } }, `compile: ${compile}`);
    c.encode(p); // a zero value can always be saved at the current version
  }
});

test('a default that is an object is not shared between loads (mutating one load leaves the next alone)', () => {
  const S = t.struct('d.M', {
    a: t.u8,
    tags: t.field(t.vec(t.string), { since: 1, default: ['new'] }),
    pos: t.field(Position, { since: 1, default: { x: 1, y: 2 } }),
    counts: t.field(t.map(t.string, t.u8), { since: 1, default: new Map([['k', 1]]) }),
    trail: t.field(t.records(Position), { since: 1, default: RecordArray.from(Position, [{ x: 5, y: 5 }]) }),
    raw: t.field(t.bytes, { since: 1, default: Uint8Array.of(1, 2) }),
  });
  const f0 = fileOf(t.struct('d.M', { a: t.u8 }), 0, { a: 1 });
  for (const compile of modes) {
    const c = codec(S, { version: 1, compile });
    const first = c.decode(f0);
    first.tags.push('mutated'); first.pos.x = 99; first.counts.set('k', 9); first.trail.push({ x: 6, y: 6 }); first.trail.set(0, { x: 0, y: 0 }); first.raw[0] = 9;
    const second = c.decode(f0);
    assert.equal(second.tags, ['new'], `compile: ${compile}`);
    assert.equal(second.pos, { x: 1, y: 2 });
    assert.equal(second.counts, new Map([['k', 1]]));
    assert.equal(second.trail.toArray(), [{ x: 5, y: 5 }]);
    assert.equal([...second.raw], [1, 2]);
  }
});

// ---- hooks ----

test('onSave gets a shallow copy and the target version, only for versions that lack the field', () => {
  const seen: [number, boolean][] = [];
  let caller: Record<string, unknown> = {};
  const S = t.struct('h.S', {
    a: t.u8,
    w: t.union('h.W', { Fists: t.unit, Bow: t.variant({ range: t.u16 }, { since: 2 }) }),
    b: t.field(t.u8, { since: 2, onSave: (p, to) => { seen.push([to, p === caller]); if (p.w.kind === 'Bow') p.w = { kind: 'Fists' }; p.a = 0; } }),
  });
  const V1 = t.struct('h.S', { a: t.u8, w: t.union('h.W', { Fists: t.unit }) });
  for (const compile of modes) {
    seen.length = 0;
    const c = codec(S, { version: 2, compile });
    caller = { a: 5, w: { kind: 'Bow', range: 30 }, b: 1 };
    const snapshot = structuredClone(caller);
    const bytes0 = c.encode(caller as never, { version: 0 });
    const bytes1 = c.encode(caller as never, { version: 1 });
    c.encode(caller as never, { version: 2 });
    assert.equal(seen, [[0, false], [1, false]], `compile: ${compile}`);
    assert.equal(caller, snapshot, "the caller's object is unchanged");
    assert.equal(codec(V1, { version: 1 }).decode(bytes1), { a: 0, w: { kind: 'Fists' } });
    assert.equal(codec(V1, { version: 0 }).decode(bytes0), { a: 0, w: { kind: 'Fists' } });
  }
});

test('onLoad runs after the whole struct is read and after defaults, with the source version', () => {
  const seen: unknown[] = [];
  const S = t.struct('h.L', {
    a: t.u8,
    b: t.field(t.u16, { since: 1, default: (v) => 40 + v, onLoad: (p, from) => { seen.push({ from, snapshot: { ...p } }); p.b += 1; } }),
    c: t.string,
  });
  const f0 = fileOf(t.struct('h.L', { a: t.u8, c: t.string }), 0, { a: 1, c: 'z' });
  const f1 = fileOf(t.struct('h.L', { a: t.u8, b: t.u16, c: t.string }), 1, { a: 1, b: 5, c: 'z' });
  for (const compile of modes) {
    seen.length = 0;
    const c = codec(S, { version: 1, compile });
    assert.equal(c.decode(f0), { a: 1, b: 41, c: 'z' });
    assert.equal(c.decode(f1), { a: 1, b: 5, c: 'z' });
    assert.equal(seen, [{ from: 0, snapshot: { a: 1, b: 40, c: 'z' } }], `compile: ${compile}`);
  }
});

test('hooks in nested structs and union variants receive the right version', () => {
  const log: string[] = [];
  const Inner = t.struct('h.In', { a: t.u8, n: t.field(t.u8, { since: 2, onLoad: (_p, v) => log.push(`in load ${v}`), onSave: (_p, v) => log.push(`in save ${v}`) }) });
  const U = t.union('h.U', { A: { x: t.u8, n: t.field(t.u8, { since: 1, onLoad: (_p, v) => log.push(`A load ${v}`), onSave: (_p, v) => log.push(`A save ${v}`) }) } });
  const S = t.struct('h.N', { list: t.vec(Inner), u: U });
  const V0 = t.struct('h.N', { list: t.vec(t.struct('h.In', { a: t.u8 })), u: t.union('h.U', { A: { x: t.u8 } }) });
  const V1 = t.struct('h.N', { list: t.vec(t.struct('h.In', { a: t.u8 })), u: t.union('h.U', { A: { x: t.u8, n: t.u8 } }) });
  for (const compile of modes) {
    log.length = 0;
    const c = codec(S, { version: 2, compile });
    c.decode(fileOf(V0, 0, { list: [{ a: 1 }], u: { kind: 'A', x: 1 } }));
    c.decode(fileOf(V1, 1, { list: [{ a: 1 }, { a: 2 }], u: { kind: 'A', x: 1, n: 2 } }));
    c.encode({ list: [{ a: 1, n: 1 }], u: { kind: 'A', x: 1, n: 1 } }, { version: 0 });
    c.encode({ list: [{ a: 1, n: 1 }], u: { kind: 'A', x: 1, n: 1 } }, { version: 1 });
    assert.equal(log, ['in load 0', 'A load 0', 'in load 1', 'in load 1', 'in save 0', 'A save 0', 'in save 1'], `compile: ${compile}`);
  }
});

test('a throwing hook, default or convert is reported with the field named', () => {
  const S = t.struct('h.T', {
    a: t.u8,
    b: t.field(t.u8, { since: 1, onSave: (_p, to) => { throw new Error(`cannot go back to ${to}`); } }),
  });
  bothThrow(S, { version: 1 }, (c) => c.encode({ a: 1, b: 1 }, { version: 0 }), 'NOT_SUPPORTED', 'h.T', /onSave of field 'b' threw for version 0: cannot go back to 0/);
  const L = t.struct('h.T', { a: t.u8, b: t.field(t.u8, { since: 1, onLoad: () => { throw new Error('bad'); } }) });
  const f0 = fileOf(t.struct('h.T', { a: t.u8 }), 0, { a: 1 });
  bothThrow(L, { version: 1 }, (c) => c.decode(f0), 'MIGRATION_FAILED', undefined, /onLoad of field 'b' threw for version 0: bad/);
  const D = t.struct('h.T', { a: t.u8, b: t.field(t.u8, { since: 1, default: () => { throw new Error('no default'); } }) });
  bothThrow(D, { version: 1 }, (c) => c.decode(f0), 'MIGRATION_FAILED', undefined, /default function of field 'b' threw: no default/);
  const C = t.struct('h.T', { a: t.field(t.string, { was: [{ until: 0, type: t.u8, convert: () => { throw new Error('no'); } }] }) });
  bothThrow(C, { version: 1 }, (c) => c.decode(f0), 'MIGRATION_FAILED', undefined, /convert of field 'a'/);
});

// ---- the game save: byte identity with the schemas as they stood ----

const v2player = () => ({
  name: 'Steve', level: 300, playtime: 2.5, class: 'Rogue' as const, stats: { hp: 90, mana: 30 },
  inventory: ['wallet', 'car keys'], skills: ['Whistling'], weapon: { kind: 'Sword' as const, damage: 12 },
  arrows: 0, history: RecordArray.from(Position, [{ x: 1, y: 1 }, { x: 2, y: 1 }]), online: true,
});

test('game save: encode(v, { version: k }) is byte-identical to what release k writes', () => {
  const { compiled, interpreted } = both(Player, { version: 2 });
  const p = v2player();
  const before = norm(p);
  const want1 = fileOf(PlayerV1, 1, { name: 'Steve', level: 300, playtime: 9000, class: 'Rogue', stats: { hp: 90, mana: 30 }, inventory: ['wallet', 'car keys'], skills: ['Whistling'], weapon: { kind: 'Sword', damage: 12 } });
  const p0 = { ...p, level: 30, class: 'Mage' as const };
  const want0 = fileOf(PlayerV0, 0, { name: 'Steve', strength: 0, level: 30, playtime: 9000, class: 'Mage', stats: { hp: 90 }, inventory: ['wallet', 'car keys'], weapon: { kind: 'Sword', damage: 12 } });
  for (const c of [compiled, interpreted]) {
    assert.is(hex(c.encode(p, { version: 1 })), hex(want1));
    assert.is(hex(c.encode(p0, { version: 0 })), hex(want0));
    assert.is(hex(c.encode(p)), hex(c.encode(p, { version: 2 })));
  }
  assert.equal(norm(p), before);
  assert.is(diffSchema(compiled.schemaAt(0), PlayerV0), undefined);
  assert.is(diffSchema(compiled.schemaAt(1), PlayerV1), undefined);
  assert.match(diffSchema(compiled.schemaAt(0), compiled.schemaAt(1))!, "game.Player.strength: extra field in file (u32), not expected: field 'strength' is gone");
});

test('game save: a bow is written to older versions as fists (onSave), the caller keeps the bow', () => {
  const { compiled, interpreted } = both(Player, { version: 2 });
  const p = { ...v2player(), weapon: { kind: 'Bow' as const, range: 40 }, arrows: 12 };
  for (const c of [compiled, interpreted]) {
    const back = codec(PlayerV1, { version: 1 }).decode(c.encode(p, { version: 1 }));
    assert.equal(back.weapon, { kind: 'Fists' });
    assert.equal(p.weapon, { kind: 'Bow', range: 40 });
  }
});

// ---- refusals ----

test('NEWER_VERSION: a file newer than the codec, with both numbers', () => {
  const file = codec(Player, { version: 2 }).encode(v2player());
  const e = throwsCode(() => codec(PlayerV1, { version: 1 }).decode(file), 'NEWER_VERSION');
  assert.match(e.message, /2/); assert.match(e.message, /1/);
  throwsCode(() => codec(PlayerV0, { version: 0, compile: false }).decode(file), 'NEWER_VERSION', '', /version 2.*version 0|version 0.*version 2/);
});

test('SCHEMA_MISMATCH: the file is compared with schemaAt(its version), with the diff', () => {
  // The current schema forgot that `b` was added in version 1: version-0 files no longer match.
  const Forgot = t.struct('x.S', { a: t.u8, b: t.u16 });
  const f0 = fileOf(t.struct('x.S', { a: t.u8 }), 0, { a: 1 });
  const e = throwsCode(() => codec(Forgot, { version: 1 }).decode(f0), 'SCHEMA_MISMATCH', 'x.S');
  assert.match(e.message, 'data version 0');
  assert.match(e.message, 'x.S.b: field missing in file (u16 expected)');
  // A removed field left out entirely (instead of t.removed) is caught the same way.
  const Dropped = t.struct('x.S', { a: t.u8 });
  const withOld = fileOf(t.struct('x.S', { a: t.u8, old: t.string }), 0, { a: 1, old: 'x' });
  assert.match(throwsCode(() => codec(Dropped, { version: 1 }).decode(withOld), 'SCHEMA_MISMATCH').message, 'x.S.old: extra field in file (string), not expected');
  // A `was` type given wrong.
  const WrongWas = t.struct('x.S', { a: t.field(t.u32, { was: [{ until: 0, type: t.u16 }] }) });
  assert.match(throwsCode(() => codec(WrongWas, { version: 1 }).decode(f0), 'SCHEMA_MISMATCH').message, 'x.S.a: u8 in file, u16 expected');
  // An enum variant whose `since` is wrong.
  const E0 = t.struct('x.E', { e: t.enum('x.K', ['a', 'b']) });
  const E = t.struct('x.E', { e: t.enum('x.K', ['a', 'b'], { since: { b: 1 } }) });
  assert.match(throwsCode(() => codec(E, { version: 1 }).decode(fileOf(E0, 0, { e: 'a' })), 'SCHEMA_MISMATCH').message, 'enum x.K variants [a=0, b=1] in file, [a=0] expected');
  // The same file matches the schema at its own version, not the current one.
  assert.equal(codec(t.struct('x.S', { a: t.u8, b: t.field(t.u16, { since: 1 }) }), { version: 1 }).decode(f0), { a: 1, b: 0 });
});

test('NOT_SUPPORTED: no way back to an older version, naming the field or variant', () => {
  const S = t.struct('n.S', { a: t.field(t.string, { was: [{ until: 0, type: t.u32, convert: (n: number) => String(n) }] }) });
  bothThrow(S, { version: 1 }, (c) => c.encode({ a: '5' }, { version: 0 }), 'NOT_SUPPORTED', 'n.S.a', /field 'a' was stored as u32 up to version 0 with a convert function but no revert/);
  codec(S, { version: 1 }).encode({ a: '5' }); // the current version is fine
  const E = t.struct('n.E', { e: t.enum('n.K', ['a', 'b'], { since: { b: 2 } }) });
  bothThrow(E, { version: 2 }, (c) => c.encode({ e: 'b' }, { version: 1 }), 'NOT_SUPPORTED', 'n.E.e', /variant 'b' of n.K does not exist in data version 1/);
  const Gone = t.struct('n.E', { e: t.enum('n.K', ['a', 'b'], { until: { b: 0 } }) });
  bothThrow(Gone, { version: 1 }, (c) => c.encode({ e: 'b' }), 'NOT_SUPPORTED', 'n.E.e', /does not exist in data version 1/);
  const U = t.struct('n.U', { u: t.union('n.W', { A: t.unit, B: t.variant({ x: t.u8 }, { since: 1 }) }) });
  bothThrow(U, { version: 1 }, (c) => c.encode({ u: { kind: 'B', x: 1 } }, { version: 0 }), 'NOT_SUPPORTED', 'n.U.u', /variant 'B' of n.W/);
  bothThrow(U, { version: 1 }, (c) => c.encode({ u: { kind: 'A' } }, { version: 2 }), 'NOT_SUPPORTED', '', /version 2 is newer than the codec's current version 1/);
  throwsCode(() => codec(U, { version: 1 }).schemaAt(2), 'NOT_SUPPORTED');
});

test('INVALID_VALUE: narrowing overflow when writing an older version, with the path', () => {
  const S = t.struct('v.S', { list: t.vec(t.struct('v.In', { b: t.field(t.i64, { was: [{ until: 0, type: t.u8 }, { until: 1, type: t.i32 }] }) })) });
  const value = { list: [{ b: 1n }, { b: 300n }] };
  bothThrow(S, { version: 2 }, (c) => c.encode(value, { version: 0 }), 'INVALID_VALUE', 'v.S.list[1].b', /300 does not fit u8, the type of field 'b' in that version/);
  const c = codec(S, { version: 2 });
  c.encode(value, { version: 1 });
  bothThrow(S, { version: 2 }, (k) => k.encode({ list: [{ b: 1n << 31n }] }, { version: 1 }), 'INVALID_VALUE', 'v.S.list[0].b', /does not fit i32/);
  const F = t.struct('v.F', { n: t.field(t.f64, { was: [{ until: 0, type: t.i16 }] }), f: t.field(t.f64, { was: [{ until: 0, type: t.f32 }] }) });
  bothThrow(F, { version: 1 }, (k) => k.encode({ n: 1.5, f: 0 }, { version: 0 }), 'INVALID_VALUE', 'v.F.n', /1.5/);
  bothThrow(F, { version: 1 }, (k) => k.encode({ n: -40000, f: 0 }, { version: 0 }), 'INVALID_VALUE', 'v.F.n', /-40000/);
  bothThrow(F, { version: 1 }, (k) => k.encode({ n: 0, f: 1e300 }, { version: 0 }), 'INVALID_VALUE', 'v.F.f', /does not fit f32/);
  // Within range, f64 -> f32 rounds like any f32 field does (the range is checked, not the precision).
  assert.equal(codec(F, { version: 1 }).decode(codec(F, { version: 1 }).encode({ n: 2, f: 0.1 }, { version: 0 })), { n: 2, f: Math.fround(0.1) });
  // A revert whose result does not fit the old type.
  const R = t.struct('v.R', { s: t.field(t.string, { was: [{ until: 0, type: t.u8, convert: String, revert: Number }] }) });
  bothThrow(R, { version: 1 }, (k) => k.encode({ s: '256' }, { version: 0 }), 'INVALID_VALUE', 'v.R.s', /256 is out of range for u8/);
});

test('INVALID_DATA: a discriminant that did not exist at the file\'s version', () => {
  // Bytes claiming version 0 but holding variant C (since 1): written without a schema section
  // by a broken writer, so only the payload check can catch it.
  const E = t.struct('i.E', { e: t.enum('i.K', ['A', 'B', 'C'], { since: { C: 1 } }), u: t.union('i.U', { X: t.unit, Y: t.variant(t.unit, { since: 1 }) }) });
  const bare = { schemaHeader: false, checksum: false } as const;
  const lie = codec(t.struct('i.E', { e: t.enum('i.K', ['A', 'B', 'C']), u: t.union('i.U', { X: t.unit, Y: t.unit }) }), { version: 0, ...bare });
  bothThrow(E, { version: 1, ...bare }, (c) => c.decode(lie.encode({ e: 'C', u: { kind: 'X' } })), 'INVALID_DATA', 'i.E.e', /unknown discriminant 2 of enum i.K/);
  bothThrow(E, { version: 1, ...bare }, (c) => c.decode(lie.encode({ e: 'A', u: { kind: 'Y' } })), 'INVALID_DATA', 'i.E.u', /unknown discriminant 1 of union i.U/);
  assert.equal(codec(E, { version: 1, ...bare }).decode(lie.encode({ e: 'B', u: { kind: 'X' } })), { e: 'B', u: { kind: 'X' } });
});

test('files without a schema section or checksum load at their version too', () => {
  const bare = { schemaHeader: false, checksum: false } as const;
  const v0 = { name: 'Steve', strength: 42, level: 7, playtime: 3600, class: 'Mage' as const, stats: { hp: 100 }, inventory: [], weapon: { kind: 'Fists' as const } };
  for (const opts of [bare, { compress: 'deflate' } as const, { ...bare, compress: 'deflate' } as const]) {
    const file = codec(PlayerV0, { version: 0, ...opts }).encode(v0);
    const { compiled, interpreted } = both(Player, { version: 2, ...opts });
    for (const c of [compiled, interpreted]) {
      const p = c.decode(file);
      assert.is(p.playtime, 1);
      assert.equal(p.skills, ['Whistling', 'Magic missile']);
      assert.is(hex(c.encode({ ...p }, { version: 0 })), hex(codec(PlayerV0, { version: 0, ...opts }).encode({ ...v0, strength: 0 })));
    }
  }
});

// ---- INVALID_SCHEMA at definition time, naming struct and field ----

test('INVALID_SCHEMA: since > until (fields, removed fields, enum and union variants)', () => {
  throwsCode(() => t.struct('s.A', { x: t.field(t.u8, { since: 3, until: 1 }) }), 'INVALID_SCHEMA', 's.A.x', /since \(3\) is after until \(1\)/);
  throwsCode(() => t.struct('s.A', { x: t.removed(t.u8, { since: 2, until: 1 }) }), 'INVALID_SCHEMA', 's.A.x', /since \(2\) is after until \(1\)/);
  throwsCode(() => t.struct('s.A', { x: t.removed(t.u8, {} as never) }), 'INVALID_SCHEMA', 's.A.x', /until/);
  throwsCode(() => t.enum('s.E', ['a', 'b'], { since: { b: 2 }, until: { b: 1 } }), 'INVALID_SCHEMA', 's.E.b', /since \(2\) is after until \(1\)/);
  throwsCode(() => t.union('s.U', { A: t.unit, B: t.variant({ x: t.u8 }, { since: 4, until: 3 }) }), 'INVALID_SCHEMA', 's.U.B', /since \(4\) is after until \(3\)/);
  throwsCode(() => t.union('s.U', { A: { x: t.field(t.u8, { since: 1, until: 0 }) } }), 'INVALID_SCHEMA', 's.U.A.x');
});

test('INVALID_SCHEMA: was entries not ordered by until, or outside the field\'s range', () => {
  throwsCode(() => t.struct('s.A', { x: t.field(t.u32, { was: [{ until: 2, type: t.u8 }, { until: 1, type: t.u16 }] }) }), 'INVALID_SCHEMA', 's.A.x', /ordered by until/);
  throwsCode(() => t.struct('s.A', { x: t.field(t.u32, { was: [{ until: 1, type: t.u8 }, { until: 1, type: t.u16 }] }) }), 'INVALID_SCHEMA', 's.A.x', /ordered by until/);
  throwsCode(() => t.struct('s.A', { x: t.field(t.u32, { since: 2, was: [{ until: 1, type: t.u8 }] }) }), 'INVALID_SCHEMA', 's.A.x', /before the field exists/);
  throwsCode(() => t.struct('s.A', { x: t.field(t.u32, { until: 1, was: [{ until: 1, type: t.u8 }] }) }), 'INVALID_SCHEMA', 's.A.x', /must be before the field's until/);
});

test('INVALID_SCHEMA: a non-widening was without convert', () => {
  const no = (type: Schema, now: Schema, re: RegExp) => throwsCode(() => t.struct('s.W', { x: t.field(now, { was: [{ until: 0, type }] }) }), 'INVALID_SCHEMA', 's.W.x', re);
  no(t.u32, t.u8, /u32 to u8, which is not a lossless widening: give a convert function/);
  no(t.i8, t.u16, /not a lossless widening/);
  no(t.u64, t.f64, /not a lossless widening/);
  no(t.i64, t.u64, /not a lossless widening/);
  no(t.f64, t.f32, /not a lossless widening/);
  no(t.u32, t.f32, /not a lossless widening/);
  no(t.u32, t.string, /convert/);
  no(t.string, t.bytes, /convert/);
  no(t.struct('s.P', { a: t.u8 }), t.struct('s.Q', { a: t.u8 }), /convert/);
  no(t.enum('s.E1', ['a']), t.enum('s.E2', ['a']), /convert/);
  // Containers are never widened element by element: the stored items would keep the old type.
  no(t.vec(t.string), t.vec(t.u32), /convert/);
  no(t.vec(t.u8), t.vec(t.u16), /convert/);
  no(t.option(t.u8), t.option(t.u64), /convert/);
  no(t.typed('u8'), t.typed('f64'), /convert/);
  no(t.array(t.u8, 2), t.array(t.u8, 3), /convert/);
  no(t.map(t.string, t.u8), t.map(t.string, t.string), /convert/);
  // Every entry of a chain is checked against the field's type (convert goes straight to it).
  throwsCode(() => t.struct('s.W', { x: t.field(t.string, { was: [{ until: 0, type: t.u8 }, { until: 1, type: t.u16, convert: String }] }) }), 'INVALID_SCHEMA', 's.W.x', /was\[0\] changes the type from u8 to string/);
  // What is allowed: API.md's lossless widenings, and anything with convert.
  const ok = (from: Schema, to: Schema) => t.struct('s.W', { x: t.field(to, { was: [{ until: 0, type: from }] }) });
  for (const [from, tos] of [[t.u8, [t.u16, t.u32, t.u64, t.i16, t.i32, t.i64, t.f32, t.f64]], [t.i8, [t.i16, t.i32, t.i64, t.f64]], [t.u16, [t.u32, t.i32, t.u64, t.f64]], [t.i16, [t.i32, t.i64, t.f64]], [t.u32, [t.u64, t.i64, t.f64]], [t.i32, [t.i64, t.f64]], [t.f32, [t.f64]]] as [Schema, Schema[]][]) {
    for (const to of tos) ok(from, to);
  }
  t.struct('s.W', { x: t.field(t.vec(t.u32), { was: [{ until: 0, type: t.vec(t.u8), convert: (a: number[]) => a }] }) });
});

test('INVALID_SCHEMA: discriminant reuse, duplicate variant names, bad hooks', () => {
  throwsCode(() => t.enum('s.E', { a: 0, b: 0 }), 'INVALID_SCHEMA', 's.E.b', /discriminant 0 is used by both 'a' and 'b'/);
  throwsCode(() => t.enum('s.E', ['a', 'b', 'a']), 'INVALID_SCHEMA', 's.E.a', /duplicate variant name 'a'/);
  throwsCode(() => t.union('s.U', { A: t.unit, B: t.variant(t.unit, { since: 1 }) }, { values: { A: 3, B: 3 } }), 'INVALID_SCHEMA', 's.U.B', /used by both 'A' and 'B'/);
  // A variant removed (until) still owns its discriminant: a later variant may not reuse it.
  throwsCode(() => t.enum('s.E', { old: 1, new: 1 }, { until: { old: 0 }, since: { new: 1 } }), 'INVALID_SCHEMA', 's.E.new', /used by both/);
  throwsCode(() => t.struct('s.H', { x: t.field(t.u8, { onSave: 5 as never }) }), 'INVALID_SCHEMA', 's.H.x', /onSave must be a function/);
  throwsCode(() => t.struct('s.H', { x: t.field(t.u8, { was: [{ until: 0, type: t.u16, convert: 'x' as never }] }) }), 'INVALID_SCHEMA', 's.H.x', /convert must be a function/);
});

test('packed records may change layout with the version (API.md 10), at any depth; enum variants may not', () => {
  // Each version stores its own packed layout (test/records-evolve.test.ts covers the conversions).
  const Inner = t.struct('s.In', { a: t.u16, b: t.field(t.u16, { since: 1 }) });
  t.records(t.struct('s.Rec', { p: Inner }));
  t.records(t.struct('s.Rec2', { ps: t.array(t.struct('s.In2', { a: t.u16, old: t.removed(t.u16, { until: 0 }) }), 2) }));
  t.records(t.struct('s.Rec3', { x: t.field(t.u32, { was: [{ until: 0, type: t.u16 }] }) }));
  throwsCode(() => t.records(t.struct('s.Rec', { k: t.enum('s.K', ['a', 'b'], { since: { b: 1 } }), x: t.u8 })), 'INVALID_SCHEMA', 's.K', /enums/);
  // The field holding the records can be versioned too (the migration table covers it).
  t.struct('s.S', { h: t.field(t.records(t.struct('s.Rec', { k: t.enum('s.K', ['a', 'b']), x: t.u8 })), { since: 1 }) });
});

test('INVALID_SCHEMA: two different types with the same name in one codec', () => {
  const A = t.struct('s.Same', { a: t.u8 });
  const B = t.struct('s.Same', { a: t.u8, b: t.string });
  throwsCode(() => codec(t.struct('s.Root', { one: A, two: t.vec(B) }), { version: 0 }), 'INVALID_SCHEMA', 's.Same', /two different types are named 's.Same'/);
  throwsCode(() => codec(t.tuple(t.enum('s.K', ['a']), t.enum('s.K', ['a', 'b'])), { version: 0 }), 'INVALID_SCHEMA', 's.K');
  // Also when they differ only in an older version.
  const C = t.struct('s.Same', { a: t.u8, b: t.field(t.string, { since: 1 }) });
  throwsCode(() => codec(t.tuple(B, C), { version: 1 }), 'INVALID_SCHEMA', 's.Same', /two different types/);
  codec(t.tuple(A, t.struct('s.Same', { a: t.u8 })), { version: 0 }); // identical copies are one type
});

test.run();
