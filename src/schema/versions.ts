// Which fields and variants exist at a data version, and with which stored type.

import type { EnumVariant, FieldDef, Schema, UnionVariant, WasEntry } from './types.ts';

/** The version used when none is given: the newest shape (fields with no `until`). */
export const LATEST = Number.MAX_SAFE_INTEGER;

/** True when data version `v` stores field `f`. */
export function storedAt(f: FieldDef, v: number): boolean {
  return !f.ignore && f.since <= v && v <= f.until;
}

/** The `was` entry governing version `v`, if the field was stored as another type then. */
export function wasAt(f: FieldDef, v: number): WasEntry | undefined {
  for (const w of f.was) if (v <= w.until) return w;
  return undefined;
}

/** The type field `f` is stored as in data version `v` (its `was` type or its schema). */
function storedType(f: FieldDef, v: number): Schema {
  return wasAt(f, v)?.type ?? f.schema;
}

/** One stored field at a version: its definition and its stored type. */
export interface StoredField { readonly def: FieldDef; readonly type: Schema }

/** Fields of a field list that version `v` stores, in declared order. */
export function storedFields(fields: readonly FieldDef[], v: number): StoredField[] {
  const out: StoredField[] = [];
  for (const f of fields) if (storedAt(f, v)) out.push({ def: f, type: storedType(f, v) });
  return out;
}

/** Variants that exist at version `v`. */
export function variantsAt<V extends EnumVariant | UnionVariant>(variants: readonly V[], v: number): V[] {
  return variants.filter((x) => x.since <= v && v <= x.until);
}
