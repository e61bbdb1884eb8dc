// The lock file the CLI writes (savepack.lock.json): for each exported codec, every data version's
// fingerprint and schema section (hex). Reading one is strict: anything else is a SavepackError.

import { SavepackError } from '../errors.ts';
import type { Codec } from '../codec/api.ts';
import { lock, sectionHex } from '../codec/lock.ts';

/** The lock file's format marker and version. */
export const LOCK_FORMAT = 'savepack-lock/1';

/** One codec's locked versions: version → fingerprint and schema section (hex). */
export type CodecLock = Record<string, { fingerprint: string; schema: string }>;

/** A lock file: its format marker, then one entry per exported codec name. */
export interface LockFile {
  /** Always {@link LOCK_FORMAT}. */
  format: string;
  /** Locked versions per codec (by export name). */
  codecs: Record<string, CodecLock>;
}

/** The lock entries of every version 0..N of `codec`. */
export function codecLock(codec: Codec<any>): CodecLock {
  const out: CodecLock = {};
  for (const [v, fingerprint] of Object.entries(lock(codec))) out[v] = { fingerprint, schema: sectionHex(codec, Number(v)) };
  return out;
}

/** Parses lock-file text; a file of another shape is `INVALID_VALUE`. */
export function parseLockFile(text: string, path: string): LockFile {
  const bad = (why: string): never => { throw new SavepackError('INVALID_VALUE', `${path} is not a savepack lock file: ${why}`); };
  let data: unknown;
  try { data = JSON.parse(text); } catch (e) { return bad((e as Error).message); }
  if (!data || typeof data !== 'object') return bad('not a JSON object');
  const d = data as { format?: unknown; codecs?: unknown };
  if (d.format !== LOCK_FORMAT) return bad(`format is ${JSON.stringify(d.format)}, ${JSON.stringify(LOCK_FORMAT)} expected`);
  if (!d.codecs || typeof d.codecs !== 'object' || Array.isArray(d.codecs)) return bad('no "codecs" object');
  const codecs: Record<string, CodecLock> = {};
  for (const [name, entries] of Object.entries(d.codecs as Record<string, unknown>)) {
    if (!entries || typeof entries !== 'object' || Array.isArray(entries)) return bad(`codec ${JSON.stringify(name)} is not an object`);
    const one: CodecLock = {};
    for (const [v, e] of Object.entries(entries as Record<string, unknown>)) {
      const x = e as { fingerprint?: unknown; schema?: unknown } | null;
      if (!x || typeof x.fingerprint !== 'string' || typeof x.schema !== 'string') return bad(`codec ${JSON.stringify(name)} version ${JSON.stringify(v)} needs "fingerprint" and "schema" strings`);
      one[v] = { fingerprint: x.fingerprint, schema: x.schema };
    }
    codecs[name] = one;
  }
  return { format: LOCK_FORMAT, codecs };
}

/** Lock-file text: stable key order (codec names sorted, versions ascending), two-space JSON. */
export function formatLockFile(file: LockFile): string {
  const codecs: Record<string, CodecLock> = {};
  for (const name of Object.keys(file.codecs).sort()) codecs[name] = file.codecs[name]!;
  return `${JSON.stringify({ format: LOCK_FORMAT, codecs }, null, 2)}\n`;
}
