// fingerprint: the stored shape of a schema at a data version as one line of text (fxfs
// TypeFingerprint). It is printed from the schema-section bytes of that version (encodeSchema of
// schemaAt, read back by decodeSchema), so it holds exactly what a file stores — names, kinds,
// discriminant sizes and values, lengths — and nothing that lives only in memory (defaults, hooks,
// `was` conversions, the union tag property, packed requests). The grammar is a compatibility
// promise (FORMAT.md, "Fingerprints"): the same shape prints the same text in every release.

import { SavepackError } from '../errors.ts';
import type { FieldDef, Schema } from './types.ts';
import { decodeSchema, encodeSchema } from './binary.ts';
import { schemaAt } from './project.ts';
import { LATEST } from './versions.ts';

/** A name printed bare when it is a plain dotted identifier, else as a JSON string. */
const BARE = /^[A-Za-z_$][A-Za-z0-9_$.]*$/;
const name = (s: string): string => (BARE.test(s) ? s : JSON.stringify(s));

/**
 * The fingerprint of `schema` as stored at data version `version` (default: the newest shape).
 * Two schemas have the same fingerprint exactly when they write the same schema section.
 */
export function fingerprint(schema: Schema, version: number = LATEST): string {
  if (!Number.isSafeInteger(version) || version < 0) throw new SavepackError('INVALID_VALUE', `fingerprint: version must be an integer >= 0, got ${String(version)}`);
  return fingerprintOfSection(encodeSchema(schemaAt(schema, version)));
}

/** The fingerprint of schema-section bytes (as a file or a lock file holds them). */
export function fingerprintOfSection(section: Uint8Array): string {
  return printStored(decodeSchema(section));
}

/** Prints a stored (decoded) schema; a reference to an enclosing struct/union prints as `@k`. */
function printStored(root: Schema): string {
  const open: Schema[] = [];
  const fields = (fs: readonly FieldDef[]): string => `{${fs.map((f) => `${name(f.name)}:${walk(f.schema)}`).join(',')}}`;
  const walk = (s: Schema): string => {
    switch (s.kind) {
      case 'lazy': {
        const target = s.get();
        return `@${open.length - 1 - open.lastIndexOf(target)}`;
      }
      case 'fixed': return `fixed<${s.length}>`;
      case 'array': return `array<${walk(s.item)},${s.length}>`;
      case 'vec': case 'option': return `${s.kind}<${walk(s.item)}>`;
      case 'tuple': return `tuple<${s.items.map(walk).join(',')}>`;
      case 'map': return `map<${walk(s.key)},${walk(s.value)}>`;
      case 'typed': return `typed<${s.element}>`;
      case 'records': return `records<${walk(s.struct)}>`;
      case 'custom': return `custom ${name(s.name)}<${walk(s.base)}>`;
      case 'enum': return `enum ${name(s.name)}:${s.size}{${s.variants.map((v) => `${name(v.name)}=${v.value}`).join(',')}}`;
      case 'struct': {
        open.push(s);
        const text = `struct ${name(s.name)}${fields(s.fields)}`;
        open.pop();
        return text;
      }
      case 'union': {
        open.push(s);
        const vs = s.variants.map((v) => `${name(v.name)}=${v.value}${v.fields ? fields(v.fields) : ''}`);
        open.pop();
        return `union ${name(s.name)}:${s.size}{${vs.join(',')}}`;
      }
      default: return s.kind;
    }
  };
  return walk(root);
}
