// Schema evolution (issue 14, points 2 and 6): the codec-version guard, renames (`was` with a
// name), checked results of hooks, convert and defaults. Compiled and interpreted codecs alike.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { codec, diffSchema, stateUnit, t } from '../src/index.ts';
import { throwsCode as fails } from './helpers/codecs.ts';

const MODES = [{}, { compile: false }] as const;

// --- the codec-version guard -----------------------------------------------------------------

test('guard: a struct field newer than the codec version is INVALID_SCHEMA naming the field', () => {
  const S = t.struct('ev.Player', { a: t.u8, gold: t.field(t.u32, { since: 2 }) });
  for (const m of MODES) {
    fails(() => codec(S, { version: 1, ...m }), 'INVALID_SCHEMA', 'ev.Player.gold', /added in version 2.*bump/);
    assert.is(codec(S, { version: 2, ...m }).version, 2);
  }
});

test('guard: nested fields, union and enum variants, through t.lazy', () => {
  const Inner = t.struct('ev.Inner', { x: t.field(t.u8, { since: 3 }) });
  fails(() => codec(t.struct('ev.Outer', { v: t.vec(t.option(Inner)) }), { version: 2 }), 'INVALID_SCHEMA', 'ev.Inner.x');
  const E = t.enum('ev.Color', ['Red', 'Green'], { since: { Green: 1 } });
  fails(() => codec(t.struct('ev.E', { c: E }), { version: 0 }), 'INVALID_SCHEMA', 'ev.Color.Green');
  const U = t.union('ev.U', { A: t.unit, B: t.variant({ n: t.u8 }, { since: 4 }) });
  fails(() => codec(U, { version: 3 }), 'INVALID_SCHEMA', 'ev.U.B');
  const V = t.union('ev.V', { A: { n: t.field(t.u8, { since: 1 }) } });
  fails(() => codec(V, { version: 0 }), 'INVALID_SCHEMA', 'ev.V.A.n');
  const N: any = t.struct('ev.Node', { kids: t.vec(t.lazy(() => N)), tag: t.field(t.u8, { since: 5 }) });
  fails(() => codec(t.struct('ev.Tree', { root: t.lazy(() => N) }), { version: 4 }), 'INVALID_SCHEMA', 'ev.Node.tag');
  assert.ok(codec(t.map(t.string, t.lazy(() => N)), { version: 5 }));
});

test('guard: removed fields, until and was entries within the version are fine', () => {
  const S = t.struct('ev.Ok', {
    old: t.removed(t.u8, { until: 0 }),
    w: t.field(t.u32, { was: [{ until: 1, type: t.u16 }] }),
    gone: t.field(t.u8, { since: 1, until: 2 }),
  });
  assert.ok(codec(S, { version: 3 }));
  fails(() => codec(S, { version: 0 }), 'INVALID_SCHEMA', 'ev.Ok.gone');
});

test('guard: stateUnit uses the same check (its own message)', () => {
  const S = t.struct('ev.Unit', { a: t.u8, b: t.field(t.u8, { since: 2 }) });
  fails(() => stateUnit('ev.Unit', S, { version: 1, save: () => ({ a: 1, b: 2 }), restore: () => {} }), 'INVALID_SCHEMA', 'ev.Unit.b', /unit 'ev.Unit'/);
});

// --- values produced by user code are checked ----------------------------------------------

const V0 = t.struct('game.Player', { name: t.string, gold: t.u32 });

test('a hook that copies a removed value gives undefined in a u32 field: MIGRATION_FAILED at game.Player.gold', () => {
  const file = codec(V0, { version: 0 }).encode({ name: 'a', gold: 5 });
  const Now = t.struct('game.Player', {
    name: t.string,
    gold: t.removed(t.u32, { until: 0 }),
    coins: t.field(t.u32, { since: 1, onLoad: (p) => { p.coins = (p as { gold?: number }).gold; } }),
  });
  for (const m of MODES) fails(() => codec(Now, { version: 1, ...m }).decode(file), 'MIGRATION_FAILED', 'game.Player.coins', /does not fit u32: expected a number/);
  const Fine = t.struct('game.Player', { name: t.string, gold: t.removed(t.u32, { until: 0 }), coins: t.field(t.u32, { since: 1, onLoad: (p) => { p.coins = 7; } }) });
  for (const m of MODES) assert.equal(codec(Fine, { version: 1, ...m }).decode(file), { name: 'a', coins: 7 });
});

test('onLoad changing another field to a bad value, nested: path names it', () => {
  const In0 = t.struct('ev.In', { xs: t.vec(t.u8) });
  const file = codec(t.struct('ev.Out', { inner: In0 }), { version: 0 }).encode({ inner: { xs: [1] } });
  const In = t.struct('ev.In', { xs: t.vec(t.u8), n: t.field(t.u8, { since: 1, onLoad: (o) => { o.xs = [1, 300]; } }) });
  for (const m of MODES) fails(() => codec(t.struct('ev.Out', { inner: In }), { version: 1, ...m }).decode(file), 'MIGRATION_FAILED', 'ev.Out.inner.xs[1]', /300 is out of range for u8/);
});

test('convert results are checked: MIGRATION_FAILED at the field', () => {
  const file = codec(V0, { version: 0 }).encode({ name: 'a', gold: 5 });
  const Now = t.struct('game.Player', { name: t.string, gold: t.field(t.string, { was: [{ until: 0, type: t.u32, convert: (n: number) => n as never }] }) });
  for (const m of MODES) fails(() => codec(Now, { version: 1, ...m }).decode(file), 'MIGRATION_FAILED', 'game.Player.gold', /convert of field 'gold' gave a value that does not fit string/);
  const Map1 = t.struct('game.Player', { name: t.string, gold: t.field(t.map(t.string, t.u8), { was: [{ until: 0, type: t.u32, convert: (n: number) => new Map([['a', n * 100]]) }] }) });
  for (const m of MODES) fails(() => codec(Map1, { version: 1, ...m }).decode(file), 'MIGRATION_FAILED', undefined, /500 is out of range for u8/);
});

test('default functions are checked on load; default values at definition (INVALID_SCHEMA)', () => {
  const file = codec(V0, { version: 0 }).encode({ name: 'a', gold: 5 });
  const Now = t.struct('game.Player', { name: t.string, gold: t.u32, tags: t.field(t.vec(t.string), { since: 1, default: () => ['a', 3 as never] }) });
  for (const m of MODES) fails(() => codec(Now, { version: 1, ...m }).decode(file), 'MIGRATION_FAILED', 'game.Player.tags[1]', /default function of field 'tags'/);
  fails(() => t.struct('ev.D', { n: t.field(t.u8, { since: 1, default: 256 }) }), 'INVALID_SCHEMA', 'ev.D.n', /default does not fit u8/);
  const Ints = t.struct('game.Player', { name: t.string, gold: t.u32, xs: t.field(t.vec(t.u8), { since: 1, default: () => [1, 2, 300] }) });
  for (const m of MODES) fails(() => codec(Ints, { version: 1, ...m }).decode(file), 'MIGRATION_FAILED', 'game.Player.xs[2]', /300 is out of range for u8/);
  fails(() => t.struct('ev.D', { m: t.field(t.map(t.string, t.u8), { default: new Map([['a', -1]]) }) }), 'INVALID_SCHEMA', 'ev.D.m{value}');
  fails(() => t.struct('ev.D', { ty: t.field(t.typed('u16'), { default: new Uint8Array(2) as never }) }), 'INVALID_SCHEMA', 'ev.D.ty', /Uint16Array/);
  const Pos = t.struct('ev.Pos', { x: t.u32 });
  fails(() => t.struct('ev.D', { r: t.field(t.records(Pos), { default: [] as never }) }), 'INVALID_SCHEMA', 'ev.D.r', /RecordArray of ev.Pos/);
  assert.ok(t.struct('ev.D', { n: t.field(t.u8, { default: 255 }), o: t.field(t.option(t.u8), { default: undefined }) }));
});

// --- renames ---------------------------------------------------------------------------------

const P2 = t.struct('game.Player', { name: t.string, gold: t.u16, hp: t.u8 });
const P3 = t.struct('game.Player', { name: t.string, coins: t.field(t.u32, { was: [{ until: 2, name: 'gold', type: t.u16 }] }), hp: t.u8 });

test('rename: files of version 2 load under the new name; the stored schema keeps the old one', () => {
  const old = codec(P2, { version: 2 }).encode({ name: 'a', gold: 7, hp: 3 });
  for (const m of MODES) {
    const c = codec(P3, { version: 3, ...m });
    assert.equal(c.decode(old), { name: 'a', coins: 7, hp: 3 });
    assert.is(diffSchema(c.schemaAt(2), P2), undefined);
    assert.equal((c.schemaAt(3) as unknown as { fields: { name: string }[] }).fields.map((f) => f.name), ['name', 'coins', 'hp']);
    assert.equal((c.schemaAt(0) as unknown as { fields: { name: string }[] }).fields.map((f) => f.name), ['name', 'gold', 'hp']);
    // a downgrade writes what release 2 wrote, byte for byte
    const down = c.encode({ name: 'a', coins: 7, hp: 3 }, { version: 2 });
    assert.equal([...down], [...old]);
    assert.equal(codec(P2, { version: 2 }).decode(down), { name: 'a', gold: 7, hp: 3 });
    fails(() => c.encode({ name: 'a', coins: 70000, hp: 3 }, { version: 2 }), 'INVALID_VALUE');
    assert.equal(c.decode(c.encode({ name: 'b', coins: 70000, hp: 1 })), { name: 'b', coins: 70000, hp: 1 });
  }
});

test('rename alone (name only), and a name entry before a type entry', () => {
  const A0 = t.struct('ev.A', { hp: t.u8 });
  const A1 = t.struct('ev.A', { health: t.u8 });
  const A = t.struct('ev.A', { life: t.field(t.u16, { was: [{ until: 0, name: 'hp' }, { until: 1, name: 'health', type: t.u8 }] }) });
  const f0 = codec(A0, { version: 0 }).encode({ hp: 5 });
  const f1 = codec(A1, { version: 1 }).encode({ health: 6 });
  for (const m of MODES) {
    const c = codec(A, { version: 2, ...m });
    assert.equal(c.decode(f0), { life: 5 });
    assert.equal(c.decode(f1), { life: 6 });
    assert.is(diffSchema(c.schemaAt(0), A0), undefined, 'name-only entry keeps the later type u8');
    assert.is(diffSchema(c.schemaAt(1), A1), undefined);
    assert.equal([...c.encode({ life: 5 }, { version: 0 })], [...f0]);
  }
  const B = t.struct('ev.B', { n: t.field(t.u32, { was: [{ until: 0, type: t.u8 }, { until: 1, name: 'm' }] }) });
  assert.equal((codec(B, { version: 2 }).schemaAt(0) as unknown as { fields: { name: string; schema: { kind: string } }[] }).fields.map((f) => [f.name, f.schema.kind]), [['m', 'u8']]);
});

test('rename: validated at definition (clashes at a version, bad entries)', () => {
  fails(() => t.struct('ev.C', { gold: t.u8, coins: t.field(t.u8, { was: [{ until: 1, name: 'gold' }] }) }), 'INVALID_SCHEMA', 'ev.C.coins', /stored as 'gold' in version 0/);
  assert.ok(t.struct('ev.C', { gold: t.field(t.u8, { since: 2 }), coins: t.field(t.u8, { was: [{ until: 1, name: 'gold' }] }) }), 'the old name is free again from version 2');
  fails(() => t.struct('ev.C', { x: t.field(t.u8, { was: [{ until: 1 } as never] }) }), 'INVALID_SCHEMA', 'ev.C.x', /needs a type, a name or both/);
  fails(() => t.struct('ev.C', { x: t.field(t.u8, { was: [{ until: 1, name: '' }] }) }), 'INVALID_SCHEMA', 'ev.C.x', /was\[0\].name/);
  fails(() => t.struct('ev.C', { x: t.field(t.u8, { was: [{ until: 1, name: 3 as never }] }) }), 'INVALID_SCHEMA', 'ev.C.x');
  fails(() => t.struct('ev.C', { x: t.field(t.u8, { was: [{ until: 1, name: 'y', convert: (v: number) => v }] }) }), 'INVALID_SCHEMA', 'ev.C.x', /convert\/revert but no type/);
});

test('a rename forgotten: the mismatch suggests it', () => {
  const file = codec(P2, { version: 2 }).encode({ name: 'a', gold: 7, hp: 3 });
  const Forgot = t.struct('game.Player', { name: t.string, coins: t.u16, hp: t.u8 });
  for (const m of MODES) fails(() => codec(Forgot, { version: 2, ...m }).decode(file), 'SCHEMA_MISMATCH', 'game.Player', /or if it is 'gold' renamed: add was: \[\{ until: 2, name: 'gold' \}\]/);
});

test.run();
