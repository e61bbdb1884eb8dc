// diffSchema (issue 14.6, API.md 10): fields and variants compared by name, every difference
// reported (bounded), with advice; the text of every SCHEMA_MISMATCH.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { codec, decodeSchema, diffSchema, encodeSchema, SavepackError, schemaAt, t, type Schema } from '../src/index.ts';
import { Player } from '../examples/player.ts';

const mismatch = (now: Schema, old: Schema, value: unknown, version = 0, compile = true): string => {
  const file = codec(old, { version }).encode(value as never);
  try {
    codec(now, { version, compile }).decode(file);
  } catch (e) {
    assert.ok(e instanceof SavepackError);
    assert.is(e.code, 'SCHEMA_MISMATCH', e.message);
    return e.message;
  }
  return assert.unreachable('expected SCHEMA_MISMATCH') as never;
};

test('schemaAt(0) vs schemaAt(1) of the game save: retyped field, new field, new variant, removed field', () => {
  const d = diffSchema(schemaAt(Player, 0), schemaAt(Player, 1))!;
  assert.match(d, "game.Player.level: u8 in file, u16 expected: field 'level' was retyped: add was: [{ until: N, type: t.u8 }]");
  assert.match(d, "game.Player.skills: field missing in file (vec<string> expected): new field 'skills': mark it t.field(..., { since: N+1 })");
  assert.match(d, "game.Player.class.Rogue: variant missing in file: new variant 'Rogue'=2");
  assert.match(d, "game.Player.stats.mana: field missing in file");
  assert.match(d, "game.Player.strength: extra field in file (u32), not expected: field 'strength' is gone: keep it as t.removed(t.u32, { until: N })");
  assert.not.match(d, 'field #');
  const d12 = diffSchema(schemaAt(Player, 1), schemaAt(Player, 2))!;
  assert.match(d12, "game.Player.playtime: u32 in file, f64 expected: field 'playtime' was retyped: add was: [{ until: N, type: t.u32 }]");
  assert.match(d12, "game.Player.weapon.Bow: variant missing in file: new variant 'Bow'=2: mark it t.variant(..., { since: N+1 })");
  assert.match(d12, "new field 'arrows'");
  assert.match(d12, "new field 'history'");
  assert.is(diffSchema(schemaAt(Player, 2), Player), undefined);
});

test('a field removed instead of t.removed: the file names it gone, no positional cascade (compiled and interpreted)', () => {
  const V0 = t.struct('d.Book', { id: t.u32, title: t.string, inventory: t.vec(t.string), pages: t.u16 });
  const Now = t.struct('d.Book', { id: t.u32, inventory: t.vec(t.string), pages: t.u16 });
  for (const compile of [true, false]) {
    const m = mismatch(Now, V0, { id: 1, title: 'x', inventory: [], pages: 3 }, 0, compile);
    assert.match(m, "d.Book.title: extra field in file (string), not expected: field 'title' is gone: keep it as t.removed(t.string, { until: 0 }) to read files of version 0");
    assert.is(m.split('\n').length, 2, m);
  }
});

test('every difference is reported, not only the first eight', () => {
  const many = (n: number, k: Schema) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`f${i}`, k]));
  const d = diffSchema(t.struct('d.M', many(20, t.u8)), t.struct('d.M', many(20, t.u16)))!;
  assert.is(d.split('\n').length, 20);
  assert.match(d, 'd.M.f19: u8 in file, u16 expected');
});

test('output stays bounded: at most 200 lines, then a count', () => {
  const many = (n: number, k: Schema) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`f${i}`, k]));
  const d = diffSchema(t.struct('d.M', many(1000, t.u8)), t.struct('d.M', many(1000, t.u16)))!;
  const lines = d.split('\n');
  assert.is(lines.length, 201);
  assert.is(lines[200], '… and 800 more differences');
});

test('advice names versions in SCHEMA_MISMATCH messages; new field, retyped field, order', () => {
  const V3 = t.struct('d.S', { a: t.u8, b: t.u16 });
  const m1 = mismatch(t.struct('d.S', { a: t.u8, b: t.u16, c: t.string }), V3, { a: 1, b: 2 }, 3);
  assert.match(m1, "d.S.c: field missing in file (string expected): new field 'c': mark it t.field(..., { since: 4 })");
  const m2 = mismatch(t.struct('d.S', { a: t.u8, b: t.u32 }), V3, { a: 1, b: 2 }, 3);
  assert.match(m2, "d.S.b: u16 in file, u32 expected: field 'b' was retyped: add was: [{ until: 3, type: t.u16 }]");
  assert.not.match(m2, 'convert');
  const m3 = mismatch(t.struct('d.S', { a: t.u8, b: t.string }), V3, { a: 1, b: 2 }, 3);
  assert.match(m3, "add was: [{ until: 3, type: t.u16 }] with a convert");
  const m4 = mismatch(t.struct('d.S', { b: t.u16, a: t.u8 }), V3, { a: 1, b: 2 }, 3);
  assert.match(m4, 'd.S: fields stored in another order (file: a, b; expected: b, a)');
});

test('variants: added, removed, renumbered (enums and unions)', () => {
  const d = diffSchema(t.enum('d.E', { a: 0, b: 1, c: 2 }), t.enum('d.E', { a: 0, c: 5, n: 3 }))!;
  assert.match(d, 'enum d.E variants [a=0, b=1, c=2] in file, [a=0, c=5, n=3] expected');
  assert.match(d, "d.E.c: enum variant 'c' is 2 in the file, 5 now: discriminants never change");
  assert.match(d, "d.E.n: variant missing in file: new variant 'n'=3");
  assert.match(d, "d.E.b: extra variant in file, not expected: variant 'b'=1 is gone: keep it with { until: N }");
  const u = diffSchema(t.union('d.U', { A: t.unit, B: { x: t.u8 } }), t.union('d.U', { A: { y: t.u8 }, B: { x: t.u8, z: t.u8 } }))!;
  assert.match(u, 'd.U.A: variant is unit in file, a struct expected');
  assert.match(u, "d.U.B.z: field missing in file (u8 expected): new field 'z'");
});

test('renamed structs are named, and their fields still compared', () => {
  const d = diffSchema(t.struct('d.Old', { a: t.u8 }), t.struct('d.New', { a: t.u16 }))!;
  assert.match(d, "struct d.Old in file, struct d.New expected: a renamed type (type names are stored): name it 'd.Old' again");
  assert.match(d, 'd.New.a: u8 in file, u16 expected');
});

test('names from a file go through printable()', () => {
  const evil = decodeSchema(encodeSchema(t.struct('d.S', { 'x\u001b[31m\u202e': t.u8 })));
  const d = diffSchema(evil, t.struct('d.S', { a: t.u8 }))!;
  assert.not.match(d, '\u001b'); assert.not.match(d, '\u202e');
  assert.match(d, 'x\\u{1b}[31m\\u{202e}');
});

test.run();
