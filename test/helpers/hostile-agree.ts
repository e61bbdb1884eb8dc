// When a reader without the codec (inspect(), open(), the CLI) agrees with decode on a hostile
// corpus file: the same SavepackError code (and the manifest's path), except where decode's
// failure comes from the codec itself (its version and schema), from defaults the codec fills in
// for an older file, or from a file without a schema section. Used by test/inspect.test.ts and
// test/cli-hostile.test.ts.

import { SavepackError } from '../../src/index.ts';
import type { Entry } from '../hostile/kit.ts';
import { SCHEMAS } from '../hostile/schemas.ts';

/** What one read gave: a value, or an error with its code ('not a SavepackError: ...' otherwise). */
export type Outcome = { ok: true } | { ok: false; code: string; path: string; message: string; error: unknown };

/** Runs `f` and tells what it gave. */
export function outcome(f: () => unknown): Outcome {
  try {
    f();
    return { ok: true };
  } catch (error) {
    const sp = error instanceof SavepackError;
    return { ok: false, code: sp ? error.code : `not a SavepackError: ${String(error)}`, path: sp ? error.path : '', message: sp ? error.message : String(error), error };
  }
}

/** Codes of decode that come from comparing with a codec's own schema and version: inspect has neither. */
export const CODEC_ONLY: ReadonlySet<string> = new Set(['NEWER_VERSION', 'SCHEMA_MISMATCH']);

/** What is wrong with `got` (a codec-less read of entry `e`'s `bytes`) given decode's `want`; '' when they agree. */
export function disagreement(e: Entry, bytes: Uint8Array, want: Outcome, got: Outcome): string {
  const text = (o: Outcome) => (o.ok ? 'a value' : `${o.code} ${o.message.slice(0, 160)}`);
  if (!want.ok && CODEC_ONLY.has(want.code)) return ''; // a value or any SavepackError
  // The codec fills in defaults of fields an older file lacks; inspect reads the file as stored.
  const older = bytes.length >= 16 && new DataView(bytes.buffer, bytes.byteOffset).getUint32(12, true) < SCHEMAS[e.schema]!.version;
  if (!want.ok && want.code === 'LIMIT_EXCEEDED' && older) return got.ok || got.code === 'LIMIT_EXCEEDED' ? '' : `${text(got)}, decode gave LIMIT_EXCEEDED`;
  if (e.options.schemaHeader === false && (want.ok || want.code === 'LIMIT_EXCEEDED')) return !got.ok && got.code === 'NOT_SUPPORTED' ? '' : `${text(got)}, expected NOT_SUPPORTED (no schema section)`;
  if ('orError' in e.expect && (!want.ok || !got.ok)) return '';
  if (want.ok) {
    const orCode = 'orCode' in e.expect ? e.expect.orCode : undefined;
    return got.ok || got.code === orCode ? '' : `${text(got)}, decode gave a value`;
  }
  if (got.ok || got.code !== want.code) return `${text(got)}, decode gave ${text(want)}`;
  const x = e.expect;
  if ('code' in x && x.code === want.code && x.path !== undefined && got.path !== x.path) return `${got.code} at '${got.path}', the manifest says '${x.path}'`;
  return '';
}
