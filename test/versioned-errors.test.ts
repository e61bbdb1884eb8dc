// t.versioned errors (issue 14.1, API.md 10): a missing to, a throwing from or to, from/to results
// that do not fit, bad generation lists, the codec-version guard; and elsewhere: under
// setCompileDefault(false), in t.records and state units, with readNewer. Compiled and interpreted.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { codec, SavepackError, setCompileDefault, stateUnit, t } from '../src/index.ts';
import { MODES, Pos, Save, SaveV0, VERSION, World, ann, fails, world } from './helpers/versioned-save.ts';

// --- errors ------------------------------------------------------------------------------------

const A = t.struct('vt.A', { n: t.u8 });
const B = t.struct('vt.B', { n: t.u16 });
const C = t.struct('vt.C', { n: t.u32, s: t.string });
const NoTo = t.versioned('vt.NoTo', [
  { since: 0, schema: A },
  { since: 1, schema: B, from: (a) => ({ n: a.n }), to: (b) => ({ n: b.n & 0xff }) },
  { since: 2, schema: C, from: (b) => ({ n: b.n, s: '' }) },
]);

test('a missing to on the way down is NOT_SUPPORTED naming the generation pair', () => {
  for (const m of MODES) {
    const c = codec(NoTo, { version: 2, ...m });
    assert.equal(c.decode(c.encode({ n: 5, s: 'x' }, { version: 2 })), { n: 5, s: 'x' });
    for (const k of [0, 1]) {
      fails(() => c.encode({ n: 5, s: 'x' }, { version: k }), 'NOT_SUPPORTED', 'vt.NoTo', /vt\.NoTo generation 1 \(since 1, vt\.B\) -> generation 2 \(since 2, vt\.C\) has no to function/);
    }
    // Loading older versions needs only `from`: files of versions 0 and 1 still load.
    const v0 = codec(A, { version: 0 }).encode({ n: 7 });
    assert.equal(c.decode(v0), { n: 7, s: '' });
    // Nested in an empty vector no value is converted: nothing to refuse.
    const L = codec(t.struct('vt.L', { xs: t.vec(NoTo) }), { version: 2, ...m });
    assert.equal(L.decode(L.encode({ xs: [] }, { version: 0 })), { xs: [] });
    fails(() => L.encode({ xs: [{ n: 1, s: '' }, { n: 2, s: '' }] }, { version: 1 }), 'NOT_SUPPORTED', 'vt.L.xs[0]');
  }
});

test('a throwing from is MIGRATION_FAILED naming the pair and the path', () => {
  const Bad = t.versioned('vt.Bad', [
    { since: 0, schema: A },
    { since: 1, schema: B, from: (a) => { if (a.n === 13) throw new Error('unlucky'); return { n: a.n }; }, to: (b) => ({ n: b.n }) },
  ]);
  const Box = t.struct('vt.Box', { items: t.vec(t.struct('vt.Item', { label: t.string, bad: Bad })) });
  for (const m of MODES) {
    const root = codec(Bad, { version: 1, ...m });
    fails(() => root.decode(root.encode({ n: 13 }, { version: 0 })), 'MIGRATION_FAILED', 'vt.Bad', /from of vt\.Bad generation 0 \(since 0, vt\.A\) -> generation 1 \(since 1, vt\.B\) threw: unlucky/);
    const box = codec(Box, { version: 1, ...m });
    const bytes = box.encode({ items: [{ label: 'a', bad: { n: 1 } }, { label: 'b', bad: { n: 13 } }] }, { version: 0 });
    fails(() => box.decode(bytes), 'MIGRATION_FAILED', 'vt.Box.items[1].bad', /threw: unlucky/);
  }
});

test('a throwing to is MIGRATION_FAILED with the path; a to that refuses with NOT_SUPPORTED keeps it', () => {
  const Refuse = t.versioned('vt.Refuse', [
    { since: 0, schema: A },
    { since: 1, schema: B, from: (a) => ({ n: a.n }), to: (b) => { if (b.n > 255) throw new SavepackError('NOT_SUPPORTED', 'too big for release 0'); if (b.n === 7) throw new Error('seven'); return { n: b.n }; } },
  ]);
  const Holder = t.struct('vt.Holder', { r: t.option(Refuse) });
  for (const m of MODES) {
    const c = codec(Holder, { version: 1, ...m });
    fails(() => c.encode({ r: { n: 7 } }, { version: 0 }), 'MIGRATION_FAILED', 'vt.Holder.r', /to of vt\.Refuse generation 1 .* -> generation 0 .* threw: seven/);
    fails(() => c.encode({ r: { n: 300 } }, { version: 0 }), 'NOT_SUPPORTED', 'vt.Holder.r', /too big for release 0/);
    assert.equal(c.decode(c.encode({ r: { n: 9 } }, { version: 0 })), { r: { n: 9 } });
  }
});

test('from and to results are checked like encode input (MIGRATION_FAILED with the path inside the value)', () => {
  const Wrong = t.versioned('vt.Wrong', [
    { since: 0, schema: A },
    // Deliberately wrong results (bypassing the types), as plain JavaScript could give them.
    { since: 1, schema: C, from: (a) => ({ n: a.n, s: a.n === 0 ? undefined : 'ok' }) as never, to: (c) => ({ n: c.n > 255 ? 'big' : c.n }) as never },
  ]);
  const Outer = t.struct('vt.Outer', { list: t.vec(Wrong) });
  for (const m of MODES) {
    const c = codec(Outer, { version: 1, ...m });
    const bytes = codec(t.struct('vt.Outer', { list: t.vec(A) }), { version: 0 }).encode({ list: [{ n: 1 }, { n: 0 }] });
    fails(() => c.decode(bytes), 'MIGRATION_FAILED', 'vt.Outer.list[1].s', /from of vt\.Wrong .* gave a value that does not fit struct vt\.C: expected a string, got undefined/);
    fails(() => c.encode({ list: [{ n: 300, s: '' }] }, { version: 0 }), 'MIGRATION_FAILED', 'vt.Outer.list[0].n', /to of vt\.Wrong .* does not fit struct vt\.A/);
  }
});

test('definition: bad generation lists are INVALID_SCHEMA naming the type', () => {
  const gen = (since: number, from?: unknown) => ({ since, schema: A, ...(from ? { from } : {}) });
  const id = (x: unknown) => x;
  fails(() => t.versioned('vt.X', [] as never), 'INVALID_SCHEMA', 'vt.X', /non-empty/);
  fails(() => t.versioned('vt.X', [gen(1)] as never), 'INVALID_SCHEMA', 'vt.X', /since must be 0/);
  fails(() => t.versioned('vt.X', [gen(0), gen(3, id), gen(3, id)] as never), 'INVALID_SCHEMA', 'vt.X', /strictly increasing/);
  fails(() => t.versioned('vt.X', [gen(0), gen(2, id), gen(1, id)] as never), 'INVALID_SCHEMA', 'vt.X', /strictly increasing/);
  fails(() => t.versioned('vt.X', [gen(0), gen(2)] as never), 'INVALID_SCHEMA', 'vt.X', /generations\[1\]\.from must be a function/);
  fails(() => t.versioned('vt.X', [gen(0, id)] as never), 'INVALID_SCHEMA', 'vt.X', /first generation/);
  fails(() => t.versioned('vt.X', [gen(0), { since: 1, schema: A, from: id, to: 5 }] as never), 'INVALID_SCHEMA', 'vt.X', /to must be a function/);
  fails(() => t.versioned('vt.X', [{ since: 0, schema: 'u8' }] as never), 'INVALID_SCHEMA', 'vt.X', /not a schema/);
  fails(() => t.versioned('vt.X', [{ since: -1, schema: A }] as never), 'INVALID_SCHEMA', 'vt.X', /since/);
  fails(() => t.versioned('not a name', [gen(0)] as never), 'INVALID_SCHEMA', undefined, /dotted identifier/);
  // A single generation is allowed (a type declared versioned before its first change).
  const One = t.versioned('vt.One', [{ since: 0, schema: A }]);
  assert.equal(codec(One, { version: 0 }).decode(codec(One, { version: 0 }).encode({ n: 1 })), { n: 1 });
});

test('the codec-version guard sees generations: one added after the codec version is INVALID_SCHEMA', () => {
  for (const m of MODES) {
    fails(() => codec(Save, { version: 7, ...m }), 'INVALID_SCHEMA', 'vt.Save(generation 4)', /added in version 8/);
    fails(() => codec(World, { version: 7, ...m }), 'INVALID_SCHEMA', 'vt.Save(generation 4)');
  }
});

test('a hand-made versioned schema with a broken generation list is refused by codec()', () => {
  const bad = { kind: 'versioned', name: 'vt.Hand', generations: [{ since: 0, schema: A }, { since: 0, schema: B, from: (x: unknown) => x }] } as never;
  fails(() => codec(bad, { version: 1 }), 'INVALID_SCHEMA', 'vt.Hand', /generation 1 needs a since/);
  const noFrom = { kind: 'versioned', name: 'vt.Hand', generations: [{ since: 0, schema: A }, { since: 1, schema: B }] } as never;
  fails(() => codec(noFrom, { version: 1 }), 'INVALID_SCHEMA', 'vt.Hand', /from function/);
});

test('under setCompileDefault(false) (a CSP without unsafe-eval) every version round-trips, same bytes as compiled', () => {
  const compiled = codec(World, { version: VERSION });
  setCompileDefault(false);
  try {
    const c = codec(World, { version: VERSION });
    assert.is(c.compiled, false);
    for (let k = 0; k <= VERSION; k++) {
      const bytes = c.encode(world, { version: k });
      assert.equal(bytes, compiled.encode(world, { version: k }), `version ${k}`);
      assert.equal(c.decode(bytes), compiled.decode(bytes), `version ${k}`);
    }
  } finally {
    setCompileDefault('auto');
  }
});

test('elsewhere: t.records refuses a versioned field; a state unit counts generations in its default version', () => {
  fails(() => t.records(t.struct('vt.Rec', { p: Pos })), 'INVALID_SCHEMA', 'vt.Rec', /versioned type vt\.Pos converts between generations/);
  const unit = stateUnit('vt.unit', Pos, { save: () => ({ x: 1, y: 2 }), restore: () => {} });
  assert.is(unit.version, 2);
});

test('readNewer: a file of a newer release resolves into the newest generation by name', () => {
  // Release "10" adds a field to the newest generation and one to the root struct.
  const V4b = t.struct('vt.SaveV4', { name: t.string, hp: t.u32, level: t.u16, gold: t.u64, alive: t.bool, day: t.u16, pet: t.field(t.string, { since: 10 }) });
  const SaveB = t.versioned('vt.Save', [{ since: 0, schema: SaveV0 }, { since: 8, schema: V4b, from: () => ({ ...ann, pet: '' }) }]);
  const newerRoot = codec(SaveB, { version: 10 }).encode({ ...ann, pet: 'cat' });
  const newerNested = codec(t.struct('vt.Holder2', { s: t.vec(SaveB), note: t.field(t.string, { since: 10 }) }), { version: 10 }).encode({ s: [{ ...ann, pet: 'dog' }], note: 'n' });
  for (const m of MODES) {
    assert.equal(codec(Save, { version: VERSION, readNewer: true, ...m }).decode(newerRoot), ann);
    assert.equal(codec(t.struct('vt.Holder2', { s: t.vec(Save) }), { version: VERSION, readNewer: true, ...m }).decode(newerNested), { s: [ann] });
  }
});

test.run();
