// Fingerprints and lock files (API.md 10): the fingerprint texts of the golden files' shapes are
// pinned here as literals — they are a compatibility promise and must never change across releases.

import { readFileSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { checkLock, codec, decodeSchema, encodeSchema, fingerprint, lock, schemaAt, t, type Schema } from '../src/index.ts';
import { CURRENT_VERSION, Player, PlayerV0, PlayerV1 } from '../examples/player.ts';
import { Compact } from './fixtures/compact.ts';

const PLAYER_V0 = 'struct game.Player{name:string,strength:u32,level:u8,playtime:u32,class:enum game.Class:u8{Warrior=0,Mage=1},stats:struct game.Stats{hp:u16},inventory:vec<string>,weapon:union game.Weapon:u8{Fists=0,Sword=1{damage:u16}}}';
const PLAYER_V1 = 'struct game.Player{name:string,level:u16,playtime:u32,class:enum game.Class:u8{Warrior=0,Mage=1,Rogue=2},stats:struct game.Stats{hp:u16,mana:u16},inventory:vec<string>,skills:vec<string>,weapon:union game.Weapon:u8{Fists=0,Sword=1{damage:u16}}}';
const PLAYER_V2 = 'struct game.Player{name:string,level:u16,playtime:f64,class:enum game.Class:u8{Warrior=0,Mage=1,Rogue=2},stats:struct game.Stats{hp:u16,mana:u16},inventory:vec<string>,skills:vec<string>,weapon:union game.Weapon:u8{Fists=0,Sword=1{damage:u16},Bow=2{range:u16}},arrows:u32,history:records<struct game.Position{x:u32,y:u32}>}';
const COMPACT_V0 = 'struct golden.Compact{id:fixed<16>,none:fixed<0>,count:uvarint,delta:varint,big:uvarint64,signed:varint64,counts:vec<uvarint>,deltas:vec<varint>,maybe:option<varint64>,hashes:map<uvarint,fixed<2>>,event:union golden.Event:u8{Moved=0{dx:varint,dy:varint},Idle=1},level:u16}';
const SNAPSHOT_V0 = 'struct savepack.Snapshot{units:vec<struct savepack.SnapshotUnit{path:string,state:custom savepack.Blob<struct savepack.Blob{type:string,version:uvarint,schema:bytes,data:bytes}>}>}';

/** The schema section embedded in a golden file (FORMAT.md: length at offset 16, section at 32). */
const embedded = (name: string): Schema => {
  const b = new Uint8Array(readFileSync(new URL(`fixtures/${name}`, import.meta.url)));
  const len = new DataView(b.buffer, b.byteOffset).getUint32(16, true);
  return decodeSchema(b.subarray(32, 32 + len));
};

test('golden files: the fingerprint of each embedded schema is pinned', () => {
  const pinned: [string, string][] = [
    ['player-v0.sp', PLAYER_V0], ['player-v1.sp', PLAYER_V1], ['player-v2.sp', PLAYER_V2],
    ['player-v2-deflate.sp', PLAYER_V2], ['player-v2-nochecksum.sp', PLAYER_V2],
    ['compact-v0.bin', COMPACT_V0], ['units-v0.bin', SNAPSHOT_V0], ['units-v0-deflate.bin', SNAPSHOT_V0],
  ];
  for (const [file, text] of pinned) assert.is(fingerprint(embedded(file)), text, file);
});

test('golden schemas: fingerprint(schema, version) and lock(codec) give the pinned texts', () => {
  assert.is(fingerprint(Player, 0), PLAYER_V0);
  assert.is(fingerprint(Player, 1), PLAYER_V1);
  assert.is(fingerprint(Player, 2), PLAYER_V2);
  assert.is(fingerprint(Player), PLAYER_V2, 'default: the newest shape');
  for (const bad of [-1, 1.5, NaN]) assert.throws(() => fingerprint(Player, bad), (e: Error) => (e as { code?: string }).code === 'INVALID_VALUE');
  assert.is(fingerprint(PlayerV0), PLAYER_V0);
  assert.is(fingerprint(PlayerV1), PLAYER_V1);
  assert.is(fingerprint(Compact, 0), COMPACT_V0);
  assert.equal(lock(codec(Player, { version: CURRENT_VERSION })), { 0: PLAYER_V0, 1: PLAYER_V1, 2: PLAYER_V2 });
  // README's "Fingerprints and lock files" shows this text.
  assert.ok(readFileSync(new URL('../README.md', import.meta.url), 'utf8').includes(`\n${PLAYER_V2}\n`), 'README shows fingerprint(Player, 2)');
});

test('fingerprint: independent of object identity and of in-memory facts (defaults, hooks, tag, packed)', () => {
  const a = t.struct('x.A', { n: t.u32, p: t.struct('x.P', { x: t.f32, y: t.f32 }) });
  const b = t.struct('x.A', {
    n: t.field(t.u32, { default: 7, onLoad: () => {} }),
    p: t.struct('x.P', { x: t.f32, y: t.f32 }, { packed: true }),
  });
  assert.is(fingerprint(a), fingerprint(b));
  const u1 = t.union('x.U', { A: { n: t.u8 }, B: t.unit }, { tag: 'type' });
  const u2 = t.union('x.U', { A: { n: t.u8 }, B: t.unit });
  assert.is(fingerprint(u1), 'union x.U:u8{A=0{n:u8},B=1}');
  assert.is(fingerprint(u1), fingerprint(u2));
  // A decoded schema section prints the same as the schema it came from.
  assert.is(fingerprint(decodeSchema(encodeSchema(schemaAt(Player, 1)))), PLAYER_V1);
});

test('fingerprint: every kind, sizes, values, lengths, recursion, quoted names', () => {
  const Tree: Schema = t.struct('t.Tree', { v: t.i16, kids: t.vec(t.lazy(() => Tree)), up: t.option(t.lazy(() => Tree)) });
  assert.is(fingerprint(Tree), 'struct t.Tree{v:i16,kids:vec<@0>,up:option<@0>}');
  const Color = t.custom(t.u32, { name: 'x.Color', encode: (c: string) => parseInt(c, 16), decode: (n: number) => n.toString(16) });
  const s = t.struct('x.S', {
    'the key': t.bool, arr: t.array(t.u8, 3), tup: t.tuple(t.u64, t.i64, t.string), m: t.map(t.string, t.bytes),
    ty: t.typed('f64'), e: t.enum('x.E', { A: 1, B: 300 }, { size: 'u16' }), c: Color, k: t.canary, nothing: t.unit,
  });
  assert.is(fingerprint(s),
    'struct x.S{"the key":bool,arr:array<u8,3>,tup:tuple<u64,i64,string>,m:map<string,bytes>,ty:typed<f64>,e:enum x.E:u16{A=1,B=300},c:custom x.Color<u32>,k:canary,nothing:unit}');
  // Names read from a file are data: anything but a dotted identifier is printed as a JSON string.
  assert.is(fingerprint(decodeSchema(Uint8Array.of(0x15, 3, 0x61, 0x20, 0x62, 0))), 'struct "a b"{}');
});

const released = () => t.struct('game.Hero', {
  name: t.string,
  hp: t.field(t.u16, { since: 1 }),
});
const lockFile = (c: ReturnType<typeof codec>) => {
  const out: Record<string, { fingerprint: string; schema: string }> = {};
  for (const [v, fp] of Object.entries(lock(c))) {
    out[v] = { fingerprint: fp, schema: Array.from(encodeSchema(c.schemaAt(Number(v))), (b) => b.toString(16).padStart(2, '0')).join('') };
  }
  return out;
};

test('checkLock: empty when nothing released changed; a new version is fine', () => {
  const locked = lock(codec(released(), { version: 1 }));
  assert.equal(checkLock(codec(released(), { version: 1 }), locked), []);
  const next = t.struct('game.Hero', { name: t.string, hp: t.field(t.u16, { since: 1 }), mp: t.field(t.u16, { since: 2 }) });
  assert.equal(checkLock(codec(next, { version: 2 }), locked), []);
});

test('checkLock: a released schema edited without a version bump is reported (with the diff when the lock holds the section)', () => {
  const locked = lockFile(codec(released(), { version: 1 }));
  // Someone retypes hp and adds a field, but forgets to bump the version.
  const edited = t.struct('game.Hero', { name: t.string, hp: t.field(t.u32, { since: 1 }), mp: t.field(t.u16, { since: 1 }) });
  const problems = checkLock(codec(edited, { version: 1 }), locked);
  assert.is(problems.length, 1, problems.join('\n'));
  assert.match(problems[0]!, /^version 1: the stored shape of a released version changed/);
  assert.match(problems[0]!, /hp/);
  assert.match(problems[0]!, /locked: struct game\.Hero\{name:string,hp:u16\}/);
  assert.match(problems[0]!, /now: {4}struct game\.Hero\{name:string,hp:u32,mp:u16\}/);
  // Fingerprints alone (lock(codec)) still catch it.
  const plain = checkLock(codec(edited, { version: 1 }), lock(codec(released(), { version: 1 })));
  assert.is(plain.length, 1);
});

test('checkLock: a locked version the codec no longer has, and a malformed entry', () => {
  const locked = lock(codec(released(), { version: 1 }));
  const older = t.struct('game.Hero', { name: t.string });
  const problems = checkLock(codec(older, { version: 0 }), locked);
  assert.is(problems.length, 1);
  assert.match(problems[0]!, /version 1 is locked/);
  assert.is(checkLock(codec(older, { version: 0 }), { x: 'struct game.Hero{name:string}' } as never).length, 1);
});

test.run();
