// The schema-section check of decode: a file's section is compared byte for byte with the codec's
// own section for that data version; only when they differ is the file's section parsed, to
// describe the difference, and only when its size is within a bound set by the codec's own
// section, so a hostile section costs at most a small multiple of what the codec expects.

import { SavepackError } from '../errors.ts';
import { decodeSchema } from '../schema/binary.ts';
import { diffSchema } from '../schema/diff.ts';
import { printable } from '../schema/printable.ts';
import type { Schema } from '../schema/types.ts';

/** A differing schema section is parsed (to describe the difference) only up to this size... */
const DIFF_SECTION_MIN = 64 * 1024;
/** ...or this many times the codec's own section, whichever is larger. */
const DIFF_SECTION_RATIO = 16;

/** True when `a` and `b` hold the same bytes. */
export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * Checks the schema section `found` of a file of data version `v` against the codec's section
 * `want` (of its schema `expected()` at `v`); throws SCHEMA_MISMATCH, at `root`, describing the
 * difference. Never throws anything but a SavepackError.
 */
export function checkSchemaSection(found: Uint8Array, want: Uint8Array, expected: () => Schema, v: number, root: string): void {
  if (bytesEqual(found, want)) return;
  const head = `the file was written with another schema (data version ${v})`;
  const bound = Math.max(DIFF_SECTION_MIN, DIFF_SECTION_RATIO * want.length);
  if (found.length > bound) {
    throw new SavepackError('SCHEMA_MISMATCH', `${head}: its schema section is ${found.length} bytes, too large to describe ` +
      `(sections differing from this codec's ${want.length} bytes are described up to ${bound} bytes)`, root);
  }
  let diff: string;
  try {
    diff = diffSchema(decodeSchema(found), expected()) ?? 'the schema sections differ byte-wise';
  } catch (e) {
    if (e instanceof SavepackError) throw e;
    throw new SavepackError('SCHEMA_MISMATCH', `${head}; describing it failed: ${printable(String((e as Error)?.message ?? e))}`, root, { cause: e });
  }
  throw new SavepackError('SCHEMA_MISMATCH', `${head}:\n${diff}`, root);
}
