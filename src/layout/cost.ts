// Static costs of the per-decode allocation budget: estimates of the heap bytes a decoded value
// of a schema takes, fixed by the schema at one data version (computed once per pair), so both
// decoders charge them with one subtraction per container — a vector's items (and the defaults
// and zero values they carry) in one charge.
//
// What a value costs is split in two. Its *static* part is fixed by the schema: a struct's object
// and the defaults of fields the stored version lacks, a fixed array's slots, a tuple, a u64's
// BigInt. It is charged by whatever creates the value: a vector or map for each of its items (one
// charge: count × item cost), an option when present, a union variant, t.lazy on entry, the root.
// Bytes, typed arrays and records are charged by their own length; strings are paid from the part
// of the budget each payload byte sets aside for them (wire/reader.ts STRING_RESERVE). Default functions
// (and zero values that call them) are measured after they ran (codec/budget.ts).

import type { FieldDef, Schema } from '../schema/types.ts';
import { perKey, perVersion } from './memo.ts';
import { fieldPlan } from './plan.ts';
import { generationAt, newestOf } from '../schema/generations.ts';

/** Estimated heap bytes of JavaScript values (V8, 64-bit, measured with Node 20). */
export const COST = {
  /** An array object and its backing store's header. */
  ARRAY: 48,
  /** One array slot (a pointer, or an unboxed double). */
  SLOT: 8,
  /** An object's header (in-object fields are counted apart). */
  OBJ: 24,
  /** One in-object field. */
  FIELD: 8,
  /** An empty Map with its initial hash table. */
  MAP: 184,
  /** One Map entry (key, value, chain link; the table doubles as it grows). */
  ENTRY: 40,
  /** A typed array with its ArrayBuffer (contents counted apart). */
  VIEW: 192,
  /** A RecordArray with its storage view and DataView (contents counted apart). */
  RECORDS: 352,
  /** A u64/i64 BigInt. */
  BIG: 24,
} as const;

/** An object with `fields` own properties (a literal reserves room for at least 4). */
export function objCost(fields: number): number {
  return COST.OBJ + COST.FIELD * Math.max(fields, 4);
}

/**
 * The static part of a value of `s` stored at version `v`: what decoding it allocates beyond what
 * its vectors, maps, options, unions, lazies and byte-carrying types charge themselves.
 */
export function staticCost(s: Schema, v: number): number {
  switch (s.kind) {
    case 'u64': case 'i64': case 'uvarint64': case 'varint64': return COST.BIG;
    case 'fixed': return COST.VIEW + s.length;
    case 'struct': return fieldsCost(s.fields, v, 0);
    case 'custom': return staticCost(s.base, v);
    case 'versioned': return staticCost(generationAt(s, v).schema, v);
    case 'array': case 'tuple': return listCost(s, v);
    default: return 0;
  }
}

const listCost = perVersion((s: Schema, v: number): number => {
  let c: number = COST.ARRAY;
  if (s.kind === 'array') c += s.length * (COST.SLOT + staticCost(s.item, v));
  else if (s.kind === 'tuple') for (const x of s.items as readonly Schema[]) c += COST.SLOT + staticCost(x, v);
  return c;
});

/** Static cost of an object of the fields `fields` read at version `v` (plus `tag` for a union's tag property). */
export function fieldsCost(fields: readonly FieldDef[], v: number, tag: 0 | 1): number {
  return partsCost(fields, v) + objCost(fieldPlan(fields, v).memory.length + tag);
}

/** What an object's stored fields and defaulted absent fields cost, the object itself apart. */
const partsCost = perVersion((fields: readonly FieldDef[], v: number): number => {
  const plan = fieldPlan(fields, v);
  let c = 0;
  for (const st of plan.stored) c += staticCost(st.type, v);
  for (const f of plan.absent) c += defaultInfo(f).cost;
  return c;
});

/** What the default (or zero value) of a field costs: `cost` known up front; `dynamic` when a default function runs. */
export interface DefaultInfo { cost: number; dynamic: boolean }
const zeroCache = new WeakMap<Schema, DefaultInfo>();

/** The static cost of field `f`'s default or zero value, and whether a default function adds to it. */
export const defaultInfo: (f: FieldDef) => DefaultInfo = perKey((f: FieldDef): DefaultInfo => {
  if (!f.hasDefault) return zeroInfo(f.schema, 0);
  if (typeof f.default === 'function') return { cost: 0, dynamic: true };
  return { cost: heapSize(f.default), dynamic: false };
});

/** Mirrors `zeroValue`: what the zero value of `s` allocates, and whether default functions run in it. */
function zeroInfo(s: Schema, depth: number): DefaultInfo {
  if (depth > 64) return { cost: 0, dynamic: false }; // zeroValue refuses such a schema
  let d = zeroCache.get(s);
  if (!d) zeroCache.set(s, (d = zeroInfoOf(s, depth)));
  return d;
}

function zeroInfoOf(s: Schema, depth: number): DefaultInfo {
  switch (s.kind) {
    case 'bytes': case 'typed': return { cost: COST.VIEW, dynamic: false };
    case 'fixed': return { cost: COST.VIEW + s.length, dynamic: false };
    case 'records': return { cost: COST.RECORDS, dynamic: false };
    case 'vec': return { cost: COST.ARRAY, dynamic: false };
    case 'map': return { cost: COST.MAP, dynamic: false };
    case 'lazy': return zeroInfo(s.get(), depth + 1);
    case 'custom': return zeroInfo(s.base, depth + 1);
    case 'versioned': return zeroInfo(newestOf(s), depth + 1);
    case 'array': { const i = zeroInfo(s.item, depth + 1); return { cost: COST.ARRAY + s.length * (COST.SLOT + i.cost), dynamic: i.dynamic }; }
    case 'tuple': {
      const d = { cost: COST.ARRAY, dynamic: false };
      for (const x of s.items as readonly Schema[]) { const i = zeroInfo(x, depth + 1); d.cost += COST.SLOT + i.cost; d.dynamic ||= i.dynamic; }
      return d;
    }
    case 'struct': case 'union': {
      let fields: readonly FieldDef[] = s.kind === 'struct' ? s.fields : [];
      let tag = 0;
      if (s.kind === 'union') { fields = (s.variants.find((x) => x.until === Infinity) ?? s.variants[0])?.fields ?? []; tag = 1; }
      const live = fields.filter((f) => !f.removed);
      const d = { cost: objCost(live.length + tag), dynamic: false };
      for (const f of live) {
        const i = f.hasDefault ? defaultInfo(f) : zeroInfo(f.schema, depth + 1);
        d.cost += i.cost; d.dynamic ||= i.dynamic;
      }
      return d;
    }
    default: return { cost: 0, dynamic: false };
  }
}

/** Method of objects that tell their own heap cost (a RecordArray: COST.RECORDS + its bytes). */
export const OWN_COST: unique symbol = Symbol('savepack.ownCost');

/** Estimated heap bytes of a value's objects (shared ones once; primitives count nothing). */
export function heapSize(root: unknown): number {
  if (typeof root !== 'object' || root === null) return 0;
  const seen = new Set<object>();
  const todo: unknown[] = [root];
  let n = 0;
  while (todo.length) {
    const x = todo.pop();
    if (typeof x !== 'object' || x === null || seen.has(x)) continue;
    seen.add(x);
    if (Array.isArray(x)) {
      n += COST.ARRAY + COST.SLOT * x.length;
      for (let i = 0; i < x.length; i++) if (typeof x[i] === 'object') todo.push(x[i]);
    } else if (ArrayBuffer.isView(x)) n += COST.VIEW + x.byteLength;
    else if (typeof (x as { [OWN_COST]?: unknown })[OWN_COST] === 'function') n += (x as { [OWN_COST](): number })[OWN_COST]();
    else if (x instanceof Map) {
      n += COST.MAP + COST.ENTRY * x.size;
      for (const [k, y] of x) todo.push(k, y);
    } else {
      const keys = Object.keys(x);
      n += objCost(keys.length);
      for (const k of keys) todo.push((x as Record<string, unknown>)[k]);
    }
  }
  return n;
}
