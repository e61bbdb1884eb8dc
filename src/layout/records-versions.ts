// Records that evolve (API.md 10): a t.records struct may carry version metadata — fields added
// (`since`), removed (`t.removed`), widened (`was` with a lossless type and no convert), renamed —
// and every data version stores its records in that version's own packed layout. Each version's
// packed eligibility is checked on its own (savefile decides packedness per version). Metadata that
// would need user code per record (hooks, convert/revert) or that has no packed meaning (ignore, a
// field ending without t.removed, enum variants with versions) is refused at definition.

import type { Schema, StructSchema } from '../schema/types.ts';
import { LATEST } from '../schema/versions.ts';
import { packedLayout } from './packed.ts';
import { perKey } from './memo.ts';

/** A reason a struct cannot be a t.records struct, with the part it is about. */
export interface RecordsProblem { readonly message: string; readonly path: string }

/** The data versions at which the stored layout of packed struct `s` (nested structs included) may change, ascending, 0 first (cached). */
export const recordVersions: (s: StructSchema) => readonly number[] = perKey((s: StructSchema) => {
  const out = new Set<number>([0]);
  const walk = (x: Schema, seen: Set<Schema>): void => {
    while (x.kind === 'lazy') x = x.get();
    if (x.kind === 'array') return walk(x.item, seen);
    if (x.kind !== 'struct' || seen.has(x)) return;
    seen.add(x);
    for (const f of x.fields) {
      out.add(f.since);
      if (f.until !== Infinity) out.add(f.until + 1);
      for (const w of f.was) { out.add(w.until + 1); walk(w.type, seen); }
      walk(f.schema, seen);
    }
  };
  walk(s, new Set());
  return Object.freeze([...out].filter((v) => v <= Number.MAX_SAFE_INTEGER).sort((a, b) => a - b));
});

/** Why `s` cannot be a t.records struct (metadata that needs per-record code, or a version whose layout is not packed), or undefined. */
export function recordsProblem(s: StructSchema): RecordsProblem | undefined {
  const meta = metadataProblem(s, new Set());
  if (meta) return meta;
  const versions = recordVersions(s);
  for (const v of versions.length > 1 ? [...versions, LATEST] : [LATEST]) {
    const l = packedLayout(s, v);
    const at = versions.length === 1 ? '' : v === LATEST ? 'its current layout' : `version ${v}`;
    if (!l.packed) return { message: `t.records needs a packed-eligible struct${at ? ` at every data version: ${at} is not` : ''}: ${l.reason}`, path: s.name };
    if (l.size === 0) return { message: `t.records needs a struct of non-zero size${at ? ` at every data version: ${at} has no stored field` : ''}`, path: s.name };
  }
  return undefined;
}

function metadataProblem(x: Schema, seen: Set<Schema>): RecordsProblem | undefined {
  while (x.kind === 'lazy') x = x.get();
  if (x.kind === 'array') return metadataProblem(x.item, seen);
  if (x.kind === 'enum') {
    return x.variants.some((v) => v.since !== 0 || v.until !== Infinity)
      ? { message: 'enums inside t.records records cannot have variants with since/until (the discriminants of its records are checked as one set); version the field that holds it instead', path: x.name }
      : undefined;
  }
  if (x.kind !== 'struct' || seen.has(x)) return undefined;
  seen.add(x);
  for (const f of x.fields) {
    const at = `${x.name}.${f.name}`;
    const no = (what: string): RecordsProblem => ({ message: `a t.records struct converts its records as bytes, without an object per record: ${what}`, path: at });
    if (f.ignore) return no('an ignored field has no place in a packed record');
    if (f.onSave || f.onLoad) return no('onSave/onLoad hooks run on objects; give the field a default instead');
    if (f.until !== Infinity && !f.removed) return no('a field that ends must be a t.removed field');
    for (const w of f.was) {
      if (w.convert || w.revert) return no(`a was entry with convert/revert would run per record; only lossless widening (and renames) can evolve a record's field`);
      const inner = metadataProblem(w.type, seen);
      if (inner) return inner;
    }
    const inner = metadataProblem(f.schema, seen);
    if (inner) return inner;
  }
  return undefined;
}
