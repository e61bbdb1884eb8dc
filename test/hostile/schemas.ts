// The schemas the hostile corpus targets, by name (test/hostile/manifest.json refers to them).
// Each entry is the schema and the codec version the corpus decodes with; the manifest adds the
// other codec options per file. Names here are part of the corpus: never rename one.

import { t, type Schema } from '../../src/index.ts';

const Pos = t.struct('h.Pos', { x: t.u32, y: t.u32 });
const Node: Schema = t.struct('h.Node', { v: t.u8, next: t.option(t.lazy((): Schema => Node)) });
const Expr: Schema = t.union('h.Expr', { Num: { n: t.u8 }, Neg: { x: t.lazy((): Schema => Expr) } });
const Color = t.enum('h.Color', ['red', 'green', 'blue']);
const Shape = t.union('h.Shape', { Dot: t.unit, Circle: { r: t.u8 } });

/** 1000 numbers: the version-1 default that every version-0 item of `bag-default` receives. */
export const BIG_DEFAULT: readonly number[] = Array.from({ length: 1000 }, (_, i) => i);
const Item = t.struct('h.Item', { big: t.field(t.vec(t.u32), { since: 1, default: () => [...BIG_DEFAULT] }) });
const ZItem = t.struct('h.ZItem', { big: t.field(t.array(t.f64, 1000), { since: 1 }) });

// Structs with a member named __proto__ (a computed key makes it an own property, not the prototype).
const ProtoInner = t.struct('h.ProtoInner', { ['__proto__']: t.u32, k: t.u8 } as any);
const ProtoRec = t.struct('h.ProtoRec', { ['__proto__']: t.u32, y: t.u32 } as any);

/** A target schema and the codec version files of it are decoded with. */
export interface Target { schema: Schema; version: number }

/** Every schema of the corpus, by the name the manifest uses. */
export const SCHEMAS: Record<string, Target> = {
  'pos': { schema: Pos, version: 0 },
  'string': { schema: t.struct('h.Str', { s: t.string }), version: 0 },
  'bytes': { schema: t.struct('h.Blob', { data: t.bytes }), version: 0 },
  'vec-f64': { schema: t.struct('h.VecF64', { v: t.vec(t.f64) }), version: 0 },
  'map-u32': { schema: t.struct('h.MapU32', { m: t.map(t.u32, t.u8) }), version: 0 },
  'map-f64': { schema: t.struct('h.MapF64', { m: t.map(t.f64, t.u8) }), version: 0 },
  'typed-f64': { schema: t.struct('h.TypedF64', { a: t.typed('f64') }), version: 0 },
  'records': { schema: t.struct('h.Recs', { r: t.records(Pos) }), version: 0 },
  'flags': { schema: t.struct('h.Flags', { b: t.bool, o: t.option(t.u8), e: Color, u: Shape }), version: 0 },
  'node': { schema: Node, version: 0 },
  'expr': { schema: Expr, version: 0 },
  'vec-unit': { schema: t.struct('h.Units', { u: t.vec(t.unit) }), version: 0 },
  'vec-vec-unit': { schema: t.struct('h.UnitVecs', { u: t.vec(t.vec(t.unit)) }), version: 0 },
  'vec-array-unit': { schema: t.struct('h.UnitArrays', { u: t.vec(t.array(t.unit, 1000)) }), version: 0 },
  'vec-empty-struct': { schema: t.struct('h.Empties', { u: t.vec(t.struct('h.Empty', {})) }), version: 0 },
  'vec-typed': { schema: t.struct('h.TypedItems', { v: t.vec(t.typed('u8')) }), version: 0 },
  'vec-records': { schema: t.struct('h.RecordItems', { v: t.vec(t.records(Pos)) }), version: 0 },
  'bag-default': { schema: t.struct('h.Bag', { items: t.vec(Item) }), version: 1 },
  'bag-zero': { schema: t.struct('h.ZBag', { items: t.vec(ZItem) }), version: 1 },
  'proto-struct': { schema: t.struct('h.Proto', { ['__proto__']: t.u32, x: t.u8 } as any), version: 0 },
  'proto-records': { schema: t.struct('h.ProtoRecs', { r: t.records(ProtoRec) }), version: 0 },
  'proto-zero': { schema: t.struct('h.ProtoZero', { a: t.u8, inner: t.field(ProtoInner, { since: 1 }) }), version: 1 },
  'proto-default': {
    schema: t.struct('h.ProtoDefault', { a: t.u8, inner: t.field(ProtoInner, { since: 1, default: () => JSON.parse('{"__proto__": 7, "k": 8}') }) }),
    version: 1,
  },
  'proto-union': { schema: t.struct('h.ProtoTag', { u: t.union('h.ProtoU', { A: { x: t.u8 }, B: t.unit }, { tag: '__proto__' }) }), version: 0 },
};
