// readNewer (API.md section 12): a file whose data version is newer than the codec's is read by
// its embedded schema with the interpreter (no code generated from file content), then resolved
// by name into the codec's newest schema (resolve.ts) and checked like encode input.

import { SavepackError } from '../errors.ts';
import { decodeSchema } from '../schema/binary.ts';
import type { Schema } from '../schema/types.ts';
import { newestOf } from '../schema/generations.ts';
import { valueProblem } from '../layout/value-check.ts';
import { leftOver, Reader, type ResolvedLimits } from '../wire/reader.ts';
import { rootName } from '../schema/root-name.ts';
import type { ReadOptions } from '../format/container.ts';
import { decodeRoot } from './interpret/decode.ts';
import { cleanError, pathText } from './clean-error.ts';
import { checkPair, resolveValue } from './resolve.ts';
import { bytesEqual } from './schema-check.ts';
import { checkStored, STORED_V } from './stored.ts';

/** A newer file's section is resolved only up to this size... */
const SECTION_MIN = 64 * 1024;
/** ...or this many times the codec's own section, whichever is larger. */
const SECTION_RATIO = 16;

/** Reads the payload `buf[start, end)` of a newer file (data version `version`) whose schema section is `section`. */
export type NewerReader = (buf: Uint8Array, start: number, end: number, version: number, section: Uint8Array | undefined) => unknown;

/**
 * The newer-file reader of a codec of `schema` at current version `version` (its own section at
 * that version is `own`, for the size bound): the last resolved section is kept with its schema.
 */
export function newerReader(schema: Schema, version: number, own: () => Uint8Array, limits: ResolvedLimits): NewerReader {
  let last: { bytes: Uint8Array; stored: Schema } | undefined;
  const root = rootName(schema);
  // A t.versioned root is stored as its newest generation at the codec's version: a newer file holds that name.
  const newestRoot = schema.kind === 'versioned' ? rootName(newestOf(schema)) : root;
  const storedOf = (section: Uint8Array, v: number): Schema => {
    if (last && bytesEqual(last.bytes, section)) return last.stored;
    const bound = Math.max(SECTION_MIN, SECTION_RATIO * own().length);
    if (section.length > bound) throw new SavepackError('SCHEMA_MISMATCH', `a newer file (data version ${v}, readNewer): its schema section is ${section.length} bytes, too large to resolve (bound ${bound})`, root);
    const stored = decodeSchema(section);
    checkStored(stored);
    const fileRoot = rootName(stored);
    if (fileRoot !== root && fileRoot !== newestRoot) throw new SavepackError('SCHEMA_MISMATCH', `a newer file (data version ${v}, readNewer) holds ${JSON.stringify(pathText([fileRoot]))}, this codec reads ${JSON.stringify(root)}`, root);
    checkPair(stored, schema, version, root ? [root] : []);
    last = { bytes: section.slice(), stored };
    return stored;
  };
  return (buf, start, end, v, section) => {
    if (!section) throw new SavepackError('NEWER_VERSION', `file has data version ${v}, newer than this codec's version ${version}, and no embedded schema to resolve it by (readNewer needs the schema section)`);
    const stored = storedOf(section, v);
    const path: (string | number)[] = root ? [root] : [];
    const r = Reader.over(buf, start, end, limits);
    let x: unknown;
    try {
      x = decodeRoot(r, stored, { v: STORED_V, path });
    } catch (e) {
      throw cleanError(e, pathText(path));
    }
    if (r.pos !== end) throw leftOver(end - r.pos);
    const out = resolveValue(x, stored, schema, { v: version, source: v, r, path: root ? [root] : [] });
    // Checked like encode input; the checker's own nesting bound (256) is not the data's (limits.maxDepth), so that one report is not a misfit.
    const p = valueProblem(schema, out);
    if (p && !p.problem.startsWith('nests deeper')) throw new SavepackError('SCHEMA_MISMATCH', `a newer file (readNewer) resolves to a value this codec cannot hold: ${p.problem}`, root + p.path);
    return out;
  };
}

/**
 * `read` for one decode of a readNewer codec of current version `version`: the schema section of a
 * newer file is kept (for `section()`) instead of compared; older files are checked as before.
 */
export function captureNewer(read: ReadOptions, version: number): { read: ReadOptions; section: () => Uint8Array | undefined } {
  let kept: Uint8Array | undefined;
  const checkSchema: ReadOptions['checkSchema'] = (v, input, view, at, len) => {
    if (v > version) kept = input.subarray(at, at + len);
    else read.checkSchema(v, input, view, at, len);
  };
  return { read: { ...read, checkSchema }, section: () => kept };
}
