// The memory cases (issue 11): for every kind of schema, a big input made entirely of its
// cheapest element (the most JS memory per input byte), and tiny inputs built to pass the
// allocation budget. test/memory.test.ts checks what each decode does; test/heavy-memory.test.ts
// measures its heap growth in a fresh process.

import { t, type Schema } from '../../src/index.ts';
import { varint } from '../fuzz/mutate.ts';

/** `count` items of `item(i)` bytes after a varint count. */
const items = (count: number, item: (i: number) => number[]) => {
  const out = varint(count);
  for (let i = 0; i < count; i++) for (const b of item(i)) out.push(b);
  return out;
};
const ZERO = [0];
const zeros = () => () => ZERO;
const le = (n: number, size: number) => Array.from({ length: size }, (_, b) => Math.floor(n / 2 ** (8 * b)) & 0xff);

const R1 = t.struct('m.R1', { x: t.u8 });
const S1 = t.struct('m.S1', { a: t.u8 });
const L: Schema = t.lazy(() => S1);
const Custom = t.custom(t.u8, { name: 'm.Box', encode: (b: { v: number }) => b.v, decode: (v) => ({ v }) });
const Item = t.struct('m.Item', { big: t.field(t.vec(t.u32), { since: 1, default: () => Array.from({ length: 1000 }, (_, i) => i) }) });
const ZItem = t.struct('m.ZItem', { big: t.field(t.array(t.f64, 1000), { since: 1 }) });
const Rich = t.struct('m.Rich', { a: t.u8, s: t.field(t.struct('m.Inner', { v: t.vec(t.u8), m: t.map(t.u8, t.u8), o: t.option(t.u8) }), { since: 1 }) });

/** What the decode of a case must do: decode, decode or be refused by the budget, be refused. */
export type Want = 'ok' | 'ok-or-limit' | 'limit';
/** [builder, schema, codec version, file data version, payload, what it must do]. */
export type MemoryCase = [string, Schema, number, number, number[], Want];

/** The cases, the big ones of about `N` bytes (the heavy measurement uses 256 KiB). */
export const memoryCases = (N: number): MemoryCase[] => [
  ['numbers: vec(u8)', t.vec(t.u8), 0, 0, items(N, zeros()), 'ok'],
  ['numbers: vec(u32)', t.vec(t.u32), 0, 0, items(N / 4, (i) => le(i * 4099, 4)), 'ok'],
  ['numbers: vec(f64)', t.vec(t.f64), 0, 0, items(N / 8, (i) => le(i, 8)), 'ok'],
  ['numbers: vec(i64) (bigint)', t.vec(t.i64), 0, 0, items(N / 8, (i) => le(i * 2 ** 20 + 7, 8)), 'ok'],
  ['bool: vec(bool)', t.vec(t.bool), 0, 0, items(N, zeros()), 'ok'],
  ['enums: vec(enum)', t.vec(t.enum('m.E', ['a', 'b'])), 0, 0, items(N, zeros()), 'ok'],
  ['strings: vec(string) of ""', t.vec(t.string), 0, 0, items(N, zeros()), 'ok'],
  ['strings: vec(string) of 1 char', t.vec(t.string), 0, 0, items(N / 2, (i) => [1, 0x20 + (i % 90)]), 'ok'],
  ['options: vec(option(u8)) of none', t.vec(t.option(t.u8)), 0, 0, items(N, zeros()), 'ok'],
  ['vec: vec(vec(u8)) of []', t.vec(t.vec(t.u8)), 0, 0, items(N, zeros()), 'ok'],
  ['array: vec(array(u8, 1))', t.vec(t.array(t.u8, 1)), 0, 0, items(N, zeros()), 'ok'],
  ['tuple: vec(tuple(u8))', t.vec(t.tuple(t.u8)), 0, 0, items(N, zeros()), 'ok'],
  ['map: vec(map) of empty', t.vec(t.map(t.u8, t.u8)), 0, 0, items(N, zeros()), 'ok-or-limit'],
  ['map: map(u32, unit) entries', t.map(t.u32, t.unit), 0, 0, items(N / 4, (i) => le(i, 4)), 'ok'],
  ['struct: vec(struct{u8})', t.vec(S1), 0, 0, items(N, zeros()), 'ok'],
  ['union: vec(union of units)', t.vec(t.union('m.U', { A: t.unit, B: t.unit })), 0, 0, items(N, zeros()), 'ok'],
  ['typed: vec(typed(u8)) of empty', t.vec(t.typed('u8')), 0, 0, items(N, zeros()), 'ok-or-limit'],
  ['records: vec(records) of empty', t.vec(t.records(R1)), 0, 0, items(N, zeros()), 'ok-or-limit'],
  ['bytes: vec(bytes) of empty', t.vec(t.bytes), 0, 0, items(N, zeros()), 'ok-or-limit'],
  ['unit: vec(unit) x 65536', t.vec(t.unit), 0, 0, varint(65536), 'ok-or-limit'],
  ['unit: vec(struct{}) x 65536', t.vec(t.struct('m.Empty', {})), 0, 0, varint(65536), 'ok-or-limit'],
  ['lazy: vec(lazy(struct{u8}))', t.vec(L), 0, 0, items(N, zeros()), 'ok'],
  ['custom: vec(custom(u8) → {v})', t.vec(Custom), 0, 0, items(N, zeros()), 'ok-or-limit'],
  ['defaults: v0 vec(struct) of 100', t.vec(Item), 1, 0, varint(100), 'ok'],
  ['zero values: v0 of a struct, all zero bytes', t.vec(Rich), 1, 0, items(N, zeros()), 'ok-or-limit'],
  // built to exceed the budget: tiny files of zero-size items that allocate
  ['defaults: v0, 20000 x 1000-element default', t.vec(Item), 1, 0, varint(20000), 'limit'],
  ['zero values: v0, 20000 x array(f64, 1000)', t.vec(ZItem), 1, 0, varint(20000), 'limit'],
  ['unit: vec(array(unit, 1000)) x 10000', t.vec(t.array(t.unit, 1000)), 0, 0, varint(10000), 'limit'],
  ['unit: vec(vec(unit)) 200 x 65536', t.vec(t.vec(t.unit)), 0, 0, [...varint(200), ...Array.from({ length: 200 }, () => varint(65536)).flat()], 'limit'],
  ['unit: vec(unit) x 2^32-1', t.vec(t.unit), 0, 0, varint(2 ** 32 - 1), 'limit'],
];

/** A header-only file (no schema section, no checksum) of data version `v` around `payload`. */
export function rawFile(v: number, payload: number[]): Uint8Array {
  const f = new Uint8Array(32 + payload.length);
  f.set([0x73, 0x61, 0x76, 0x65, 0x70, 0x61, 0x63, 0x6b, 1, 0]);
  const d = new DataView(f.buffer);
  d.setUint32(12, v, true);
  d.setUint32(20, payload.length, true);
  d.setUint32(24, payload.length, true);
  f.set(payload, 32);
  return f;
}

