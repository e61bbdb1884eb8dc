// The per-version layouts of an evolving t.records struct, as text for `codec.describe()`: which
// data versions store its records in which packed layout, and how the current version reads them.

import { packedLayout } from '../layout/packed.ts';
import { recordVersions } from '../layout/records-versions.ts';
import type { Schema, StructSchema } from '../schema/types.ts';
import { evolves } from './convert-plan.ts';

/** The t.records structs of a schema tree by name (the original structs, with their version metadata). */
export function recordStructs(schema: Schema): Map<string, StructSchema> {
  const out = new Map<string, StructSchema>();
  const seen = new Set<unknown>();
  const walk = (s: Schema): void => {
    if (seen.has(s)) return;
    seen.add(s);
    const x = s as unknown as Record<string, unknown>;
    if (s.kind === 'records') out.set(s.struct.name, s.struct);
    else if (s.kind === 'lazy') walk(s.get());
    else if (s.kind === 'struct') for (const f of s.fields) walk(f.schema);
    else if (s.kind === 'union') for (const v of s.variants) for (const f of v.fields ?? []) walk(f.schema);
    // Any other container: walk the schemas it holds (item, key, value, items, base, generations).
    else for (const k of ['item', 'key', 'value', 'base']) if (typeof x[k] === 'object' && x[k] !== null) walk(x[k] as Schema);
    if (Array.isArray(x.items)) for (const i of x.items as Schema[]) walk(i);
    if (Array.isArray(x.generations)) for (const g of x.generations as { schema: Schema }[]) walk(g.schema);
  };
  walk(schema);
  return out;
}

/**
 * For a struct whose records evolve, one line part per layout up to data version `upTo`, e.g.
 * `; layouts by data version: v0 6 B/align 2 (converted), v1..2 8 B/align 4 (converted), v3 16 B/align 8 (a converted ...)`; '' otherwise.
 */
export function recordsHistory(s: StructSchema, upTo: number): string {
  const vs = recordVersions(s).filter((v) => v <= upTo);
  if (vs.length < 2) return '';
  const parts = vs.map((v, i) => {
    const l = packedLayout(s, v), last = i === vs.length - 1, end = last ? upTo : vs[i + 1]! - 1;
    return `v${v}${end > v ? `..${end}` : ''} ${l.size} B/align ${l.align}${evolves(s, v) ? ' (converted)' : ''}`;
  });
  const note = vs.some((v) => evolves(s, v)) ? ' (a converted layout goes to and from the in-memory one in one pass)' : ' (all the same bytes: no conversion)';
  return `; layouts by data version: ${parts.join(', ')}${note}`;
}
