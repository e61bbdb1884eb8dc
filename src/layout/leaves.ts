// The leaves of a packed struct: every number, bool and enum discriminant of one record with its
// byte offset and field path, in declared order (what record accessors and checks walk).

import type { EnumSchema, Schema } from '../schema/types.ts';
import { packedLayout } from './packed.ts';

/** One leaf of a packed struct: where it sits and what it is. */
export interface Leaf { path: (string | number)[]; offset: number; kind: string; enum?: EnumSchema }

/** Flattens a packed struct into its leaves in declared order (an enum's kind is its discriminant size). */
export function leaves(s: Schema, base = 0, path: (string | number)[] = [], out: Leaf[] = []): Leaf[] {
  while (s.kind === 'lazy') s = s.get();
  if (s.kind === 'struct') {
    let off = base;
    for (const f of s.fields) {
      leaves(f.schema, off, [...path, f.name], out);
      off += packedLayout(f.schema).size!;
    }
  } else if (s.kind === 'array') {
    const size = packedLayout(s.item).size!;
    for (let i = 0; i < s.length; i++) leaves(s.item, base + i * size, [...path, i], out);
  } else if (s.kind === 'enum') {
    out.push({ path, offset: base, kind: s.size, enum: s });
  } else if (s.kind !== 'unit') {
    out.push({ path, offset: base, kind: s.kind });
  }
  return out;
}
