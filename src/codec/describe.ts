// Codec-time checks of a whole schema tree, and the debug description of a codec.

import { SavepackError } from '../errors.ts';
import { encodeSchema } from '../schema/binary.ts';
import { describeSchema } from '../schema/diff.ts';
import { layout } from '../layout/packed.ts';
import { schemaAt } from '../schema/project.ts';
import type { FieldDef, Schema } from '../schema/types.ts';
import { LATEST } from '../schema/versions.ts';
import { kernelStatus } from '../wasm/index.ts';
import { recordChecks } from '../records/validate.ts';

/** Resolves every t.lazy and checks that no two different types share a name (INVALID_SCHEMA). */
export function checkSchemaTree(root: Schema): void {
  const byName = new Map<string, Schema>();
  const seen = new Set<Schema>();
  const walk = (s: Schema): void => {
    if (seen.has(s)) return;
    seen.add(s);
    switch (s.kind) {
      case 'lazy': return walk(s.get());
      case 'array': case 'vec': case 'option': return walk(s.item);
      case 'tuple': return s.items.forEach(walk);
      case 'map': walk(s.key); return walk(s.value);
      case 'records': return walk(s.struct);
      case 'custom': return walk(s.base);
      case 'struct': case 'enum': case 'union': {
        const other = byName.get(s.name);
        if (other && other !== s) {
          // The same stored shape at every version where either one changes, not only the newest.
          const versions = new Set([...changeVersions(other), ...changeVersions(s)]);
          const same = [...versions].every((v) => bytesEqual(encodeSchema(schemaAt(other, v)), encodeSchema(schemaAt(s, v))));
          if (!same) throw new SavepackError('INVALID_SCHEMA', `two different types are named '${s.name}'; names identify types in the stored schema`, s.name);
        }
        byName.set(s.name, s);
        if (s.kind === 'struct') for (const f of s.fields) { walk(f.schema); for (const w of f.was) walk(w.type); }
        if (s.kind === 'union') for (const v of s.variants) for (const f of v.fields ?? []) { walk(f.schema); for (const w of f.was) walk(w.type); }
        return;
      }
      default: return;
    }
  };
  walk(root);
}

/** The data versions at which a named type's own fields or variants change (plus the newest). */
function changeVersions(s: Schema): number[] {
  const out = [0, LATEST];
  const range = (since: number, until: number) => { out.push(since); if (until !== Infinity) out.push(until + 1); };
  const fields = (fs: readonly FieldDef[]) => { for (const f of fs) { range(f.since, f.until); for (const w of f.was) out.push(w.until + 1); } };
  if (s.kind === 'struct') fields(s.fields);
  if (s.kind === 'union') for (const x of s.variants) { range(x.since, x.until); fields(x.fields ?? []); }
  if (s.kind === 'enum') for (const x of s.variants) range(x.since, x.until);
  return out;
}

function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** One line per part of the stored schema at `v`, saying which path writes it. */
export function describeCodec(schema: Schema, v: number, compiled: boolean): string {
  const k = kernelStatus();
  const lines = [
    `codec at data version ${v}: ${compiled ? 'compiled (generated code)' : 'interpreted (schema walk)'}; kernels: ${k.wasm ? `WASM${k.simd ? ' SIMD' : ''}` : `JS (${k.reason ?? 'WASM off'})`}`,
  ];
  const seen = new Set<Schema>();
  const walk = (s: Schema, path: string, indent: string): void => {
    while (s.kind === 'lazy') s = s.get();
    if (s.kind === 'records') {
      const l = layout(s.struct);
      const checks = recordChecks(s.struct).checks.length;
      lines.push(`${indent}${path}: records<${s.struct.name}> — packed bulk path, ${l.size} bytes/record, align ${l.align}, ${checks ? `${checks} validated field(s) per record` : 'no per-record validation'}`);
      return;
    }
    if (s.kind === 'typed') { lines.push(`${indent}${path}: typed<${s.element}> — packed bulk copy`); return; }
    if (s.kind === 'bytes') { lines.push(`${indent}${path}: bytes — bulk copy`); return; }
    if (s.kind === 'struct' || s.kind === 'union') {
      if (seen.has(s)) { lines.push(`${indent}${path}: ${describeSchema(s)} (recursive)`); return; }
      seen.add(s);
      const l = s.kind === 'struct' ? layout(s) : { packed: false };
      lines.push(`${indent}${path}: ${describeSchema(s)} — field walk${l.packed ? ' (packed-eligible: t.records of it would use the bulk path)' : ''}`);
      const fields = s.kind === 'struct' ? s.fields : s.variants.flatMap((x) => x.fields ?? []);
      for (const f of fields) walk(f.schema, `.${f.name}`, indent + '  ');
      return;
    }
    if (s.kind === 'vec' || s.kind === 'option' || s.kind === 'array') { walk(s.item, `${path}[]`, indent); return; }
    if (s.kind === 'map') { walk(s.value, `${path}{}`, indent); return; }
  };
  walk(schemaAt(schema, v), '(root)', '  ');
  return lines.join('\n');
}
