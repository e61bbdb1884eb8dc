// The data version a state unit writes when it is not given one: the newest version its schema's
// metadata names (a field's `since`, the version after its `until` or after a `was` entry, the
// same for enum and union variants), anywhere in the schema. A schema without metadata is 0.

import type { FieldDef, Schema } from '../schema/types.ts';

/** The smallest data version at which every field and variant of `schema` stands as defined today. */
export function newestVersion(schema: Schema): number {
  let n = 0;
  const seen = new Set<Schema>();
  const bound = (since: number, until: number) => {
    n = Math.max(n, since);
    if (until !== Infinity) n = Math.max(n, until + 1);
  };
  const fields = (fs: readonly FieldDef[]) => {
    for (const f of fs) {
      bound(f.since, f.until);
      for (const w of f.was) { n = Math.max(n, w.until + 1); walk(w.type); }
      walk(f.schema);
    }
  };
  const walk = (s: Schema): void => {
    if (seen.has(s)) return;
    seen.add(s);
    switch (s.kind) {
      case 'struct': return fields(s.fields);
      case 'enum': for (const v of s.variants) bound(v.since, v.until); return;
      case 'union': for (const v of s.variants) { bound(v.since, v.until); if (v.fields) fields(v.fields); } return;
      case 'array': case 'vec': case 'option': return walk(s.item);
      case 'tuple': for (const i of s.items as readonly Schema[]) walk(i); return;
      case 'map': walk(s.key); return walk(s.value);
      case 'records': return walk(s.struct);
      case 'lazy': return walk(s.get());
      case 'custom': return walk(s.base);
      default: return;
    }
  };
  walk(schema);
  return n;
}
