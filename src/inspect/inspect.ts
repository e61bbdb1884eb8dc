// inspect(bytes): a whole file read by its embedded schema alone, with the schema interpreter
// (no code is generated from file content: names and numbers from a file stay data).

import { SavepackError } from '../errors.ts';
import { decodeRoot } from '../codec/interpret/decode.ts';
import type { DecodeState } from '../codec/interpret/path.ts';
import type { Schema } from '../schema/types.ts';
import { leftOver, Reader } from '../wire/reader.ts';
import { rootName } from '../schema/root-name.ts';
import { cleanError, pathText } from '../codec/clean-error.ts';
import { readInspected, type InspectOptions } from './file.ts';
import { STORED_V } from '../codec/stored.ts';

/** What {@link inspect} returns: the header facts, the stored schema and the decoded value. */
export interface Inspection {
  /** Container format version (1). */
  formatVersion: number;
  /** The data version the file was written at. */
  dataVersion: number;
  /** The header's flag bits (bit 0 schema, bit 1 checksum, bits 2-3 compression). */
  flags: number;
  /** The stored schema (the file's schema section), printable with describeSchema or fingerprint. */
  schema: Schema;
  /** The value, read by `schema`: records as RecordArray, typed arrays as such, custom types as their base, unions tagged `kind`. */
  value: unknown;
}

/**
 * Reads any savepack file by its embedded schema alone, with every guarantee of decode on hostile
 * input (limits, allocation budget, map-key guard, only SavepackError). A file without a schema
 * section is NOT_SUPPORTED.
 */
export function inspect(bytes: Uint8Array | ArrayBuffer, options?: InspectOptions): Inspection {
  const f = readInspected(bytes, options);
  const st: DecodeState = { v: STORED_V, path: [] };
  let value: unknown, end: number;
  try {
    const root = rootName(f.schema);
    if (root) st.path.push(root);
    const r = Reader.over(f.buf, f.start, f.end, f.limits);
    value = decodeRoot(r, f.schema, st);
    end = r.pos;
  } catch (e) {
    throw cleanError(e, pathText(st.path));
  }
  if (end !== f.end) throw leftOver(f.end - end);
  const { formatVersion, dataVersion, flags } = f.facts;
  return { formatVersion, dataVersion, flags, schema: f.schema, value };
}
