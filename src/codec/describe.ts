// The debug description of a codec (the schema-tree check is layout/check.ts).

import { describeSchema } from '../schema/diff.ts';
import { generationNotes } from './generations.ts';
import { layout } from '../layout/packed.ts';
import { schemaAt } from '../schema/project.ts';
import type { Schema } from '../schema/types.ts';
import { kernelStatus } from '../wasm/index.ts';
import { recordChecks } from '../records/validate.ts';
import { recordStructs, recordsHistory } from '../records/history.ts';

/** One line per part of the stored schema at `v`, saying which path writes it. */
export function describeCodec(schema: Schema, v: number, compiled: boolean): string {
  const k = kernelStatus();
  const lines = [
    `codec at data version ${v}: ${compiled ? 'compiled (generated code)' : 'interpreted (schema walk)'}; kernels: ${k.wasm ? `WASM${k.simd ? ' SIMD' : ''}` : `JS (${k.reason ?? 'WASM off'})`}`,
  ];
  const seen = new Set<Schema>();
  const originals = recordStructs(schema);
  const walk = (s: Schema, path: string, indent: string): void => {
    while (s.kind === 'lazy') s = s.get();
    if (s.kind === 'records') {
      const l = layout(s.struct);
      const checks = recordChecks(s.struct).checks.length;
      const evolving = originals.get(s.struct.name); // records that evolve: every version's layout up to v
      lines.push(`${indent}${path}: records<${s.struct.name}> — packed bulk path, ${l.size} bytes/record, align ${l.align}, ${checks ? `${checks} validated field(s) per record` : 'no per-record validation'}${evolving ? recordsHistory(evolving, v) : ''}`);
      return;
    }
    if (s.kind === 'typed') { lines.push(`${indent}${path}: typed<${s.element}> — packed bulk copy`); return; }
    if (s.kind === 'bytes') { lines.push(`${indent}${path}: bytes — bulk copy`); return; }
    if (s.kind === 'fixed') { lines.push(`${indent}${path}: fixed<${s.length}> — bulk copy, no length prefix`); return; }
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
  for (const note of generationNotes(schema, v)) lines.push(`  ${note}`);
  return lines.join('\n');
}
