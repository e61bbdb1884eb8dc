// Records that evolve (issue 14.3, API.md 10): a t.records struct with fields added (since),
// removed (t.removed), widened and renamed (was). Every data version is written and loaded back,
// compiled and interpreted, under the JS and the WASM kernels; the bytes of each version are
// exactly what a plain struct of that version's shape writes; older records are validated in their
// own layout; each version's packed eligibility is checked on its own.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { codec, fingerprint, layout, RecordArray, setCompileDefault, t } from '../src/index.ts';
import { setKernelMode } from '../src/wasm/index.ts'; // a test knob, not part of the package root
import { throwsCode } from './helpers/codecs.ts';
import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { Battle, BattleV1, HIT_COUNT, HitV1, hitLoaded, hitV1 } from './fixtures/records-evolve.ts';

const Kind = t.enum('re.Kind', ['walk', 'run', 'jump']);
// v0: x f32, py i16, hp u16, tick u32, kind u8, ok bool, flags u16           = 16 bytes, align 4
// v1: x f64 (widened), py, hp, tick, kind, ok, flags, speed f32 (added)      = 24 bytes, align 8
// v2: y i32 (widened, renamed from py), hp gone                              = 24 bytes, align 8
// v3: team u64 (added, default 7n)                                           = 32 bytes, align 8
const Step = t.struct('re.Step', {
  x: t.field(t.f64, { was: [{ until: 0, type: t.f32 }] }),
  y: t.field(t.i32, { was: [{ until: 1, type: t.i16, name: 'py' }] }),
  hp: t.removed(t.u16, { until: 1 }),
  tick: t.u32,
  kind: Kind,
  ok: t.bool,
  flags: t.u16,
  speed: t.field(t.f32, { since: 1 }),
  team: t.field(t.u64, { since: 3, default: 7n }),
});
const Save = t.struct('re.Save', { name: t.string, steps: t.records(Step) });
const N = 3;

// The same shapes as plain structs, as releases 0..3 defined them (no version metadata).
const base = { tick: t.u32, kind: Kind, ok: t.bool, flags: t.u16 };
const Plain = [
  t.struct('re.Step', { x: t.f32, py: t.i16, hp: t.u16, ...base }),
  t.struct('re.Step', { x: t.f64, py: t.i16, hp: t.u16, ...base, speed: t.f32 }),
  t.struct('re.Step', { x: t.f64, y: t.i32, ...base, speed: t.f32 }),
  t.struct('re.Step', { x: t.f64, y: t.i32, ...base, speed: t.f32, team: t.u64 }),
];
const PlainSave = Plain.map((P) => t.struct('re.Save', { name: t.string, steps: t.records(P) }));

const KINDS = ['walk', 'run', 'jump'] as const;
const step = (i: number) => ({ x: i + 0.5, y: i % 2 ? -i : i, tick: i * 7, kind: KINDS[i % 3]!, ok: i % 3 === 0, flags: (i * 31) & 0xffff, speed: i / 4, team: BigInt(i) * 1000n });
const steps = (n: number) => RecordArray.from(Step, Array.from({ length: n }, (_, i) => step(i)));
/** Record i as version v stores it (plain struct v's value). */
const plainStep = (i: number, v: number): Record<string, unknown> => {
  const s = step(i), o: Record<string, unknown> = { x: s.x };
  if (v < 2) Object.assign(o, { py: s.y, hp: 0 }); else o.y = s.y;
  Object.assign(o, { tick: s.tick, kind: s.kind, ok: s.ok, flags: s.flags });
  if (v >= 1) o.speed = s.speed;
  if (v >= 3) o.team = s.team;
  return o;
};
/** Record i after a round trip through version v: what v lacks takes its default or zero. */
const loadedStep = (i: number, v: number) => ({ ...step(i), speed: v >= 1 ? step(i).speed : 0, team: v >= 3 ? step(i).team : 7n });

const MODES = [
  { name: 'compiled, JS kernels', compile: true, kernel: 'js' },
  { name: 'compiled, WASM kernels', compile: true, kernel: 'wasm' },
  { name: 'interpreted, JS kernels', compile: false, kernel: 'js' },
  { name: 'interpreted, WASM kernels', compile: false, kernel: 'wasm' },
] as const;

test.after.each(() => setKernelMode('auto'));

for (const m of MODES) {
  test(`every version 0..${N} written and loaded back, bytes as a plain struct of that version writes (${m.name})`, () => {
    setKernelMode(m.kernel);
    const c = codec(Save, { version: N, compile: m.compile });
    assert.is(c.compiled, m.compile);
    const n = 300; // 300 x 16..32 bytes: the validation kernels run on WASM when asked
    const value = { name: 'hist', steps: steps(n) };
    for (let v = 0; v <= N; v++) {
      const bytes = c.encode(value, { version: v });
      const plain = codec(PlainSave[v]!, { version: v, compile: m.compile });
      const expected = plain.encode({ name: 'hist', steps: RecordArray.from(Plain[v]! as typeof Step, Array.from({ length: n }, (_, i) => plainStep(i, v)) as never) } as never);
      assert.equal(bytes, expected, `version ${v}: same bytes as the plain struct`);
      const back = c.decode(bytes);
      assert.is(back.steps.length, n);
      assert.is(back.steps.stride, 32);
      assert.equal(back.steps.get(0), loadedStep(0, v));
      assert.equal(back.steps.toArray(), Array.from({ length: n }, (_, i) => loadedStep(i, v)), `version ${v} loaded`);
      // What the plain struct reads from the evolved codec's bytes is what it wrote.
      assert.equal(plain.decode(bytes).steps.toArray(), Array.from({ length: n }, (_, i) => plainStep(i, v)));
      // Loaded, then written again at the same version: the same bytes.
      assert.equal(c.encode(back, { version: v }), bytes, `version ${v} written back`);
    }
  });

  test(`older records are validated in their own layout, then converted (${m.name})`, () => {
    setKernelMode(m.kernel);
    const c = codec(Save, { version: N, compile: m.compile, checksum: false });
    for (const [v, stride, okAt, kindAt] of [[0, 16, 13, 12], [1, 24, 17, 16], [2, 24, 17, 16]] as const) {
      const bytes = c.encode({ name: '', steps: steps(100) }, { version: v });
      const at = bytes.length - 100 * stride; // the records end the payload (no checksum)
      const bad = bytes.slice();
      bad[at + 37 * stride + okAt] = 2;
      throwsCode(() => c.decode(bad), 'INVALID_DATA', 're.Save.steps[37].ok', /record 37: bool byte 2/);
      const badKind = bytes.slice();
      badKind[at + 99 * stride + kindAt] = 3;
      throwsCode(() => c.decode(badKind), 'INVALID_DATA', 're.Save.steps[99].kind', /unknown discriminant 3 of enum re.Kind/);
      // A record count one too many: the records would run past the payload.
      const payload = Math.ceil((32 + new DataView(bytes.buffer).getUint32(16, true)) / 8) * 8;
      assert.is(bytes[payload + 1], 100); // after the name's length byte (an empty name)
      const long = bytes.slice(); long[payload + 1] = 101;
      throwsCode(() => c.decode(long), 'TRUNCATED');
    }
  });
}

test('from inside a larger buffer at an odd offset, and with views: true, older records convert the same', () => {
  const c = codec(Save, { version: N });
  for (let v = 0; v <= N; v++) {
    const bytes = c.encode({ name: 'x', steps: steps(50) }, { version: v });
    const big = new Uint8Array(bytes.length + 7).fill(0xa5);
    big.set(bytes, 3);
    const inside = big.subarray(3, 3 + bytes.length);
    const want = Array.from({ length: 50 }, (_, i) => loadedStep(i, v));
    assert.equal(c.decode(inside).steps.toArray(), want, `version ${v} at offset 3`);
    assert.equal(codec(Save, { version: N, compile: false }).decode(inside).steps.toArray(), want);
    const viewed = c.decode(inside, { views: true } as never).steps;
    assert.equal(viewed.toArray(), want);
    if (v < N) {
      viewed.set(0, loadedStep(1, N));
      assert.equal(big.subarray(3, 3 + bytes.length), bytes, 'a converted RecordArray never writes into the input');
    }
  }
});

test('hostile: an old file of tiny records cannot make the conversion allocate past the decode budget', () => {
  // 200,000 one-byte version-0 records would become 4097-byte records (~820 MB): LIMIT_EXCEEDED
  // before anything is allocated, compiled and interpreted.
  const Big = t.struct('re.Big', { a: t.u8, pad: t.field(t.array(t.u8, 4096), { since: 1 }) });
  const Big0 = t.struct('re.Big', { a: t.u8 }), old = codec(t.struct('re.BigS', { h: t.records(Big0) }), { version: 0 });
  const file = old.encode({ h: RecordArray.from(Big0, Array.from({ length: 200_000 }, (_, i) => ({ a: i & 0xff }))) });
  for (const compile of [true, false]) {
    const c = codec(t.struct('re.BigS', { h: t.records(Big) }), { version: 1, compile });
    throwsCode(() => c.decode(file), 'LIMIT_EXCEEDED', undefined, /allocation budget/);
    const small = old.encode({ h: RecordArray.from(Big0, [{ a: 9 }]) });
    assert.equal(c.decode(small).h.get(0), { a: 9, pad: new Array(4096).fill(0) });
  }
});

test('encodeStream writes an older version\'s converted records with encode\'s bytes', async () => {
  const c = codec(Save, { version: N });
  const value = { name: 'big', steps: steps(5000) }; // 160 KB of records: past the stream's by-reference size
  for (let v = 0; v <= N; v++) {
    const parts: Uint8Array[] = [];
    const r = c.encodeStream(value, { version: v }).getReader();
    for (let x = await r.read(); !x.done; x = await r.read()) parts.push(x.value);
    const all = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
    parts.reduce((at, p) => (all.set(p, at), at + p.length), 0);
    assert.equal(all, c.encode(value, { version: v }), `version ${v}`);
  }
});

test('writing an older version narrows widened fields with a range check (INVALID_VALUE, as ordinary structs)', () => {
  for (const compile of [true, false]) {
    const c = codec(Save, { version: N, compile });
    const h = steps(5);
    h.set(3, { ...step(3), y: 40000 });
    throwsCode(() => c.encode({ name: '', steps: h }, { version: 1 }), 'INVALID_VALUE', 're.Save.steps[3].y', /40000 does not fit i16/);
    c.encode({ name: '', steps: h }, { version: 2 }); // i32 at version 2
    const f = steps(5);
    f.set(4, { ...step(4), x: 1e300 });
    throwsCode(() => c.encode({ name: '', steps: f }, { version: 0 }), 'INVALID_VALUE', 're.Save.steps[4].x', /does not fit f32/);
    f.set(4, { ...step(4), x: 0.1 }); // rounds to single precision, as any f32 field
    assert.is(c.decode(c.encode({ name: '', steps: f }, { version: 0 })).steps.get(4)!.x, Math.fround(0.1));
    // An empty RecordArray at every version.
    for (let v = 0; v <= N; v++) assert.is(c.decode(c.encode({ name: '', steps: new RecordArray(Step) }, { version: v })).steps.length, 0);
  }
});

test('the interpreter is used for conversions when code generation is off (setCompileDefault(false))', () => {
  setCompileDefault(false);
  try {
    const c = codec(Save, { version: N });
    assert.is(c.compiled, false);
    const back = c.decode(c.encode({ name: '', steps: steps(20) }, { version: 0 }));
    assert.equal(back.steps.toArray(), Array.from({ length: 20 }, (_, i) => loadedStep(i, 0)));
  } finally {
    setCompileDefault('auto');
  }
});

test('defaults of added fields: constants, the zero value (first enum variant, nested struct defaults), a default function called once per load', () => {
  let calls = 0;
  const seenVersions: number[] = [];
  const Inner = t.struct('re.Inner', { a: t.u16, b: t.field(t.u16, { since: 1, default: 9 }) });
  const Rec = t.struct('re.Rec', {
    id: t.u32,
    mood: t.field(t.enum('re.Mood', { calm: 3, angry: 1 }), { since: 1 }),
    pad: t.field(t.u8, { since: 1, default: 0xee }),
    lvl: t.field(t.u16, { since: 1, default: (v: number) => { calls++; seenVersions.push(v); return 100 + v; } }),
    pair: t.array(Inner, 2),
    extra: t.field(Inner, { since: 1, default: { a: 5, b: 6 } }),
  });
  const S = t.struct('re.S', { h: t.records(Rec) });
  assert.equal(layout(Rec, 0), { size: 8, align: 4, packed: true });
  assert.equal(layout(Rec, 1), { size: 20, align: 4, packed: true });
  for (const compile of [true, false]) {
    calls = 0; seenVersions.length = 0;
    const c = codec(S, { version: 1, compile });
    const h = RecordArray.from(Rec, Array.from({ length: 1000 }, (_, i) => ({ id: i, mood: 'angry' as const, pad: 1, lvl: 2, pair: [{ a: i, b: 1 }, { a: 2, b: 3 }], extra: { a: 7, b: 8 } })));
    const old = c.encode({ h }, { version: 0 });
    const back = c.decode(old).h;
    assert.is(calls, 1, 'the default function runs once per load, not per record');
    assert.equal(seenVersions, [0]);
    assert.equal(back.get(999), { id: 999, mood: 'calm', pad: 0xee, lvl: 100, pair: [{ a: 999, b: 9 }, { a: 2, b: 9 }], extra: { a: 5, b: 6 } });
    assert.equal(c.decode(c.encode({ h })).h.get(5), h.get(5));
  }
  // A default function's value is checked like encode input.
  const Bad = t.struct('re.Bad', { id: t.u32, lvl: t.field(t.u32, { since: 1, default: () => -1 }) });
  const cb = codec(t.struct('re.SB', { h: t.records(Bad) }), { version: 1 });
  const bytes = cb.encode({ h: RecordArray.from(Bad, [{ id: 1, lvl: 1 }]) }, { version: 0 });
  throwsCode(() => cb.decode(bytes), 'MIGRATION_FAILED', undefined, /default function of field 'lvl'/);
});

test('each version\'s packed eligibility is checked on its own: INVALID_SCHEMA naming the version', () => {
  throwsCode(() => t.records(t.struct('re.B0', { a: t.u32, b: t.removed(t.u8, { until: 0 }) })), 'INVALID_SCHEMA', 're.B0', /version 0 is not: re.B0: 3 bytes of trailing padding after b/);
  throwsCode(() => t.records(t.struct('re.B2', { a: t.u32, b: t.field(t.u16, { since: 2 }) })), 'INVALID_SCHEMA', 're.B2', /version 2 is not: .*trailing padding/);
  throwsCode(() => t.records(t.struct('re.B1', { a: t.u8, b: t.field(t.u32, { was: [{ until: 3, type: t.u8 }] }) })), 'INVALID_SCHEMA', 're.B1', /version 4 is not: re.B1: 3 bytes of padding after a/);
  throwsCode(() => t.records(t.struct('re.BE', { a: t.field(t.u32, { since: 1 }) })), 'INVALID_SCHEMA', 're.BE', /version 0 has no stored field/);
  // Per-record user code and fields outside the packed record are refused.
  throwsCode(() => t.records(t.struct('re.H', { a: t.u32, b: t.field(t.u32, { since: 1, onLoad: () => {} }) })), 'INVALID_SCHEMA', 're.H.b', /hooks/);
  throwsCode(() => t.records(t.struct('re.C', { a: t.field(t.u32, { was: [{ until: 0, type: t.u32, convert: (x: number) => x }] }) })), 'INVALID_SCHEMA', 're.C.a', /convert/);
  throwsCode(() => t.records(t.struct('re.I', { a: t.u32, b: t.field(t.u32, { ignore: true }) })), 'INVALID_SCHEMA', 're.I.b', /ignored/);
  throwsCode(() => t.records(t.struct('re.U', { a: t.u32, b: t.field(t.u32, { until: 2 }) })), 'INVALID_SCHEMA', 're.U.b', /t.removed/);
  // A version that only renames a field stores the same bytes: no conversion (the bulk path).
  const R = t.struct('re.R', { hp: t.field(t.u32, { was: [{ until: 0, name: 'health' }] }) });
  const c = codec(t.struct('re.RS', { h: t.records(R) }), { version: 1 });
  const h = RecordArray.from(R, [{ hp: 3 }]);
  assert.equal(c.decode(c.encode({ h }, { version: 0 })).h.toArray(), [{ hp: 3 }]);
  assert.match(c.describe(), 'layouts by data version: v0 4 B/align 4, v1 4 B/align 4 (all the same bytes: no conversion)');
});

test('layout(struct, version) and describe() show every version\'s layout', () => {
  assert.equal([0, 1, 2, 3].map((v) => layout(Step, v)), [
    { size: 16, align: 4, packed: true }, { size: 24, align: 8, packed: true },
    { size: 24, align: 8, packed: true }, { size: 32, align: 8, packed: true },
  ]);
  assert.equal(layout(Step), { size: 32, align: 8, packed: true });
  const c = codec(Save, { version: N });
  assert.match(c.describe(), 'records<re.Step> — packed bulk path, 32 bytes/record, align 8, 2 validated field(s) per record; layouts by data version: v0 16 B/align 4 (converted), v1 24 B/align 8 (converted), v2 24 B/align 8 (converted), v3 32 B/align 8');
  assert.match(c.describe(1), 'records<re.Step> — packed bulk path, 24 bytes/record, align 8');
});

test('records that evolve inside a vec of structs and an option, compiled and interpreted', () => {
  const Outer = t.struct('re.Outer', { tag: t.u8, h: t.records(Step), maybe: t.option(t.records(Step)) });
  const S = t.struct('re.VS', { all: t.vec(Outer) });
  const value = { all: [{ tag: 1, h: steps(3), maybe: steps(2) }, { tag: 2, h: steps(0), maybe: undefined }] };
  for (const compile of [true, false]) {
    const c = codec(S, { version: N, compile });
    for (let v = 0; v <= N; v++) {
      const back = c.decode(c.encode(value, { version: v }));
      assert.equal(back.all[0]!.h.toArray(), [0, 1, 2].map((i) => loadedStep(i, v)));
      assert.equal(back.all[0]!.maybe!.toArray(), [0, 1].map((i) => loadedStep(i, v)));
      assert.is(back.all[1]!.h.length, 0);
      assert.is(back.all[1]!.maybe, undefined);
    }
  }
});

test('golden file: records written by release 1 (records-evolve-v1.bin) load into today\'s layout and are written back the same way', () => {
  const bytes = new Uint8Array(readFileSync(new URL('fixtures/records-evolve-v1.bin', import.meta.url)));
  assert.is(createHash('sha256').update(bytes).digest('hex'), '5406893439d7de794077951b2bb8262470eafe4a79fe0ff0a1fcffd7864d893d', 'records-evolve-v1.bin was modified or regenerated: restore it from git; golden files are never rewritten');
  // The stored shape of every version, pinned (fingerprints never change across savepack releases).
  assert.equal([0, 1, 2].map((v) => fingerprint(Battle, v)), [
    'struct golden.Battle{name:string,hits:records<struct golden.Hit{tick:u32,dmg:u16,old:u16,who:enum golden.Who:u8{player=0,npc=1,monster=2},crit:bool,room:u16}>}',
    'struct golden.Battle{name:string,hits:records<struct golden.Hit{tick:u32,dmg:u32,old:u16,who:enum golden.Who:u8{player=0,npc=1,monster=2},crit:bool,room:u16,zone:u16}>}',
    'struct golden.Battle{name:string,hits:records<struct golden.Hit{tick:u32,dmg:u32,who:enum golden.Who:u8{player=0,npc=1,monster=2},crit:bool,room:u16,zone:u16,heal:u16}>}',
  ]);
  assert.is(fingerprint(BattleV1, 1), fingerprint(Battle, 1));
  const loaded = Array.from({ length: HIT_COUNT }, (_, i) => hitLoaded(i));
  for (const compile of [true, false]) for (const kernel of ['js', 'wasm'] as const) {
    setKernelMode(kernel);
    const c = codec(Battle, { version: 2, compile });
    const back = c.decode(bytes);
    assert.is(back.name, 'arena');
    assert.equal(back.hits.toArray(), loaded, `loaded (compile ${compile}, ${kernel} kernels)`);
    // Written back at version 1: what release 1 writes for the same records with the removed
    // field at its zero value (memory no longer holds it); release 1 reads the file as it wrote it.
    const plain = codec(BattleV1, { version: 1, compile });
    const again = c.encode(back, { version: 1 });
    assert.equal(again, plain.encode({ name: 'arena', hits: RecordArray.from(HitV1, Array.from({ length: HIT_COUNT }, (_, i) => ({ ...hitV1(i), old: 0 }))) }));
    assert.equal(plain.decode(bytes).hits.toArray(), Array.from({ length: HIT_COUNT }, (_, i) => hitV1(i)));
    assert.equal(c.decode(again).hits.toArray(), loaded);
  }
});

test.run();
