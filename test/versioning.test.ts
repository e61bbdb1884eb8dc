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
import { RecordArray, t, type Schema } from '../src/index.ts';
import { run, type Case } from './helpers/migration-run.ts';
import { Pos, S, tableCases } from './helpers/migration-cases.ts';

const cases: Case[] = [...tableCases];

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
