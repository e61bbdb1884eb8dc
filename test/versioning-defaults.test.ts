// Versioning beyond the migration table: defaults as functions of the source version, hooks and
// the versions they receive, the caller's object after a downgrade, and byte identity of the game
// save with the schemas as they stood.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { codec, diffSchema, RecordArray, t } from '../src/index.ts';
import { both, bothThrow, hex, norm } from './helpers/codecs.ts';
import { Player, PlayerV0, PlayerV1, Position } from '../examples/player.ts';
import { fileOf, modes, v2player } from './helpers/versioning-rules.ts';

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

test.run();
