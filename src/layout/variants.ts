// The variants of an enum or union at one data version: discriminant ↔ name, and each union
// variant's fields, as the codecs look them up while writing and reading.

import type { EnumSchema, FieldDef, UnionSchema } from '../schema/types.ts';
import { variantsAt } from '../schema/versions.ts';
import { perVersion } from './memo.ts';

/** Discriminant tables of an enum/union at one version. */
export interface VariantTables {
  byName: Map<string, number>;
  byValue: Map<number, string>;
  fieldsOf: Map<number, readonly FieldDef[] | null>;
}

/** Name ↔ discriminant maps of the variants existing at version `v` (cached). */
export const variantTables: (s: EnumSchema | UnionSchema, v: number) => VariantTables = perVersion((s: EnumSchema | UnionSchema, v: number) => {
  const t: VariantTables = { byName: new Map(), byValue: new Map(), fieldsOf: new Map() };
  for (const x of variantsAt<any>(s.variants, v)) {
    t.byName.set(x.name, x.value);
    t.byValue.set(x.value, x.name);
    t.fieldsOf.set(x.value, 'fields' in x ? x.fields : null);
  }
  return t;
});
