// What reading by a schema taken from a file needs beyond decodeSchema's own checks: every
// `records` struct is packed-eligible (else it has no record size). Stored schemas are read at
// one version, STORED_V: they carry no version metadata.

import { SavepackError } from '../errors.ts';
import { packedLayout } from '../layout/packed.ts';
import { printable } from '../schema/printable.ts';
import type { FieldDef, Schema } from '../schema/types.ts';

/** The data version the layout caches are asked at for a stored schema (every part of it exists at every version). */
export const STORED_V = 0;

/** Throws SCHEMA_MISMATCH when the stored schema `root` cannot be read by (a records struct that is not packed). */
export function checkStored(root: Schema): void {
  const seen = new Set<Schema>();
  const stack: Schema[] = [root];
  while (stack.length) {
    let s = stack.pop()!;
    if (s.kind === 'lazy') s = s.get();
    if (seen.has(s)) continue;
    seen.add(s);
    switch (s.kind) {
      case 'array': case 'vec': case 'option': stack.push(s.item); break;
      case 'tuple': for (const x of s.items as readonly Schema[]) stack.push(x); break;
      case 'map': stack.push(s.key, s.value); break;
      case 'custom': stack.push(s.base); break;
      case 'struct': fields(s.fields, s.name, stack); break;
      case 'union': for (const v of s.variants) fields(v.fields ?? [], s.name, stack); break;
      case 'records': {
        const l = packedLayout(s.struct, STORED_V);
        if (!l.packed) throw new SavepackError('SCHEMA_MISMATCH', `the file's embedded schema is unusable: records of ${printable(s.struct.name)}, which is not packed (${printable(l.reason ?? '')})`);
        stack.push(s.struct);
        break;
      }
    }
  }
}

/** Queues the types of `fs`; two fields of one name (which no writer makes) are SCHEMA_MISMATCH. */
function fields(fs: readonly FieldDef[], owner: string, stack: Schema[]): void {
  const names = new Set<string>();
  for (const f of fs) {
    if (names.has(f.name)) throw new SavepackError('SCHEMA_MISMATCH', `the file's embedded schema is unusable: ${printable(owner)} has two fields named ${JSON.stringify(printable(f.name))}`);
    names.add(f.name);
    stack.push(f.schema);
  }
}
