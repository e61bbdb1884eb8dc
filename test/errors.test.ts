// Encode errors with their paths, and decode of hostile bytes: only SavepackError, right codes.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import { codec, RecordArray, SavepackError, t } from '../src/index.ts';
import { both, bothThrow, throwsCode } from './helpers/codecs.ts';

const Pos = t.struct('game.Position', { x: t.u32, y: t.u32 });
const Player = t.struct('game.Player', {
  name: t.string,
  hp: t.u16,
  inventory: t.vec(t.string),
  pos: Pos,
  kind: t.enum('game.Kind', ['warrior', 'mage']),
  history: t.records(Pos),
  grid: t.array(t.u8, 2),
  tags: t.map(t.string, t.i8),
  big: t.u64,
});
const player = () => ({
  name: 'Ann', hp: 10, inventory: ['a', 'b', 'c', 'd'], pos: { x: 1, y: 2 }, kind: 'mage',
  history: RecordArray.from(Pos, [{ x: 1, y: 1 }]), grid: [1, 2], tags: new Map([['k', 1]]), big: 5n,
});
const enc = (mutate: (p: any) => void) => (c: any) => { const p: any = player(); mutate(p); return c.encode(p); };

test('encode errors name the path (compiled and interpreted agree)', () => {
  const cases: [string, (p: any) => void, string, RegExp][] = [
    ['wrong type in a vec', (p) => (p.inventory[3] = 5), 'game.Player.inventory[3]', /expected a string, got number 5/],
    ['out-of-range integer', (p) => (p.hp = 70000), 'game.Player.hp', /70000 is out of range for u16/],
    ['NaN in an integer', (p) => (p.pos.y = NaN), 'game.Player.pos.y', /NaN is not a valid u32/],
    ['non-integer', (p) => (p.pos.x = 1.5), 'game.Player.pos.x', /not an integer/],
    ['negative unsigned', (p) => (p.pos.x = -1), 'game.Player.pos.x', /out of range/],
    ['wrong fixed-array length', (p) => (p.grid = [1]), 'game.Player.grid', /length 2, got length 1/],
    ['unknown enum variant', (p) => (p.kind = 'rogue'), 'game.Player.kind', /'rogue' is not a variant of game.Kind/],
    ['missing struct field', (p) => delete p.hp, 'game.Player.hp', /missing field 'hp'/],
    ['null struct', (p) => (p.pos = null), 'game.Player.pos', /expected an object/],
    ['string for a number', (p) => (p.hp = '10'), 'game.Player.hp', /expected a number/],
    ['u64 out of range', (p) => (p.big = -1n), 'game.Player.big', /out of range for u64/],
    ['u64 unsafe number', (p) => (p.big = 2 ** 60), 'game.Player.big', /safe integer/],
    ['plain array for records', (p) => (p.history = [{ x: 1, y: 1 }]), 'game.Player.history', /RecordArray/],
    ['map value out of range', (p) => p.tags.set('z', 300), 'game.Player.tags["z"]', /out of range for i8/],
    ['object for a map', (p) => (p.tags = {}), 'game.Player.tags', /expected a Map/],
  ];
  for (const [name, mutate, path, msg] of cases) {
    try {
      bothThrow(Player, {}, enc(mutate), 'INVALID_VALUE', path, msg);
    } catch (e) {
      throw new Error(`${name}: ${(e as Error).message}`);
    }
  }
});

test('encode: a getter that throws is INVALID_VALUE with the path and the cause', () => {
  const cause = new Error('boom');
  bothThrow(Player, {}, enc((p) => Object.defineProperty(p.pos, 'x', { get() { throw cause; } })), 'INVALID_VALUE', 'game.Player.pos.x');
  const { compiled } = both(Player);
  const e = throwsCode(() => enc((p) => Object.defineProperty(p.pos, 'x', { get() { throw cause; } }))(compiled), 'INVALID_VALUE');
  assert.is((e as { cause?: unknown }).cause, cause);
});

test('encode: cycles through t.lazy are INVALID_VALUE, deep values LIMIT_EXCEEDED', () => {
  const Node: any = t.struct('test.Node', { v: t.u8, next: t.option(t.lazy(() => Node)) });
  const a: any = { v: 1, next: undefined };
  a.next = a;
  bothThrow(Node, {}, (c) => c.encode(a), 'INVALID_VALUE', undefined, /cycle/);
  let deep: any = { v: 1, next: undefined };
  for (let i = 0; i < 300; i++) deep = { v: 1, next: deep };
  bothThrow(Node, {}, (c) => c.encode(deep), 'LIMIT_EXCEEDED', undefined, /maxDepth \(256\)/);
  // within the limit it works, and the limit is configurable
  let ok: any = { v: 1, next: undefined };
  for (let i = 0; i < 200; i++) ok = { v: 1, next: ok };
  const { compiled } = both(Node);
  assert.is(compiled.decode(compiled.encode(ok)).v, 1);
  bothThrow(Node, { limits: { maxDepth: 10 } }, (c) => c.encode(ok), 'LIMIT_EXCEEDED');
});

test('encode: custom encoders that throw are INVALID_VALUE with the cause', () => {
  const C = t.custom(t.string, { name: 'test.C', encode: (_: unknown): string => { throw new Error('nope'); }, decode: (s) => s });
  bothThrow(t.struct('test.S', { c: C }), {}, (c) => c.encode({ c: 1 }), 'INVALID_VALUE', 'test.S.c', /nope/);
});

test('encode: a version newer than the codec is refused', () => {
  throwsCode(() => codec(Pos, { version: 1 }).encode({ x: 1, y: 1 }, { version: 2 }), 'NOT_SUPPORTED');
  throwsCode(() => codec(Pos, { version: 1 }).encode({ x: 1, y: 1 }, { version: -1 }), 'INVALID_VALUE');
});

const file = (schema: any, value: any, opts = {}) => codec(schema, { version: 0, checksum: false, schemaHeader: false, ...opts }).encode(value);
const payloadAt = 32;

test('decode: declared lengths of 2^32-1 are refused before allocating', () => {
  for (const schema of [t.vec(t.u8), t.string, t.bytes, t.typed('f64'), t.map(t.u8, t.u8), t.records(Pos), t.vec(t.unit)]) {
    const b = file(schema, schema.kind === 'typed' ? new Float64Array(0) : schema.kind === 'map' ? new Map() : schema.kind === 'records' ? new RecordArray(Pos) : schema.kind === 'string' ? '' : schema.kind === 'bytes' ? new Uint8Array(0) : []);
    const big = new Uint8Array(payloadAt + 5);
    big.set(b.subarray(0, payloadAt));
    big.set([0xff, 0xff, 0xff, 0xff, 0x0f], payloadAt);
    new DataView(big.buffer).setUint32(20, 5, true);
    new DataView(big.buffer).setUint32(24, 5, true);
    // zero-size items take no bytes: they are bounded by the per-decode allocation budget instead
    bothThrow(schema, { checksum: false }, (c) => c.decode(big), schema.kind === 'vec' && schema.item.kind === 'unit' ? 'LIMIT_EXCEEDED' : 'TRUNCATED', undefined, /4294967295/);
  }
});

test('decode: zero-size elements share one allocation budget per decode, nested or not', () => {
  const nested = t.vec(t.vec(t.unit));
  // 40 inner vectors each declaring 65,536 units: 2.6M values from ~200 bytes
  const payload = [40, ...Array.from({ length: 40 }, () => [0x80, 0x80, 0x04]).flat()];
  const head = file(nested, []).subarray(0, 32).slice();
  const bytes = new Uint8Array(32 + payload.length);
  bytes.set(head); bytes.set(payload, 32);
  new DataView(bytes.buffer).setUint32(20, payload.length, true);
  new DataView(bytes.buffer).setUint32(24, payload.length, true);
  bothThrow(nested, { checksum: false }, (c) => c.decode(bytes), 'LIMIT_EXCEEDED', undefined, /zero-size/);
  const arr = t.vec(t.array(t.unit, 1000));
  const one = file(arr, Array.from({ length: 2000 }, () => new Array(1000).fill(undefined)));
  bothThrow(arr, { checksum: false }, (c) => c.decode(one), 'LIMIT_EXCEEDED', undefined, /zero-size/);
  // within the budget it loads
  const ok = file(nested, [new Array(1000).fill(undefined), []]);
  const { compiled } = both(nested, { checksum: false });
  assert.is((compiled.decode(ok) as unknown[][])[0]!.length, 1000);
});

test('decode: maxLength bounds any single declared length', () => {
  const b = file(t.vec(t.u8), [1, 2, 3, 4]);
  bothThrow(t.vec(t.u8), { limits: { maxLength: 3 } }, (c) => c.decode(b), 'LIMIT_EXCEEDED', undefined, /maxLength 3/);
});

test('decode: nesting deeper than maxDepth is LIMIT_EXCEEDED', () => {
  const Node: any = t.struct('test.Node', { v: t.u8, next: t.option(t.lazy(() => Node)) });
  let deep: any = { v: 1, next: undefined };
  for (let i = 0; i < 100; i++) deep = { v: 1, next: deep };
  const bytes = codec(Node, { version: 0 }).encode(deep);
  bothThrow(Node, { limits: { maxDepth: 50 } }, (c) => c.decode(bytes), 'LIMIT_EXCEEDED', undefined, /maxDepth \(50\)/);
  // handcrafted: 100k levels in 200 KB of bytes
  const raw = new Uint8Array(200_000 + 1);
  for (let i = 0; i < 100_000; i++) { raw[2 * i] = 1; raw[2 * i + 1] = 1; }
  const withHeader = new Uint8Array(32 + raw.length);
  withHeader.set(file(Node, { v: 1, next: undefined }).subarray(0, 32));
  withHeader.set(raw, 32);
  new DataView(withHeader.buffer).setUint32(20, raw.length, true);
  new DataView(withHeader.buffer).setUint32(24, raw.length, true);
  bothThrow(Node, { checksum: false }, (c) => c.decode(withHeader), 'LIMIT_EXCEEDED');
});

test('decode: invalid UTF-8, bool bytes, enum discriminants, option flags are INVALID_DATA with paths', () => {
  const S = t.struct('d.S', { s: t.string, b: t.bool, e: t.enum('d.E', ['a', 'b']), o: t.option(t.u8), r: t.records(t.struct('d.R', { ok: t.bool, k: t.enum('d.K', ['x']) })) });
  const R = (S.fields[4]!.schema as any).struct;
  const value = { s: 'ab', b: true, e: 'b', o: 1, r: RecordArray.from(R, [{ ok: true, k: 'x' }, { ok: false, k: 'x' }]) };
  const good = file(S, value);
  const at = (off: number, v: number) => { const x = good.slice(); x[payloadAt + off] = v; return x; };
  // payload: 02 'a' 'b' | b | e | o-flag o | count pad... records
  bothThrow(S, {}, (c) => c.decode(at(1, 0xff)), 'INVALID_DATA', 'd.S.s', /UTF-8/);
  bothThrow(S, {}, (c) => c.decode(at(3, 2)), 'INVALID_DATA', 'd.S.b', /bool byte 2/);
  bothThrow(S, {}, (c) => c.decode(at(4, 7)), 'INVALID_DATA', 'd.S.e', /unknown discriminant 7/);
  bothThrow(S, {}, (c) => c.decode(at(5, 3)), 'INVALID_DATA', 'd.S.o', /option flag 3/);
  const rec = good.length - 2; // two records of 2 bytes end the file: record 1's ok byte, then its k
  const bad = good.slice(); bad[rec] = 5;
  bothThrow(S, {}, (c) => c.decode(bad), 'INVALID_DATA', 'd.S.r[1].ok', /record 1: bool byte 5/);
  const bad2 = good.slice(); bad2[rec - 1] = 1; // record 0's k
  bothThrow(S, {}, (c) => c.decode(bad2), 'INVALID_DATA', 'd.S.r[0].k', /unknown discriminant 1 of enum d.K/);
});

test('decode: non-minimal and oversized varints are INVALID_DATA', () => {
  const b = file(t.vec(t.u8), [1]);
  const withLen = (bytes: number[]) => {
    const x = new Uint8Array(32 + bytes.length + 1);
    x.set(b.subarray(0, 32)); x.set(bytes, 32); x[32 + bytes.length] = 1;
    new DataView(x.buffer).setUint32(20, bytes.length + 1, true);
    new DataView(x.buffer).setUint32(24, bytes.length + 1, true);
    return x;
  };
  bothThrow(t.vec(t.u8), {}, (c) => c.decode(withLen([0x81, 0x00])), 'INVALID_DATA', undefined, /overlong/);
  bothThrow(t.vec(t.u8), {}, (c) => c.decode(withLen([0x81, 0x80, 0x80, 0x80, 0x80, 0x01])), 'INVALID_DATA', undefined, /longer than 5/);
  bothThrow(t.vec(t.u8), {}, (c) => c.decode(withLen([0xff, 0xff, 0xff, 0xff, 0x7f])), 'INVALID_DATA', undefined, /2\^32/);
});

test('decode: non-bytes input is INVALID_DATA, never a TypeError', () => {
  for (const x of [null, undefined, 'savepack', 42, {}, [1, 2]]) throwsCode(() => codec(Pos, { version: 0 }).decode(x as never), 'INVALID_DATA');
});

const schemas = [
  Player,
  t.vec(t.string),
  t.struct('p.T', { a: t.option(t.map(t.u16, t.vec(t.f32))), u: t.union('p.U', { A: { s: t.string }, B: t.unit }), ty: t.typed('i32') }),
];

test('property: random bytes and mutated files only ever throw SavepackError', () => {
  const codecs = schemas.flatMap((s) => [codec(s, { version: 0 }), codec(s, { version: 0, compile: false }), codec(s, { version: 0, checksum: false }), codec(s, { version: 0, compress: 'deflate', checksum: false })]);
  const seeds = [codec(Player, { version: 0, checksum: false }).encode(player() as never), codec(schemas[1]!, { version: 0, checksum: false }).encode(['a', 'bc'] as never)];
  const check = (bytes: Uint8Array) => {
    for (const c of codecs) {
      try { c.decode(bytes); } catch (e) { if (!(e instanceof SavepackError)) throw e; }
    }
  };
  fc.assert(fc.property(fc.uint8Array({ maxLength: 200 }), (b) => check(b)), { numRuns: 500, seed: 42 });
  fc.assert(fc.property(fc.constantFrom(...seeds), fc.array(fc.tuple(fc.nat(), fc.nat(255)), { minLength: 1, maxLength: 6 }), fc.nat(), (base, edits, cut) => {
    const b = base.slice(0, Math.max(32, base.length - (cut % 8)));
    for (const [i, v] of edits) b[i % b.length] = v;
    check(b);
  }), { numRuns: 2000, seed: 7 });
});

test.run();
