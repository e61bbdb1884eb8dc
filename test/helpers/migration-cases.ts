// The migration table of test/versioning.test.ts: every field metadata option alone and combined,
// across 3+ data versions, in both directions (the nested and recursive cases live in that file).
import { t } from '../../src/index.ts';
import type { Case } from './migration-run.ts';

/** A struct named m.S with the given fields (every version of a case uses the same name). */
export const S = (fields: Parameters<typeof t.struct>[1]) => t.struct('m.S', fields);
/** A two-u32 struct for packed records. */
export const Pos = t.struct('m.Pos', { x: t.u32, y: t.u32 });

/** The table cases, in order. */
export const tableCases: Case[] = [
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
