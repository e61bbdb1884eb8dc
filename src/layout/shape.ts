// Facts about stored shapes used by both codec paths: minimum encoded size (to bound declared
// lengths before allocating), enum/union discriminant tables per version, tag read/write.

import type { EnumSchema, FieldDef, Schema, TagSize, UnionSchema } from '../schema/types.ts';
import { variantsAt } from '../schema/versions.ts';
import { fieldPlan } from './plan.ts';
import type { Reader } from '../wire/reader.ts';
import type { Writer } from '../wire/writer.ts';

/** The fixed value a t.canary writes (bytes 'S' 'P' 'C' 'Y'). */
export const CANARY = 0x59435053;

const FIXED: Record<string, number> = {
  bool: 1, u8: 1, i8: 1, u16: 2, i16: 2, u32: 4, i32: 4, f32: 4, f64: 8, u64: 8, i64: 8, canary: 4, unit: 0,
  string: 1, bytes: 1, vec: 1, map: 1, typed: 1, records: 1, option: 1,
};
const TAG: Record<TagSize, number> = { u8: 1, u16: 2, u32: 4 };
const minCache = new WeakMap<Schema, Map<number, number>>();

/** Fewest bytes a value of `s` takes at version `v` (recursion through t.lazy counts as 0). */
export function minSize(s: Schema, v: number, open: Set<Schema> = new Set()): number {
  const f = FIXED[s.kind];
  if (f !== undefined) return f;
  let byV = minCache.get(s);
  const hit = byV?.get(v);
  if (hit !== undefined) return hit;
  if (open.has(s)) return 0;
  open.add(s);
  let n: number;
  const fieldsMin = (fs: readonly FieldDef[]) => fieldPlan(fs, v).stored.reduce((a, st) => a + minSize(st.type, v, open), 0);
  switch (s.kind) {
    case 'array': n = s.length * minSize(s.item, v, open); break;
    case 'tuple': n = s.items.reduce((a: number, x: Schema) => a + minSize(x, v, open), 0); break;
    case 'struct': n = fieldsMin(s.fields); break;
    case 'enum': n = TAG[s.size]; break;
    case 'union': { const ms = variantsAt(s.variants, v).map((x) => (x.fields ? fieldsMin(x.fields) : 0)); n = TAG[s.size] + (ms.length ? Math.min(...ms) : 0); break; }
    case 'lazy': n = minSize(s.get(), v, open); break;
    case 'custom': n = minSize(s.base, v, open); break;
    default: n = 0;
  }
  open.delete(s);
  if (open.size === 0) {
    if (!byV) minCache.set(s, (byV = new Map()));
    byV.set(v, n);
  }
  return n;
}

/** Discriminant tables of an enum/union at one version. */
export interface VariantTables {
  byName: Map<string, number>;
  byValue: Map<number, string>;
  fieldsOf: Map<number, readonly FieldDef[] | null>;
}
const tableCache = new WeakMap<EnumSchema | UnionSchema, Map<number, VariantTables>>();

/** Name ↔ discriminant maps of the variants existing at version `v` (cached). */
export function variantTables(s: EnumSchema | UnionSchema, v: number): VariantTables {
  let byV = tableCache.get(s);
  if (!byV) tableCache.set(s, (byV = new Map()));
  let t = byV.get(v);
  if (!t) {
    t = { byName: new Map(), byValue: new Map(), fieldsOf: new Map() };
    for (const x of variantsAt<any>(s.variants, v)) {
      t.byName.set(x.name, x.value);
      t.byValue.set(x.value, x.name);
      t.fieldsOf.set(x.value, 'fields' in x ? x.fields : null);
    }
    byV.set(v, t);
  }
  return t;
}

/** Writes a discriminant of width `size`. */
export function tagWrite(w: Writer, size: TagSize, d: number): void {
  w.reserve(4);
  if (size === 'u8') w.buf[w.pos] = d;
  else if (size === 'u16') w.view.setUint16(w.pos, d, true);
  else w.view.setUint32(w.pos, d, true);
  w.pos += TAG[size];
}

/** Reads a discriminant of width `size`. */
export function tagRead(r: Reader, size: TagSize): number {
  const n = TAG[size];
  if (r.end - r.pos < n) r.truncated(n);
  const d = size === 'u8' ? r.buf[r.pos]! : size === 'u16' ? r.view.getUint16(r.pos, true) : r.view.getUint32(r.pos, true);
  r.pos += n;
  return d;
}
