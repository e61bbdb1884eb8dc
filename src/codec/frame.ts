// The two frames a codec writes (API.md section 9): 'file', the container of FORMAT.md (default),
// and 'none', the payload alone. Here: checking the options that choose and go with a frame.

import { SavepackError } from '../errors.ts';

/** How a codec frames its payload: the FORMAT.md container ('file') or nothing ('none'). */
export type Frame = 'file' | 'none';

/** A short, safe rendering of an option value for a message. */
const show = (x: unknown): string => (typeof x === 'string' ? JSON.stringify(x.slice(0, 40)) : typeof x === 'number' || typeof x === 'boolean' || x == null ? String(x) : typeof x);

/** The options {@link checkFrame} looks at (a subset of CodecOptions). */
interface FrameOptions {
  frame?: unknown;
  checksum?: unknown;
  compress?: unknown;
  schemaHeader?: unknown;
  requireChecksum?: unknown;
}

/**
 * Checks `opts.frame` and, for `frame: 'none'`, that no option asks for what only a file has
 * (a checksum, compression, an embedded schema, a required checksum): INVALID_VALUE. Options
 * that ask for their absence (`checksum: false`, `compress: 'none'`, `schemaHeader: false`,
 * `requireChecksum: false`) are accepted. Returns the frame.
 */
export function checkFrame(opts: FrameOptions): Frame {
  const f = opts.frame;
  if (f === undefined || f === 'file') return 'file';
  if (f !== 'none') throw new SavepackError('INVALID_VALUE', `codec: frame must be 'file' or 'none', got ${show(f)}`);
  const clash = (what: string): never => {
    throw new SavepackError('INVALID_VALUE', `codec: ${what} needs the file frame; frame 'none' writes the payload alone (no header, schema, checksum or compression)`);
  };
  if (opts.checksum === true) clash('checksum: true');
  if (opts.compress !== undefined && opts.compress !== 'none') clash(`compress: ${show(opts.compress)}`);
  if (opts.schemaHeader === true) clash('schemaHeader: true');
  if (opts.requireChecksum === true) clash('requireChecksum: true');
  return 'none';
}

/**
 * The data version a `frame: 'none'` decode reads: `requested` (from `decode`'s options) or the
 * codec's `current`. Not an integer >= 0: INVALID_VALUE; newer than `current`: NEWER_VERSION (as
 * for a file of a newer data version).
 */
export function bareVersion(requested: unknown, current: number): number {
  if (requested === undefined) return current;
  if (typeof requested !== 'number' || !Number.isInteger(requested) || requested < 0) {
    throw new SavepackError('INVALID_VALUE', `decode: version must be an integer >= 0, got ${String(requested)}`);
  }
  if (requested > current) throw new SavepackError('NEWER_VERSION', `decode: data version ${requested} is newer than this codec's version ${current}`);
  return requested;
}
