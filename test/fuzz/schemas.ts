// The schemas the fuzzer attacks: together they use every builder (every primitive, array, vec,
// option, tuple, map, struct with version metadata, enum and union of every tag size, typed arrays
// of every kind, records, t.lazy recursion through structs, options and unions, custom types, the
// canary), and each is paired with codecs of several option sets (compiled and interpreted,
// with/without schema header and checksum, deflate, tight limits).

import { codec, t, type Codec, type CodecOptions, type Schema } from '../../src/index.ts';
import type { Rng } from './rng.ts';

/** One schema under attack. */
export interface FuzzCase {
  name: string;
  schema: Schema;
  /** The codec's current data version; files of versions 0..version are made. */
  version: number;
  /** Options of t.randomValue for this schema (bigger collections, deeper trees). */
  sizes?: { nodes?: number; maxLen?: number; maxDepth?: number; custom?: Record<string, (rng: Rng) => unknown> };
  /** Decoding may legitimately use this much memory per input byte (documented ratio). */
  note?: string;
}

const Pos = t.struct('fz.Pos', { x: t.i32, y: t.i32 });
const Rec = t.struct('fz.Rec', { id: t.u32, hp: t.u16, kind: t.enum('fz.RecKind', ['a', 'b', 'c']), alive: t.bool });
const Rec2 = t.struct('fz.Rec2', { v: t.array(t.f32, 3), flags: t.u16, w: t.enum('fz.Wide', { lo: 1, hi: 40000 }, { size: 'u16' }) });

interface TreeNode { value: number; name: string | undefined; children: TreeNode[] }
const Tree: Schema = t.struct('fz.Tree', {
  value: t.i32,
  name: t.option(t.string),
  children: t.vec(t.lazy((): Schema => Tree)),
});
const List: Schema = t.struct('fz.List', { head: t.u16, tail: t.option(t.lazy((): Schema => List)) });
const Expr: Schema = t.union('fz.Expr', {
  Num: { v: t.f64 },
  Neg: { x: t.lazy((): Schema => Expr) },
  Add: { a: t.lazy((): Schema => Expr), b: t.lazy((): Schema => Expr) },
  Var: { name: t.string },
  Nil: t.unit,
});
/** Mutual recursion: a forest of trees through a map and a tuple. */
const Forest: Schema = t.struct('fz.Forest', {
  trees: t.map(t.string, t.lazy((): Schema => Grove)),
});
const Grove: Schema = t.tuple(t.u8, t.vec(t.lazy((): Schema => Forest)));

const hexDigits = /^(?:[0-9a-f]{2})*$/;
/** A custom type whose decode throws a TypeError on strings that are not hex (as user code does). */
const Hex = t.custom(t.string, {
  name: 'fz.Hex',
  encode: (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join(''),
  decode: (s: string) => {
    if (!hexDigits.test(s)) throw new TypeError(`not hex: ${s.slice(0, 20)}`);
    return Uint8Array.from(s.match(/../g) ?? [], (x) => parseInt(x, 16));
  },
});
const When = t.custom(t.f64, { name: 'fz.When', encode: (d: Date) => d.getTime(), decode: (n: number) => new Date(n) });

export const cases: FuzzCase[] = [
  {
    name: 'primitives',
    version: 0,
    schema: t.struct('fz.Prims', {
      b: t.bool, u8: t.u8, u16: t.u16, u32: t.u32, u64: t.u64, i8: t.i8, i16: t.i16, i32: t.i32, i64: t.i64,
      f32: t.f32, f64: t.f64, s: t.string, bytes: t.bytes, unit: t.unit, canary: t.canary,
    }),
  },
  {
    name: 'collections',
    version: 0,
    schema: t.struct('fz.Coll', {
      arr: t.array(t.u16, 3),
      vec: t.vec(t.string),
      opt: t.option(Pos),
      tup: t.tuple(t.u8, t.string, t.bool),
      map: t.map(t.string, t.u32),
      nested: t.map(t.u32, t.vec(t.option(t.i8))),
      grid: t.vec(t.vec(t.f32)),
      arrs: t.array(t.array(t.bool, 2), 2),
    }),
  },
  {
    name: 'enums-unions',
    version: 0,
    schema: t.struct('fz.EU', {
      e8: t.enum('fz.E8', ['a', 'b', 'c']),
      e16: t.enum('fz.E16', { low: 1, high: 40000 }, { size: 'u16' }),
      e32: t.enum('fz.E32', { a: 0, b: 0xffffffff }, { size: 'u32' }),
      shape: t.union('fz.Shape', { Circle: { r: t.f64 }, Rect: { w: t.u16, h: t.u16 }, Empty: t.unit }),
      ev: t.union('fz.Ev', { Hit: { dmg: t.u8, who: t.string }, Miss: t.unit }, { tag: 'type', size: 'u16' }),
      wide: t.vec(t.union('fz.W', { A: { x: t.vec(t.u8) }, B: t.unit }, { size: 'u32' })),
    }),
  },
  {
    name: 'typed',
    version: 0,
    schema: t.struct('fz.Typed', {
      u8: t.typed('u8'), i8: t.typed('i8'), u16: t.typed('u16'), i16: t.typed('i16'), u32: t.typed('u32'),
      i32: t.typed('i32'), u64: t.typed('u64'), i64: t.typed('i64'), f32: t.typed('f32'), f64: t.typed('f64'),
    }),
  },
  {
    name: 'records',
    version: 0,
    schema: t.struct('fz.Records', { pos: t.records(Pos), rec: t.records(Rec), rec2: t.records(Rec2), tail: t.u8 }),
  },
  { name: 'lazy-tree', version: 0, schema: Tree, sizes: { nodes: 80 } },
  { name: 'lazy-list', version: 0, schema: List, sizes: { nodes: 220, maxDepth: 220 } },
  { name: 'lazy-union', version: 0, schema: Expr, sizes: { nodes: 60 } },
  { name: 'lazy-mutual', version: 0, schema: Forest, sizes: { nodes: 30 } },
  {
    name: 'versioned',
    version: 3,
    schema: t.struct('fz.Versioned', {
      name: t.string,
      strength: t.removed(t.u32, { until: 0 }),
      level: t.field(t.u32, { was: [{ until: 1, type: t.u8 }] }),
      skills: t.field(t.vec(t.string), { since: 1 }),
      hp: t.field(t.f64, { since: 2, default: 100, was: [{ until: 2, type: t.f32 }] }),
      kind: t.field(t.enum('fz.VK', ['warrior', 'mage', 'rogue'], { since: { rogue: 3 } }), { since: 1 }),
      history: t.field(t.records(Pos), { since: 3 }),
    }),
  },
  {
    name: 'custom',
    version: 0,
    schema: t.struct('fz.Custom', { when: When, hex: t.option(t.string), tags: t.vec(t.string), canary: t.canary }),
  },
  {
    name: 'custom-throwing',
    version: 0,
    schema: t.struct('fz.Throwing', { id: Hex, ids: t.vec(Hex) }),
    sizes: { custom: { 'fz.Hex': (rng) => rng.bytes(rng.size(8)) } },
  },
  {
    name: 'big',
    version: 0,
    schema: t.struct('fz.Big', { words: t.typed('u32'), blob: t.bytes, names: t.vec(t.string), recs: t.records(Pos) }),
    sizes: { maxLen: 400 },
  },
  {
    name: 'zero-size',
    version: 0,
    schema: t.struct('fz.Zero', {
      units: t.vec(t.unit),
      empties: t.vec(t.struct('fz.Empty', {})),
      tuples: t.vec(t.tuple()),
      nested: t.vec(t.vec(t.unit)),
      wide: t.vec(t.array(t.unit, 1000)),
      m: t.map(t.unit, t.unit),
    }),
    note: 'elements of zero bytes on disk',
  },
];

/** Option sets every case is decoded with; each input is decoded by the compiled and the interpreted codec. */
export const variants: { name: string; opts: Omit<CodecOptions, 'version'> }[] = [
  { name: 'raw', opts: { checksum: false, schemaHeader: false } },
  { name: 'schema', opts: { checksum: false } },
  { name: 'deflate', opts: { checksum: false, schemaHeader: false, compress: 'deflate' } },
  { name: 'default', opts: {} },
  { name: 'deflate+sum', opts: { compress: 'deflate' } },
  { name: 'limits', opts: { checksum: false, schemaHeader: false, limits: { maxBytes: 1 << 16, maxDepth: 24, maxLength: 64 } } },
];

/** A case's codecs for one variant: [compiled, interpreted]. */
export interface CodecPair { compiled: Codec<unknown>; interpreted: Codec<unknown>; encoder: Codec<unknown> }

const cache = new Map<string, CodecPair>();

/** The codecs of case `c` under variant `v` (cached). The encoder has no limits (it makes the valid seeds). */
export function codecsOf(c: FuzzCase, v: (typeof variants)[number]): CodecPair {
  const key = `${c.name}/${v.name}`;
  let p = cache.get(key);
  if (!p) {
    const o = { ...v.opts, version: c.version };
    const { limits: _limits, ...unlimited } = o;
    p = {
      compiled: codec(c.schema, { ...o, compile: true }) as Codec<unknown>,
      interpreted: codec(c.schema, { ...o, compile: false }) as Codec<unknown>,
      encoder: codec(c.schema, unlimited) as Codec<unknown>,
    };
    cache.set(key, p);
  }
  return p;
}

export type { TreeNode };
