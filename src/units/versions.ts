// The data versions a state unit's schema names: the newest one (the version a unit writes when
// it is not given one: the largest `since`, the version after an `until` or after a `was` entry,
// of any field or variant anywhere in the schema; 0 for a schema without metadata), and the first
// field or variant added after a given version (a forgotten version bump).

import type { FieldDef, Schema } from '../schema/types.ts';

/** Calls `see(path, since, until)` for every field and variant of `schema`. */
function eachBound(schema: Schema, see: (path: string, since: number, until: number) => void): void {
  const seen = new Set<Schema>();
  const fields = (fs: readonly FieldDef[], owner: string) => {
    for (const f of fs) {
      see(`${owner}.${f.name}`, f.since, f.until);
      for (const w of f.was) { see(`${owner}.${f.name}`, 0, w.until); walk(w.type); }
      walk(f.schema);
    }
  };
  const walk = (s: Schema): void => {
    if (seen.has(s)) return;
    seen.add(s);
    switch (s.kind) {
      case 'struct': return fields(s.fields, s.name);
      case 'enum': for (const v of s.variants) see(`${s.name}.${v.name}`, v.since, v.until); return;
      case 'union': for (const v of s.variants) { see(`${s.name}.${v.name}`, v.since, v.until); if (v.fields) fields(v.fields, `${s.name}.${v.name}`); } return;
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
}

/** The smallest data version at which every field and variant of `schema` stands as defined today. */
export function newestVersion(schema: Schema): number {
  let n = 0;
  eachBound(schema, (_, since, until) => {
    n = Math.max(n, since);
    if (until !== Infinity) n = Math.max(n, until + 1);
  });
  return n;
}

/** The first field or variant of `schema` added after data version `v` (its path and `since`), if any. */
export function addedAfter(schema: Schema, v: number): { path: string; since: number } | undefined {
  let found: { path: string; since: number } | undefined;
  eachBound(schema, (path, since) => { if (!found && since > v) found = { path, since }; });
  return found;
}
