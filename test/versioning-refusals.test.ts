// Versioning refusals: NEWER_VERSION, SCHEMA_MISMATCH, NOT_SUPPORTED, INVALID_VALUE, INVALID_DATA,
// files without schema section or checksum, and INVALID_SCHEMA at definition time (naming struct
// and field), packed records changing layout with the version.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { codec, t, type Schema } from '../src/index.ts';
import { both, bothThrow, hex, throwsCode } from './helpers/codecs.ts';
import { Player, PlayerV0, PlayerV1 } from '../examples/player.ts';
import { fileOf, v2player } from './helpers/versioning-rules.ts';

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
