// A `convert` result is checked like encode input, in the compiled decoder (which vouches for common
// values with a quick per-type test) exactly as in the interpreter: values at the edges pass,
// values just past them fail with MIGRATION_FAILED at the field.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { t, type Schema } from '../src/index.ts';
import { both, bothThrow } from './helpers/codecs.ts';
import { fileOf } from './helpers/versioning-rules.ts';

const OLD = t.struct('cc.T', { a: t.u8 });
const f0 = fileOf(OLD, 0, { a: 7 });

/** The current struct: field `a` of type `to`, stored as u8 up to version 0 and converted by `out`. */
const now = (to: Schema, out: unknown) => t.struct('cc.T', { a: t.field(to, { was: [{ until: 0, type: t.u8, convert: () => out }] }) });

const fitting: [string, Schema, unknown][] = [
  ['u16 max', t.u16, 65535], ['i8 min', t.i8, -128], ['u32 0', t.u32, 0], ['varint', t.varint, -5],
  ['f32 Infinity', t.f32, Infinity], ['f32 NaN', t.f32, NaN], ['f64', t.f64, 1.5], ['bool', t.bool, false],
  ['string', t.string, ''], ['enum', t.enum('cc.E', ['x', 'y']), 'y'],
  ['big enum', t.enum('cc.F', Array.from({ length: 12 }, (_, i) => `v${i}`)), 'v11'],
];

test('convert results at the edges of their type load, compiled and interpreted alike', () => {
  for (const [what, to, out] of fitting) {
    const { compiled, interpreted } = both(now(to, out), { version: 1 });
    for (const c of [compiled, interpreted]) assert.equal((c.decode(f0) as { a: unknown }).a, out, what);
  }
});

const misfits: [string, Schema, unknown][] = [
  ['u16 over', t.u16, 65536], ['u16 fraction', t.u16, 1.5], ['u16 NaN', t.u16, NaN], ['u8 negative', t.u8, -1],
  ['i32 string', t.i32, '3'], ['f32 overflow', t.f32, 3.5e38], ['f64 bigint', t.f64, 1n], ['bool 0', t.bool, 0],
  ['string number', t.string, 5], ['enum unknown', t.enum('cc.E', ['x', 'y']), 'z'], ['enum number', t.enum('cc.E', ['x', 'y']), 0],
  ['big enum unknown', t.enum('cc.F', Array.from({ length: 12 }, (_, i) => `v${i}`)), 'v12'],
];

test('convert results that do not fit fail with MIGRATION_FAILED, compiled and interpreted alike', () => {
  for (const [, to, out] of misfits) {
    bothThrow(now(to, out), { version: 1 }, (c) => c.decode(f0), 'MIGRATION_FAILED', 'cc.T.a', /convert of field 'a' gave a value that does not fit/);
  }
});

test.run();
