// Schema builders: definitions, and INVALID_SCHEMA for inconsistent ones (naming struct and field).

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { codec, describeSchema, diffSchema, t } from '../src/index.ts';
import { throwsCode } from './helpers/codecs.ts';

test('structs, enums and unions carry their dotted names', () => {
  assert.is(t.struct('game.Player', { a: t.u8 }).name, 'game.Player');
  assert.is(t.enum('game.Kind', ['a']).name, 'game.Kind');
  assert.is(t.union('game.Shape', { A: t.unit }).name, 'game.Shape');
  throwsCode(() => t.struct('', { a: t.u8 }), 'INVALID_SCHEMA', '', /dotted identifier/);
  throwsCode(() => t.struct('game..Player', { a: t.u8 }), 'INVALID_SCHEMA');
  throwsCode(() => t.struct('1game', { a: t.u8 }), 'INVALID_SCHEMA');
});

test('INVALID_SCHEMA rules name the struct and field', () => {
  throwsCode(() => t.struct('s.A', { x: t.field(t.u8, { since: 3, until: 1 }) }), 'INVALID_SCHEMA', 's.A.x', /since \(3\) is after until \(1\)/);
  throwsCode(() => t.struct('s.A', { x: t.removed(t.u8, { since: 2, until: 1 }) }), 'INVALID_SCHEMA', 's.A.x');
  throwsCode(() => t.struct('s.A', { x: t.field(t.u8, { since: -1 }) }), 'INVALID_SCHEMA', 's.A.x', /integer version/);
  throwsCode(() => t.struct('s.A', { x: t.field(t.u32, { was: [{ until: 2, type: t.u8 }, { until: 1, type: t.u16 }] }) }), 'INVALID_SCHEMA', 's.A.x', /ordered by until/);
  throwsCode(() => t.struct('s.A', { x: t.field(t.u8, { was: [{ until: 1, type: t.u32 }] }) }), 'INVALID_SCHEMA', 's.A.x', /not a lossless widening/);
  throwsCode(() => t.struct('s.A', { x: t.field(t.string, { was: [{ until: 1, type: t.u32 }] }) }), 'INVALID_SCHEMA', 's.A.x', /convert/);
  throwsCode(() => t.struct('s.A', { x: t.field(t.u32, { since: 2, was: [{ until: 1, type: t.u8 }] }) }), 'INVALID_SCHEMA', 's.A.x', /before the field exists/);
  throwsCode(() => t.struct('s.A', { x: 5 as any }), 'INVALID_SCHEMA', 's.A.x');
  throwsCode(() => t.enum('s.E', ['a', 'a']), 'INVALID_SCHEMA', 's.E.a', /duplicate variant/);
  throwsCode(() => t.enum('s.E', { a: 1, b: 1 }), 'INVALID_SCHEMA', 's.E.b', /used by both 'a' and 'b'/);
  throwsCode(() => t.enum('s.E', { a: 256 }), 'INVALID_SCHEMA', 's.E.a', /does not fit u8/);
  throwsCode(() => t.enum('s.E', []), 'INVALID_SCHEMA', 's.E');
  throwsCode(() => t.enum('s.E', ['a'], { since: { b: 1 } }), 'INVALID_SCHEMA', 's.E', /unknown variant 'b'/);
  throwsCode(() => t.union('s.U', { A: t.unit, B: t.unit }, { values: { A: 0, B: 0 } }), 'INVALID_SCHEMA', 's.U.B', /used by both/);
  throwsCode(() => t.union('s.U', { A: { kind: t.u8 } }), 'INVALID_SCHEMA', 's.U.A.kind', /clashes with the union tag/);
  throwsCode(() => t.union('s.U', { A: t.variant(t.unit, { since: 2, until: 1 }) }), 'INVALID_SCHEMA', 's.U.A');
  throwsCode(() => t.array(t.u8, -1), 'INVALID_SCHEMA');
  throwsCode(() => t.typed('u128' as any), 'INVALID_SCHEMA');
  throwsCode(() => t.vec(undefined as any), 'INVALID_SCHEMA');
  throwsCode(() => t.custom(t.u8, { name: 'x.C' } as any), 'INVALID_SCHEMA', 'x.C');
});

test('two different types with one name in a codec are INVALID_SCHEMA; identical copies are fine', () => {
  const A1 = t.struct('s.Same', { a: t.u8 });
  const A2 = t.struct('s.Same', { a: t.u16 });
  throwsCode(() => codec(t.tuple(A1, A2), { version: 0 }), 'INVALID_SCHEMA', 's.Same', /two different types/);
  codec(t.tuple(A1, t.struct('s.Same', { a: t.u8 })), { version: 0 });
});

test('codec options are checked', () => {
  throwsCode(() => codec(t.u8, { version: -1 }), 'INVALID_VALUE');
  throwsCode(() => codec(t.u8, { version: 1.5 }), 'INVALID_VALUE');
  throwsCode(() => codec(t.u8, {} as any), 'INVALID_VALUE');
  throwsCode(() => codec(t.u8, { version: 0, compress: 'zstd' as any }), 'INVALID_VALUE');
  throwsCode(() => codec(t.u8, { version: 0, limits: { maxDepth: -1 } }), 'INVALID_VALUE');
});

test('diffSchema: undefined for same bytes, paths for differences', () => {
  const A = t.struct('game.Player', { name: t.string, hp: t.u16, inv: t.vec(t.string) });
  assert.is(diffSchema(A, t.struct('game.Player', { name: t.string, hp: t.u16, inv: t.vec(t.string) })), undefined);
  assert.is(diffSchema(A, t.struct('game.Player', { name: t.string, hp: t.u32, inv: t.vec(t.string) })), "game.Player.hp: u16 in file, u32 expected: field 'hp' was retyped: add was: [{ until: N, type: t.u16 }]");
  assert.is(diffSchema(A, t.struct('game.Player', { name: t.string, hp: t.u16 })), "game.Player.inv: extra field in file (vec<string>), not expected: field 'inv' is gone: keep it as t.removed(t.vec(t.string), { until: N }) to read files of version N");
  assert.is(diffSchema(A, t.struct('game.Player', { name: t.string, hp: t.u16, inv: t.vec(t.u8) })), 'game.Player.inv[]: string in file, u8 expected');
  assert.match(diffSchema(A, t.struct('game.Player', { name: t.string, mp: t.u16, inv: t.vec(t.string) }))!, "game.Player.mp: field missing in file (u16 expected): new field 'mp'");
  assert.match(diffSchema(t.enum('e.K', ['a', 'b']), t.enum('e.K', ['a', 'c']))!, 'variants [a=0, b=1] in file, [a=0, c=1] expected');
  // version metadata does not matter, only the stored shape at the newest version
  assert.is(diffSchema(t.struct('v.S', { a: t.u8, b: t.removed(t.u8, { until: 0 }) }), t.struct('v.S', { a: t.u8 })), undefined);
});

test('describeSchema names types briefly', () => {
  assert.is(describeSchema(t.vec(t.map(t.string, t.option(t.u8)))), 'vec<map<string, option<u8>>>');
  assert.is(describeSchema(t.records(t.struct('d.P', { x: t.u8 }))), 'records<d.P>');
});

test('codec.describe shows which parts take the packed path', () => {
  const Pos = t.struct('game.Position', { x: t.u32, y: t.u32 });
  const S = t.struct('game.Save', { name: t.string, history: t.records(Pos), samples: t.typed('f32'), path: t.vec(Pos) });
  const d = codec(S, { version: 0 }).describe();
  assert.match(d, 'compiled');
  assert.match(d, /\.history: records<game\.Position> — packed bulk path, 8 bytes\/record/);
  assert.match(d, /\.samples: typed<f32> — packed bulk copy/);
  assert.match(d, /packed-eligible: t.records of it would use the bulk path/);
  assert.match(codec(S, { version: 0, compile: false }).describe(), 'interpreted');
});

test.run();
