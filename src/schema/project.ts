// schemaAt: the schema as it stood at a data version — fields outside since..until vanish, `was`
// types replace the field's type, removed fields appear in their versions, variants per range.
// A t.versioned type stands as its generation holding that version. The result is a plain schema
// without version metadata: what a file of that version stores.

import type { FieldDef, Schema, StructSchema, UnionSchema } from './types.ts';
import { generationAt } from './generations.ts';
import { storedFields, variantsAt, wasAt } from './versions.ts';

const cache = new WeakMap<Schema, Map<number, Schema>>();

/** The stored shape of `schema` at data version `v` (cached; recursion-safe). */
export function schemaAt<S extends Schema>(schema: S, v: number): Schema {
  let byVersion = cache.get(schema);
  if (!byVersion) cache.set(schema, (byVersion = new Map()));
  let out = byVersion.get(v);
  if (!out) byVersion.set(v, (out = project(schema, v, new Map())));
  return out;
}

function plainFields(fields: readonly FieldDef[], v: number, memo: Map<Schema, Schema>): FieldDef[] {
  return storedFields(fields, v).map(({ def, type }) => ({
    name: wasAt(def, v)?.name ?? def.name, schema: project(type, v, memo), since: 0, until: Infinity,
    hasDefault: false, was: [], ignore: false, removed: false,
  }));
}

function project(s: Schema, v: number, memo: Map<Schema, Schema>): Schema {
  const done = memo.get(s);
  if (done) return done;
  switch (s.kind) {
    case 'struct': {
      const out = { kind: 'struct', name: s.name, fields: [] as FieldDef[], requirePacked: false } as StructSchema;
      memo.set(s, out);
      (out.fields as FieldDef[]).push(...plainFields(s.fields, v, memo));
      return out;
    }
    case 'union': {
      const out = { kind: 'union', name: s.name, tag: s.tag, size: s.size, variants: [] } as unknown as UnionSchema;
      memo.set(s, out);
      for (const x of variantsAt(s.variants, v)) {
        (out.variants as unknown[]).push({ name: x.name, value: x.value, since: 0, until: Infinity, fields: x.fields && plainFields(x.fields, v, memo) });
      }
      return out;
    }
    case 'enum':
      return remember(memo, s, { ...s, variants: variantsAt(s.variants, v).map((x) => ({ ...x, since: 0, until: Infinity })) });
    case 'lazy': {
      const target = project(s.get(), v, memo);
      return remember(memo, s, { kind: 'lazy', get: () => target });
    }
    case 'array': case 'vec': case 'option':
      return remember(memo, s, { ...s, item: project(s.item, v, memo) } as Schema);
    case 'tuple':
      return remember(memo, s, { kind: 'tuple', items: s.items.map((x: Schema) => project(x, v, memo)) });
    case 'map':
      return remember(memo, s, { kind: 'map', key: project(s.key, v, memo), value: project(s.value, v, memo) });
    case 'custom':
      return remember(memo, s, { ...s, base: project(s.base, v, memo) });
    case 'records':
      return remember(memo, s, { kind: 'records', struct: project(s.struct, v, memo) as StructSchema });
    case 'versioned': // a file of version v stores the generation holding v, as it stood at v
      return remember(memo, s, project(generationAt(s, v).schema, v, memo));
    default:
      return s;
  }
}

function remember(memo: Map<Schema, Schema>, from: Schema, to: Schema): Schema {
  memo.set(from, to);
  return to;
}
