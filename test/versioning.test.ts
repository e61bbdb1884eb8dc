// The table of migration cases: every field metadata option alone and combined, across 3+ data
// versions, in both directions.
//
// Each case gives the current schema (with version metadata) and, for every older version k, the
// schema exactly as it stood then, written by hand without metadata. The table then checks:
//  - schemaAt(k) of the current schema is byte-for-byte the hand-written schema of version k;
//  - load old: a file written by a codec of the hand-written schema at version k (as that release
//    wrote it) decodes with today's codec to the expected current value;
//  - write old: today's codec `encode(value, { version: k })` writes exactly the bytes that the
//    hand-written codec of version k writes for the expected old value, and that codec reads it
//    back; the caller's value is not changed;
//  - every encode and decode runs through the compiled and the interpreted codec (same bytes,
//    same values), with one codec instance used across all versions in turn.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { diffSchema, encodeSchema, RecordArray, t, type Schema } from '../src/index.ts';
import { both, hex, norm } from './helpers/codecs.ts';

interface Case {
  name: string;
  /** The current schema, with version metadata. */
  now: Schema;
  /** The schema as it stood at each version 0..N (index = version), without metadata. */
  at: Schema[];
  /** [k, value written by release k, value today's codec loads]. */
  load: [number, unknown, unknown][];
  /** [current value, k, value release k reads from today's encode at version k]. */
  save: [unknown, number, unknown][];
}

function run(c: Case): void {
  const N = c.at.length - 1;
  const now = both(c.now, { version: N });
  const old = c.at.map((s, k) => both(s, { version: k }));
  for (let k = 0; k <= N; k++) {
    const projected = now.compiled.schemaAt(k);
    assert.is(diffSchema(projected, c.at[k]!), undefined, `schemaAt(${k}) differs from the schema of version ${k}`);
    assert.is(hex(encodeSchema(projected)), hex(encodeSchema(c.at[k]!)), `schemaAt(${k}) bytes`);
  }
  for (const [k, written, expected] of c.load) {
    const bytes = old[k]!.compiled.encode(written as never);
    assert.is(hex(old[k]!.interpreted.encode(written as never)), hex(bytes), `release ${k}: compiled and interpreted bytes differ`);
    assert.equal(norm(now.compiled.decode(bytes)), norm(expected), `load v${k} (compiled)`);
    assert.equal(norm(now.interpreted.decode(bytes)), norm(expected), `load v${k} (interpreted)`);
  }
  for (const [value, k, expected] of c.save) {
    const before = norm(value);
    const bytes = now.compiled.encode(value as never, { version: k });
    assert.is(hex(now.interpreted.encode(value as never, { version: k })), hex(bytes), `write v${k}: compiled and interpreted bytes differ`);
    assert.equal(norm(value), before, `write v${k} changed the caller's value`);
    assert.is(hex(bytes), hex(old[k]!.compiled.encode(expected as never)), `write v${k}: not the bytes release ${k} writes`);
    assert.equal(norm(old[k]!.compiled.decode(bytes)), norm(expected), `write v${k}: release ${k} reads another value`);
    assert.equal(norm(old[k]!.interpreted.decode(bytes)), norm(expected));
  }
}

const S = (fields: Parameters<typeof t.struct>[1]) => t.struct('m.S', fields);
const Pos = t.struct('m.Pos', { x: t.u32, y: t.u32 });

const cases: Case[] = [
  {
    name: 'since: added in 1, no default -> zero value',
    now: S({ a: t.u8, b: t.field(t.string, { since: 1 }) }),
    at: [S({ a: t.u8 }), S({ a: t.u8, b: t.string }), S({ a: t.u8, b: t.string })],
    load: [[0, { a: 1 }, { a: 1, b: '' }], [1, { a: 1, b: 'x' }, { a: 1, b: 'x' }], [2, { a: 2, b: 'y' }, { a: 2, b: 'y' }]],
    save: [[{ a: 1, b: 'x' }, 0, { a: 1 }], [{ a: 1, b: 'x' }, 1, { a: 1, b: 'x' }], [{ a: 1, b: 'x' }, 2, { a: 1, b: 'x' }]],
  },
  {
    name: 'since + default value',
    now: S({ a: t.u8, b: t.field(t.u32, { since: 2, default: 7 }) }),
    at: [S({ a: t.u8 }), S({ a: t.u8 }), S({ a: t.u8, b: t.u32 })],
    load: [[0, { a: 1 }, { a: 1, b: 7 }], [1, { a: 1 }, { a: 1, b: 7 }], [2, { a: 1, b: 0 }, { a: 1, b: 0 }]],
    save: [[{ a: 1, b: 9 }, 0, { a: 1 }], [{ a: 1, b: 9 }, 1, { a: 1 }], [{ a: 1, b: 9 }, 2, { a: 1, b: 9 }]],
  },
  {
    name: 'since + default function of the source version',
    now: S({ a: t.u8, b: t.field(t.string, { since: 2, default: (v) => `from v${v}` }) }),
    at: [S({ a: t.u8 }), S({ a: t.u8 }), S({ a: t.u8, b: t.string })],
    load: [[0, { a: 1 }, { a: 1, b: 'from v0' }], [1, { a: 1 }, { a: 1, b: 'from v1' }], [2, { a: 1, b: 's' }, { a: 1, b: 's' }]],
    save: [[{ a: 1, b: 's' }, 1, { a: 1 }]],
  },
  {
    name: 'until: stored up to 1, kept in memory, defaulted from 2',
    now: S({ a: t.u8, b: t.field(t.u16, { until: 1, default: 9 }) }),
    at: [S({ a: t.u8, b: t.u16 }), S({ a: t.u8, b: t.u16 }), S({ a: t.u8 })],
    load: [[0, { a: 1, b: 2 }, { a: 1, b: 2 }], [1, { a: 1, b: 3 }, { a: 1, b: 3 }], [2, { a: 1 }, { a: 1, b: 9 }]],
    save: [[{ a: 1, b: 5 }, 0, { a: 1, b: 5 }], [{ a: 1, b: 5 }, 1, { a: 1, b: 5 }], [{ a: 1, b: 5 }, 2, { a: 1 }]],
  },
  {
    name: 'since..until window (stored in version 1 only)',
    now: S({ a: t.u8, b: t.field(t.u16, { since: 1, until: 1 }), c: t.bool }),
    at: [S({ a: t.u8, c: t.bool }), S({ a: t.u8, b: t.u16, c: t.bool }), S({ a: t.u8, c: t.bool })],
    load: [[0, { a: 1, c: true }, { a: 1, b: 0, c: true }], [1, { a: 1, b: 4, c: false }, { a: 1, b: 4, c: false }], [2, { a: 1, c: true }, { a: 1, b: 0, c: true }]],
    save: [[{ a: 1, b: 4, c: true }, 0, { a: 1, c: true }], [{ a: 1, b: 4, c: true }, 1, { a: 1, b: 4, c: true }], [{ a: 1, b: 4, c: true }, 2, { a: 1, c: true }]],
  },
  {
    name: 't.removed until 0: read and skipped, written from its zero value',
    now: S({ a: t.u8, old: t.removed(t.string, { until: 0 }), c: t.u8 }),
    at: [S({ a: t.u8, old: t.string, c: t.u8 }), S({ a: t.u8, c: t.u8 }), S({ a: t.u8, c: t.u8 })],
    load: [[0, { a: 1, old: 'gone', c: 2 }, { a: 1, c: 2 }], [1, { a: 1, c: 2 }, { a: 1, c: 2 }], [2, { a: 1, c: 2 }, { a: 1, c: 2 }]],
    save: [[{ a: 1, c: 2 }, 0, { a: 1, old: '', c: 2 }], [{ a: 1, c: 2 }, 1, { a: 1, c: 2 }]],
  },
  {
    name: 't.removed that lived in 1..1 (a vec), and one of struct type until 1',
    now: S({
      a: t.u8,
      v: t.removed(t.vec(t.u32), { since: 1, until: 1 }),
      s: t.removed(t.struct('m.Old', { p: t.string, q: t.vec(t.u8), e: t.enum('m.E', ['x', 'y']) }), { until: 1 }),
    }),
    at: [
      S({ a: t.u8, s: t.struct('m.Old', { p: t.string, q: t.vec(t.u8), e: t.enum('m.E', ['x', 'y']) }) }),
      S({ a: t.u8, v: t.vec(t.u32), s: t.struct('m.Old', { p: t.string, q: t.vec(t.u8), e: t.enum('m.E', ['x', 'y']) }) }),
      S({ a: t.u8 }),
    ],
    load: [
      [0, { a: 1, s: { p: 'pp', q: [1, 2], e: 'y' } }, { a: 1 }],
      [1, { a: 1, v: [1, 2, 3], s: { p: 'p', q: [], e: 'x' } }, { a: 1 }],
      [2, { a: 3 }, { a: 3 }],
    ],
    save: [[{ a: 1 }, 0, { a: 1, s: { p: '', q: [], e: 'x' } }], [{ a: 1 }, 1, { a: 1, v: [], s: { p: '', q: [], e: 'x' } }], [{ a: 1 }, 2, { a: 1 }]],
  },
  {
    name: 'was: widening chain u8 -> u16 -> u64 (range-checked narrowing back)',
    now: S({ b: t.field(t.u64, { was: [{ until: 0, type: t.u8 }, { until: 1, type: t.u16 }] }) }),
    at: [S({ b: t.u8 }), S({ b: t.u16 }), S({ b: t.u64 })],
    load: [[0, { b: 200 }, { b: 200n }], [1, { b: 60000 }, { b: 60000n }], [2, { b: 1n << 60n }, { b: 1n << 60n }]],
    save: [[{ b: 255n }, 0, { b: 255 }], [{ b: 65535n }, 1, { b: 65535 }], [{ b: 7 }, 1, { b: 7 }], [{ b: 1n << 60n }, 2, { b: 1n << 60n }]],
  },
  {
    name: 'was: widening chain i8 -> i32 -> f64, and f32 -> f64',
    now: S({ b: t.field(t.f64, { was: [{ until: 0, type: t.i8 }, { until: 1, type: t.i32 }] }), c: t.field(t.f64, { was: [{ until: 1, type: t.f32 }] }) }),
    at: [S({ b: t.i8, c: t.f32 }), S({ b: t.i32, c: t.f32 }), S({ b: t.f64, c: t.f64 })],
    load: [[0, { b: -128, c: 0.5 }, { b: -128, c: 0.5 }], [1, { b: -70000, c: Math.fround(0.1) }, { b: -70000, c: Math.fround(0.1) }], [2, { b: 0.25, c: 0.1 }, { b: 0.25, c: 0.1 }]],
    save: [[{ b: -5, c: 1.5 }, 0, { b: -5, c: 1.5 }], [{ b: 2 ** 31 - 1, c: -0 }, 1, { b: 2 ** 31 - 1, c: -0 }]],
  },
  {
    name: 'was with convert and revert (u64 phone number -> string, savefile versions_as)',
    now: S({ phone: t.field(t.string, { was: [{ until: 1, type: t.u64, convert: (n: bigint) => String(n), revert: (s: string) => BigInt(s) }] }) }),
    at: [S({ phone: t.u64 }), S({ phone: t.u64 }), S({ phone: t.string })],
    load: [[0, { phone: 5551234n }, { phone: '5551234' }], [1, { phone: 0n }, { phone: '0' }], [2, { phone: '+1 555' }, { phone: '+1 555' }]],
    save: [[{ phone: '0123' }, 0, { phone: 123n }], [{ phone: '42' }, 1, { phone: 42n }], [{ phone: '+1 555' }, 2, { phone: '+1 555' }]],
  },
  {
    name: 'was whose old type is a struct (convert/revert)',
    now: S({
      who: t.field(t.string, {
        was: [{
          until: 0, type: t.struct('m.Name', { first: t.string, last: t.string }),
          convert: (o: { first: string; last: string }) => `${o.first} ${o.last}`,
          revert: (s: string) => ({ first: s.split(' ')[0]!, last: s.split(' ').slice(1).join(' ') }),
        }],
      }),
      n: t.u8,
    }),
    at: [S({ who: t.struct('m.Name', { first: t.string, last: t.string }), n: t.u8 }), S({ who: t.string, n: t.u8 }), S({ who: t.string, n: t.u8 })],
    load: [[0, { who: { first: 'Ada', last: 'Lovelace' }, n: 1 }, { who: 'Ada Lovelace', n: 1 }], [1, { who: 'Bob', n: 2 }, { who: 'Bob', n: 2 }]],
    save: [[{ who: 'Grace B Hopper', n: 3 }, 0, { who: { first: 'Grace', last: 'B Hopper' }, n: 3 }]],
  },
  {
    name: 'was + since + default: absent in 0, u8 in 1, u16 since 2',
    now: S({ a: t.u8, b: t.field(t.u16, { since: 1, was: [{ until: 1, type: t.u8 }], default: 5 }) }),
    at: [S({ a: t.u8 }), S({ a: t.u8, b: t.u8 }), S({ a: t.u8, b: t.u16 })],
    load: [[0, { a: 1 }, { a: 1, b: 5 }], [1, { a: 1, b: 250 }, { a: 1, b: 250 }], [2, { a: 1, b: 1000 }, { a: 1, b: 1000 }]],
    save: [[{ a: 1, b: 200 }, 0, { a: 1 }], [{ a: 1, b: 200 }, 1, { a: 1, b: 200 }], [{ a: 1, b: 1000 }, 2, { a: 1, b: 1000 }]],
  },
  {
    name: 'was + until: u8 in 0, u32 in 1, gone from 2',
    now: S({ a: t.u8, b: t.field(t.u32, { until: 1, was: [{ until: 0, type: t.u8 }] }) }),
    at: [S({ a: t.u8, b: t.u8 }), S({ a: t.u8, b: t.u32 }), S({ a: t.u8 })],
    load: [[0, { a: 1, b: 9 }, { a: 1, b: 9 }], [1, { a: 1, b: 70000 }, { a: 1, b: 70000 }], [2, { a: 1 }, { a: 1, b: 0 }]],
    save: [[{ a: 1, b: 9 }, 0, { a: 1, b: 9 }], [{ a: 1, b: 70000 }, 1, { a: 1, b: 70000 }], [{ a: 1, b: 70000 }, 2, { a: 1 }]],
  },
  {
    name: 'ignore: never stored in any version, decoded as its default',
    now: S({ a: t.u8, cache: t.field(t.u32, { ignore: true, default: 3 }), tmp: t.field(t.vec(t.string), { ignore: true }) }),
    at: [S({ a: t.u8 }), S({ a: t.u8 }), S({ a: t.u8 })],
    load: [[0, { a: 1 }, { a: 1, cache: 3, tmp: [] }], [2, { a: 2 }, { a: 2, cache: 3, tmp: [] }]],
    save: [[{ a: 1, cache: 77, tmp: ['x'] }, 0, { a: 1 }], [{ a: 1, cache: 77, tmp: ['x'] }, 2, { a: 1 }]],
  },
  {
    name: 'onSave alone: changes other fields of the copy written to older versions',
    now: S({ a: t.u16, c: t.field(t.u8, { since: 2, onSave: (p, to) => { p.a = p.a + 100 * (to + 1) + p.c; } }) }),
    at: [S({ a: t.u16 }), S({ a: t.u16 }), S({ a: t.u16, c: t.u8 })],
    load: [[0, { a: 1 }, { a: 1, c: 0 }]],
    save: [[{ a: 1, c: 5 }, 0, { a: 106 }], [{ a: 1, c: 5 }, 1, { a: 206 }], [{ a: 1, c: 5 }, 2, { a: 1, c: 5 }]],
  },
  {
    name: 'onLoad alone: fills a field from the others when the source lacks it',
    now: S({ a: t.u8, c: t.field(t.u16, { since: 1, onLoad: (p, from) => { p.c = p.a * 10 + from; } }) }),
    at: [S({ a: t.u8 }), S({ a: t.u8, c: t.u16 }), S({ a: t.u8, c: t.u16 })],
    load: [[0, { a: 2 }, { a: 2, c: 20 }], [1, { a: 2, c: 7 }, { a: 2, c: 7 }], [2, { a: 2, c: 8 }, { a: 2, c: 8 }]],
    save: [[{ a: 2, c: 7 }, 0, { a: 2 }]],
  },
  {
    name: 'all options on one field, N = 3 (since, was, default fn, onLoad, onSave) next to an ignored field',
    now: S({
      a: t.u8,
      note: t.field(t.string, { ignore: true }),
      b: t.field(t.u32, {
        since: 1, was: [{ until: 1, type: t.u8 }], default: (v) => 1000 + v,
        onLoad: (p, from) => { p.note = `b defaulted to ${p.b} from v${from}`; },
        onSave: (p, to) => { p.a = Math.min(p.b, 255); p.note = `dropped for v${to}`; },
      }),
    }),
    at: [S({ a: t.u8 }), S({ a: t.u8, b: t.u8 }), S({ a: t.u8, b: t.u32 }), S({ a: t.u8, b: t.u32 })],
    load: [
      [0, { a: 1 }, { a: 1, note: 'b defaulted to 1000 from v0', b: 1000 }],
      [1, { a: 1, b: 200 }, { a: 1, note: '', b: 200 }],
      [2, { a: 1, b: 70000 }, { a: 1, note: '', b: 70000 }],
      [3, { a: 1, b: 70001 }, { a: 1, note: '', b: 70001 }],
    ],
    save: [
      [{ a: 1, note: 'x', b: 70000 }, 0, { a: 255 }],
      [{ a: 1, note: 'x', b: 200 }, 1, { a: 1, b: 200 }],
      [{ a: 1, note: 'x', b: 70000 }, 2, { a: 1, b: 70000 }],
      [{ a: 1, note: 'x', b: 70000 }, 3, { a: 1, b: 70000 }],
    ],
  },
  {
    name: 'enum variants by version (C since 1, D since 2, B until 1); discriminants kept',
    now: S({ e: t.enum('m.E', ['A', 'B', 'C', 'D'], { since: { C: 1, D: 2 }, until: { B: 1 } }), later: t.field(t.enum('m.F', ['first', 'second']), { since: 1 }) }),
    at: [
      S({ e: t.enum('m.E', ['A', 'B']) }),
      S({ e: t.enum('m.E', ['A', 'B', 'C']), later: t.enum('m.F', ['first', 'second']) }),
      S({ e: t.enum('m.E', { A: 0, C: 2, D: 3 }), later: t.enum('m.F', ['first', 'second']) }),
    ],
    load: [
      [0, { e: 'B' }, { e: 'B', later: 'first' }],
      [1, { e: 'C', later: 'second' }, { e: 'C', later: 'second' }],
      [2, { e: 'D', later: 'second' }, { e: 'D', later: 'second' }],
    ],
    save: [[{ e: 'A', later: 'second' }, 0, { e: 'A' }], [{ e: 'B', later: 'first' }, 1, { e: 'B', later: 'first' }], [{ e: 'C', later: 'first' }, 2, { e: 'C', later: 'first' }]],
  },
  {
    name: 'union variants by version, and versioned fields inside a variant',
    now: S({
      u: t.union('m.U', {
        None: t.unit,
        Old: t.variant({ x: t.u8 }, { until: 0 }),
        Pt: { x: t.u16, y: t.field(t.u16, { since: 1, default: 9 }) },
        New: t.variant({ s: t.string }, { since: 2 }),
      }),
    }),
    at: [
      S({ u: t.union('m.U', { None: t.unit, Old: { x: t.u8 }, Pt: { x: t.u16 } }) }),
      S({ u: t.union('m.U', { None: t.unit, Pt: { x: t.u16, y: t.u16 } }, { values: { None: 0, Pt: 2 } }) }),
      S({ u: t.union('m.U', { None: t.unit, Pt: { x: t.u16, y: t.u16 }, New: { s: t.string } }, { values: { None: 0, Pt: 2, New: 3 } }) }),
    ],
    load: [
      [0, { u: { kind: 'Old', x: 5 } }, { u: { kind: 'Old', x: 5 } }],
      [0, { u: { kind: 'Pt', x: 1 } }, { u: { kind: 'Pt', x: 1, y: 9 } }],
      [1, { u: { kind: 'Pt', x: 1, y: 2 } }, { u: { kind: 'Pt', x: 1, y: 2 } }],
      [1, { u: { kind: 'None' } }, { u: { kind: 'None' } }],
      [2, { u: { kind: 'New', s: 'n' } }, { u: { kind: 'New', s: 'n' } }],
    ],
    save: [
      [{ u: { kind: 'Pt', x: 1, y: 2 } }, 0, { u: { kind: 'Pt', x: 1 } }],
      [{ u: { kind: 'Old', x: 3 } }, 0, { u: { kind: 'Old', x: 3 } }],
      [{ u: { kind: 'Pt', x: 1, y: 2 } }, 1, { u: { kind: 'Pt', x: 1, y: 2 } }],
      [{ u: { kind: 'New', s: 's' } }, 2, { u: { kind: 'New', s: 's' } }],
    ],
  },
];

// A nested struct that gained a field (and lost one), reached through every container — this also
// drives the compiled fixed-size struct path (vec/array of a struct of numbers).
const inner = (k: number) => k === 0
  ? t.struct('m.In', { a: t.u8, c: t.u8 })
  : t.struct('m.In', { a: t.u8, b: t.u16 });
const outer = (In: Schema) => t.struct('m.Out', {
  list: t.vec(In), one: t.option(In), byName: t.map(t.string, In), pair: t.tuple(In, t.u8), fixed: t.array(In, 2),
});
const In = t.struct('m.In', { a: t.u8, b: t.field(t.u16, { since: 1, default: 4 }), c: t.removed(t.u8, { until: 0 }) });
const v0in = (a: number) => ({ a, c: a + 1 });
const nowIn = (a: number, b = 4) => ({ a, b });
const wrap = (f: (a: number) => unknown) => ({
  list: [f(1), f(2)], one: f(3), byName: new Map([['k', f(4)]]), pair: [f(5), 6], fixed: [f(7), f(8)],
});
cases.push({
  name: 'nested struct that gained a field and lost one, inside vec/option/map/tuple/array',
  now: outer(In),
  at: [outer(inner(0)), outer(inner(1)), outer(inner(1))],
  load: [[0, wrap(v0in), wrap((a) => nowIn(a))], [1, wrap((a) => nowIn(a, a * 100)), wrap((a) => nowIn(a, a * 100))]],
  save: [
    [wrap((a) => nowIn(a, 300)), 0, wrap((a) => ({ a, c: 0 }))],
    [wrap((a) => nowIn(a, 300)), 1, wrap((a) => nowIn(a, 300))],
    [wrap((a) => nowIn(a, 300)), 2, wrap((a) => nowIn(a, 300))],
  ],
});

cases.push({
  name: 'packed records in a field added in 1, and a struct-typed field added in 2 (zero values)',
  now: S({ a: t.u8, h: t.field(t.records(Pos), { since: 1 }), s: t.field(In, { since: 2 }) }),
  at: [S({ a: t.u8 }), S({ a: t.u8, h: t.records(Pos) }), S({ a: t.u8, h: t.records(Pos), s: inner(1) })],
  load: [
    [0, { a: 1 }, { a: 1, h: new RecordArray(Pos, 0), s: { a: 0, b: 4 } }],
    [1, { a: 1, h: RecordArray.from(Pos, [{ x: 1, y: 2 }]) }, { a: 1, h: RecordArray.from(Pos, [{ x: 1, y: 2 }]), s: { a: 0, b: 4 } }],
    [2, { a: 1, h: RecordArray.from(Pos, [{ x: 3, y: 4 }]), s: { a: 5, b: 6 } }, { a: 1, h: RecordArray.from(Pos, [{ x: 3, y: 4 }]), s: { a: 5, b: 6 } }],
  ],
  save: [
    [{ a: 1, h: RecordArray.from(Pos, [{ x: 1, y: 2 }]), s: { a: 5, b: 6 } }, 0, { a: 1 }],
    [{ a: 1, h: RecordArray.from(Pos, [{ x: 1, y: 2 }]), s: { a: 5, b: 6 } }, 1, { a: 1, h: RecordArray.from(Pos, [{ x: 1, y: 2 }]) }],
  ],
});

// A recursive type (t.lazy) whose node gained a field: projection and both codecs per version.
const Tree: Schema = t.struct('m.Tree', {
  value: t.field(t.u32, { was: [{ until: 0, type: t.u16 }] }),
  label: t.field(t.string, { since: 1, default: (v) => `v${v}` }),
  children: t.vec(t.lazy(() => Tree)),
});
const Tree0: Schema = t.struct('m.Tree', { value: t.u16, children: t.vec(t.lazy(() => Tree0)) });
const Tree1: Schema = t.struct('m.Tree', { value: t.u32, label: t.string, children: t.vec(t.lazy(() => Tree1)) });
const node = (value: number, children: unknown[] = [], label?: string) => (label === undefined ? { value, children } : { value, label, children });
cases.push({
  name: 'recursive type (t.lazy) whose node gained a field and widened another',
  now: Tree,
  at: [Tree0, Tree1, Tree1],
  load: [
    [0, node(1, [node(2), node(3, [node(4)])]), node(1, [node(2, [], 'v0'), node(3, [node(4, [], 'v0')], 'v0')], 'v0')],
    [1, node(1, [node(70000, [], 'b')], 'a'), node(1, [node(70000, [], 'b')], 'a')],
  ],
  save: [
    [node(1, [node(2, [], 'x')], 'y'), 0, node(1, [node(2)])],
    [node(1, [node(70000, [], 'x')], 'y'), 2, node(1, [node(70000, [], 'x')], 'y')],
  ],
});

for (const c of cases) test(`migration: ${c.name}`, () => run(c));

test('the table covers every field option', () => {
  const seen = new Set<string>();
  const walk = (s: Schema) => {
    if (s.kind !== 'struct') return;
    for (const f of s.fields) {
      if (f.removed) seen.add('removed');
      if (f.since > 0) seen.add('since');
      if (f.until !== Infinity && !f.removed) seen.add('until');
      if (f.hasDefault) seen.add(typeof f.default === 'function' ? 'default fn' : 'default');
      if (f.was.length) seen.add(f.was.some((w) => w.convert) ? 'was convert' : 'was widening');
      if (f.ignore) seen.add('ignore');
      if (f.onSave) seen.add('onSave');
      if (f.onLoad) seen.add('onLoad');
    }
  };
  for (const c of cases) walk(c.now);
  assert.equal([...seen].sort(), ['default', 'default fn', 'ignore', 'onLoad', 'onSave', 'removed', 'since', 'until', 'was convert', 'was widening']);
  assert.ok(cases.length >= 20, `${cases.length} cases`);
});

test.run();
