// Schema evolution (issue 14, points 2 and 6): the codec-version guard, renames (`was` with a
// name), checked results of hooks, convert and defaults. Compiled and interpreted codecs alike.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { codec, SavepackError, stateUnit, t } from '../src/index.ts';

const MODES = [{}, { compile: false }] as const;

const fails = (f: () => unknown, code: string, path?: string, text?: RegExp): void => {
  try {
    f();
  } catch (e) {
    assert.ok(e instanceof SavepackError, `not a SavepackError: ${String(e)}`);
    assert.is(e.code, code, e.message);
    if (path !== undefined) assert.is(e.path, path, e.message);
    if (text) assert.match(e.message, text);
    return;
  }
  assert.unreachable(`expected ${code}`);
};

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

test.run();
