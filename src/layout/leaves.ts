// The leaves of a packed struct: every number, bool and enum discriminant of one record with its
// byte offset and field path, in declared order (what record accessors, checks and converters walk).
// At a data version, the fields that version stores (as the type stored then), named by their
// current names, so that the leaves of two versions of one struct match by path.

import type { EnumSchema, Schema } from '../schema/types.ts';
import { LATEST, storedFields } from '../schema/versions.ts';
import { packedLayout } from './packed.ts';

/** One leaf of a packed struct: where it sits and what it is. */
export interface Leaf { path: (string | number)[]; offset: number; kind: string; enum?: EnumSchema }

/** Flattens a packed struct as stored at version `v` (default: the newest, the in-memory record) into its leaves in declared order (an enum's kind is its discriminant size). */
export function leaves(s: Schema, v: number = LATEST, base = 0, path: (string | number)[] = [], out: Leaf[] = []): Leaf[] {
  while (s.kind === 'lazy') s = s.get();
  if (s.kind === 'struct') {
    let off = base;
    for (const { def, type } of storedFields(s.fields, v)) {
      leaves(type, v, off, [...path, def.name], out);
      off += packedLayout(type, v).size!;
    }
  } else if (s.kind === 'array') {
    const size = packedLayout(s.item, v).size!;
    for (let i = 0; i < s.length; i++) leaves(s.item, v, base + i * size, [...path, i], out);
  } else if (s.kind === 'enum') {
    out.push({ path, offset: base, kind: s.size, enum: s });
  } else if (s.kind !== 'unit') {
    out.push({ path, offset: base, kind: s.kind });
  }
  return out;
}
