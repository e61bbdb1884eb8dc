// t.versioned (issue 14.1, API.md 10): type generations with chained from/to. A 5-generation save
// root (one generation spanning three versions, a struct -> union change) loaded and written back
// at every data version; nested use; the errors (missing to, throwing from, a from result that
// does not fit, bad generation lists); the stored shape per version. Compiled and interpreted.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { codec, fingerprint, layout, lock, SavepackError, schemaAt, setCompileDefault, stateUnit, t, type Infer } from '../src/index.ts';

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

// --- a save through five generations ---------------------------------------------------------

const SaveV0 = t.struct('vt.SaveV0', { name: t.string, hp: t.u8 });
// Generation 1 stores versions 2, 3 and 4; its own field `gold` is added in version 3.
const SaveV1 = t.struct('vt.SaveV1', { name: t.string, hp: t.u16, level: t.u8, gold: t.field(t.u32, { since: 3 }) });
const SaveV2 = t.union('vt.SaveV2', { Alive: { name: t.string, hp: t.u16, level: t.u8, gold: t.u32 }, Dead: { name: t.string } });
const SaveV3 = t.struct('vt.SaveV3', { hero: SaveV2, day: t.u16 });
const SaveV4 = t.struct('vt.SaveV4', { name: t.string, hp: t.u32, level: t.u16, gold: t.u64, alive: t.bool, day: t.u16 });

const Save = t.versioned('vt.Save', [
  { since: 0, schema: SaveV0 },
  {
    since: 2, schema: SaveV1,
    from: (v0) => ({ name: v0.name, hp: v0.hp, level: 1, gold: 0 }),
    to: (v1) => ({ name: v1.name, hp: Math.min(v1.hp, 255) }),
  },
  {
    since: 5, schema: SaveV2,
    from: (v1) => (v1.hp === 0 ? { kind: 'Dead' as const, name: v1.name } : { kind: 'Alive' as const, ...v1 }),
    to: (v2) => (v2.kind === 'Dead' ? { name: v2.name, hp: 0, level: 0, gold: 0 } : { name: v2.name, hp: v2.hp, level: v2.level, gold: v2.gold }),
  },
  { since: 6, schema: SaveV3, from: (v2) => ({ hero: v2, day: 1 }), to: (v3) => v3.hero },
  {
    since: 8, schema: SaveV4,
    from: (v3) => (v3.hero.kind === 'Alive'
      ? { name: v3.hero.name, hp: v3.hero.hp, level: v3.hero.level, gold: BigInt(v3.hero.gold), alive: true, day: v3.day }
      : { name: v3.hero.name, hp: 0, level: 0, gold: 0n, alive: false, day: v3.day }),
    to: (v4) => ({
      hero: v4.alive ? { kind: 'Alive' as const, name: v4.name, hp: Math.min(v4.hp, 0xffff), level: Math.min(v4.level, 0xff), gold: Number(v4.gold) } : { kind: 'Dead' as const, name: v4.name },
      day: v4.day,
    }),
  },
]);
type Save = Infer<typeof Save>;
const VERSION = 9;

const ann: Save = { name: 'Ann', hp: 300, level: 7, gold: 1234n, alive: true, day: 42 };
/** What `ann` written at version k loads as: what the older generations could hold of it, carried up by `from`. */
const annAt = (k: number): Save => {
  if (k <= 1) return { name: 'Ann', hp: 255, level: 1, gold: 0n, alive: true, day: 1 };
  if (k === 2) return { ...ann, gold: 0n, day: 1 }; // generation 1 stores gold from version 3
  if (k <= 5) return { ...ann, day: 1 }; // generations 1 and 2 have no day
  return ann;
};

test('root: every data version 0..9 writes the generation holding it and loads back to the newest', () => {
  for (const m of MODES) {
    const c = codec(Save, { version: VERSION, ...m });
    if ('compile' in m) assert.is(c.compiled, false); // interpreted (also every mode under setCompileDefault(false))
    for (let k = 0; k <= VERSION; k++) {
      const bytes = c.encode(ann, { version: k });
      assert.equal(c.decode(bytes), annAt(k), `version ${k}`);
      // Loaded and written back at the same version: the same bytes (the chain is stable).
      assert.equal(c.encode(c.decode(bytes), { version: k }), bytes, `rewrite of version ${k}`);
    }
  }
});

test('root: a value crossing the struct -> union generation change (Dead) at every version', () => {
  const bo: Save = { name: 'Bo', hp: 0, level: 0, gold: 0n, alive: false, day: 3 };
  for (const m of MODES) {
    const c = codec(Save, { version: VERSION, ...m });
    for (let k = 0; k <= VERSION; k++) {
      const back = c.decode(c.encode(bo, { version: k }));
      assert.equal(back, k >= 6 ? bo : { ...bo, day: 1 }, `version ${k}`);
    }
  }
});

test('stored shape: schemaAt, fingerprint and lock show the generation of each version', () => {
  assert.is(fingerprint(Save, 0), 'struct vt.SaveV0{name:string,hp:u8}');
  assert.is(fingerprint(Save, 1), fingerprint(Save, 0));
  assert.is(fingerprint(Save, 2), 'struct vt.SaveV1{name:string,hp:u16,level:u8}');
  assert.is(fingerprint(Save, 4), 'struct vt.SaveV1{name:string,hp:u16,level:u8,gold:u32}');
  assert.match(fingerprint(Save, 5), /^union vt\.SaveV2:u8\{Alive=0\{/);
  assert.match(fingerprint(Save, 7), /^struct vt\.SaveV3\{hero:union vt\.SaveV2/);
  assert.is(fingerprint(Save), fingerprint(Save, 8));
  assert.is(fingerprint(Save, 9), 'struct vt.SaveV4{name:string,hp:u32,level:u16,gold:u64,alive:bool,day:u16}');
  assert.is(schemaAt(Save, 5).kind, 'union');
  const c = codec(Save, { version: VERSION });
  assert.is(c.schemaAt(3).kind, 'struct');
  assert.equal(Object.keys(lock(c)).map(Number), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  assert.match(c.describe(5), /union vt\.SaveV2/);
  assert.match(c.describe(5), /versioned vt\.Save \(5 generations\): data version 5 is stored as generation 2 \(since 5, vt\.SaveV2\); a load runs 2 from functions \(up to the newest\), a write 2 to/);
  assert.match(c.describe(), /versioned vt\.Save \(5 generations\): data version 9 is stored as generation 4 \(since 8, vt\.SaveV4\); the newest, no conversion/);
  assert.match(codec(World, { version: VERSION }).describe(3), /versioned vt\.Pos \(2 generations\).*\n.*versioned vt\.Save/);
  assert.is(layout(Save, 0).size, undefined); // a string: no fixed size
  assert.is(layout(Save).packed, false);
  assert.match(layout(Save).reason!, /versioned type vt\.Save/);
});

test('a file of one version read by a codec expecting another generation is SCHEMA_MISMATCH', () => {
  const old = codec(SaveV0, { version: 0 }).encode({ name: 'x', hp: 1 });
  const c = codec(Save, { version: VERSION });
  assert.equal(c.decode(old), { name: 'x', hp: 1, level: 1, gold: 0n, alive: true, day: 1 });
  // The same bytes claimed as version 5 (a union is expected there): refused before any payload is read.
  const v5 = codec(t.struct('vt.SaveV0', { name: t.string, hp: t.u8 }), { version: 5 }).encode({ name: 'x', hp: 1 });
  fails(() => c.decode(v5), 'SCHEMA_MISMATCH');
});

// --- nested use --------------------------------------------------------------------------------

const Pos = t.versioned('vt.Pos', [
  { since: 0, schema: t.tuple(t.u8, t.u8) },
  { since: 2, schema: t.struct('vt.PosV2', { x: t.i32, y: t.i32 }), from: ([x, y]) => ({ x, y }), to: (p) => [p.x, p.y] as [number, number] },
]);
const World = t.struct('vt.World', {
  title: t.string,
  home: Pos,
  trail: t.vec(Pos),
  last: t.option(Pos),
  named: t.map(t.string, Pos),
  save: t.field(Save, { since: 1 }),
});
type World = Infer<typeof World>;
/** The zero value of Save: SaveV4's. */
const ZERO: Save = { name: '', hp: 0, level: 0, gold: 0n, alive: false, day: 0 };
const world: World = {
  title: 'w', home: { x: 1, y: 2 }, trail: [{ x: 3, y: 4 }, { x: 5, y: 6 }], last: { x: 7, y: 8 },
  named: new Map([['inn', { x: 9, y: 10 }]]), save: ann,
};

test('nested: in a struct field, a vec, an option, a map value and a field with since, at every version', () => {
  for (const m of MODES) {
    const c = codec(World, { version: VERSION, ...m });
    for (let k = 0; k <= VERSION; k++) {
      const back = c.decode(c.encode(world, { version: k }));
      assert.equal(back, { ...world, save: k === 0 ? ZERO : annAt(k) }, `version ${k}`);
    }
    assert.equal(c.decode(c.encode({ ...world, trail: [], last: undefined })).trail, []);
  }
  assert.is(fingerprint(World, 0), 'struct vt.World{title:string,home:tuple<u8,u8>,trail:vec<tuple<u8,u8>>,last:option<tuple<u8,u8>>,named:map<string,tuple<u8,u8>>}');
});

test('nested: a versioned field a version lacks loads as its default, or the newest generation\'s zero value', () => {
  const WithDefault = t.struct('vt.WithDefault', { a: t.u8, save: t.field(Save, { since: 1, default: ann }) });
  for (const m of MODES) {
    const c = codec(World, { version: VERSION, ...m });
    assert.equal(c.decode(c.encode(world, { version: 0 })).save, ZERO);
    const d = codec(WithDefault, { version: VERSION, ...m });
    const back = d.decode(d.encode({ a: 1, save: ann }, { version: 0 }));
    assert.equal(back.save, ann);
    assert.is.not(back.save, ann); // a copy, never the default object itself
  }
});

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
