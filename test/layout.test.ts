// Layout and packed eligibility (savefile's Packed rules).

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { layout, t } from '../src/index.ts';
import { throwsCode } from './helpers/codecs.ts';

test('API.md examples', () => {
  assert.equal(layout(t.struct('game.Position', { x: t.u32, y: t.u32 })), { size: 8, align: 4, packed: true });
  const bad = layout(t.struct('Bad', { f1: t.u8, f2: t.u32 }));
  assert.is(bad.packed, false);
  assert.match(bad.reason!, '3 bytes of padding after f1');
});

test('table of structs: padding, trailing padding, enums, nesting, arrays', () => {
  const E8 = t.enum('l.E8', ['a', 'b']);
  const E16 = t.enum('l.E16', ['a'], { size: 'u16' });
  const E32 = t.enum('l.E32', ['a'], { size: 'u32' });
  const Inner = t.struct('l.Inner', { a: t.u16, b: t.u16 });
  const rows: [string, any, { size?: number; align?: number; packed: boolean }, RegExp?][] = [
    ['descending sizes, exact fit', t.struct('l.A', { a: t.f64, b: t.u32, c: t.u16, d: t.u8, e: t.bool }), { size: 16, align: 8, packed: true }],
    ['two bytes over', t.struct('l.B', { a: t.f64, b: t.u32, c: t.u16, d: t.u8, e: t.bool, f: t.i8, g: t.i8 }), { packed: false }, /6 bytes of trailing padding after g/],
    ['u8 before f64', t.struct('l.B2', { a: t.u8, b: t.f64 }), { packed: false }, /7 bytes of padding after a before b/],
    ['middle padding', t.struct('l.C', { a: t.u16, b: t.u64 }), { packed: false }, /6 bytes of padding after a before b/],
    ['trailing padding', t.struct('l.D', { a: t.u32, b: t.u8 }), { packed: false }, /3 bytes of trailing padding after b/],
    ['enum u8', t.struct('l.F', { a: E8, b: t.u8 }), { size: 2, align: 1, packed: true }],
    ['enum u16', t.struct('l.G', { a: E16, b: t.u16 }), { size: 4, align: 2, packed: true }],
    ['enum u32 then u8 pads', t.struct('l.H', { a: E32, b: t.u8 }), { packed: false }, /trailing/],
    ['nested packed struct', t.struct('l.I', { a: Inner, b: t.u32 }), { size: 8, align: 4, packed: true }],
    ['array of packed items', t.struct('l.J', { a: t.array(Inner, 3), b: t.u32 }), { size: 16, align: 4, packed: true }],
    ['array of u8 then u32 misaligned', t.struct('l.K', { a: t.array(t.u8, 3), b: t.u32 }), { packed: false }, /1 bytes of padding after a/],
    ['string is not fixed size', t.struct('l.L', { a: t.string }), { packed: false }, /l\.L\.a is not packed: string has no fixed size/],
    ['vec is not fixed size', t.struct('l.M', { a: t.vec(t.u8) }), { packed: false }, /vec has no fixed size/],
    ['option is not', t.struct('l.N', { a: t.option(t.u8) }), { packed: false }],
    ['all u8', t.struct('l.O', { a: t.u8, b: t.bool, c: E8 }), { size: 3, align: 1, packed: true }],
    ['f32 pair', t.struct('l.P', { a: t.f32, b: t.i32 }), { size: 8, align: 4, packed: true }],
  ];
  for (const [name, schema, want, reason] of rows) {
    const l = layout(schema);
    assert.is(l.packed, want.packed, `${name}: ${l.reason}`);
    if (want.size !== undefined) { assert.is(l.size, want.size, name); assert.is(l.align, want.align, name); }
    if (reason) assert.match(l.reason!, reason, name);
  }
});

test('layout at a version uses the fields stored then', () => {
  const S = t.struct('l.V', { a: t.u32, b: t.field(t.u8, { since: 1 }) });
  assert.equal(layout(S, 0), { size: 4, align: 4, packed: true });
  assert.is(layout(S, 1).packed, false);
});

test('{ packed: true } requires eligibility (the "require fast" switch)', () => {
  t.struct('l.Ok', { a: t.u32 }, { packed: true });
  throwsCode(() => t.struct('l.No', { a: t.u8, b: t.u32 }, { packed: true }), 'INVALID_SCHEMA', 'l.No', /3 bytes of padding after a/);
});

test('t.records needs a packed-eligible struct', () => {
  throwsCode(() => t.records(t.struct('l.R', { a: t.u8, b: t.u16 })), 'INVALID_SCHEMA', 'l.R', /1 bytes of padding/);
  throwsCode(() => t.records(t.struct('l.S', { s: t.string })), 'INVALID_SCHEMA');
  throwsCode(() => t.records(t.struct('l.Z', {})), 'INVALID_SCHEMA', 'l.Z', /non-zero size/);
  // Records evolve (API.md 10), but every data version's layout must be packed and non-empty.
  throwsCode(() => t.records(t.struct('l.W', { a: t.field(t.u32, { since: 1 }) })), 'INVALID_SCHEMA', 'l.W', /version 0 has no stored field/);
});

test('recursive types are not fixed size', () => {
  const N: any = t.struct('l.Node', { v: t.u8, n: t.lazy(() => N) });
  assert.is(layout(N).packed, false);
});

test.run();
