// Payload compression: deflate (raw DEFLATE, RFC 1951) via fflate, inflated (inflate-stream.ts)
// into a buffer of at most the declared size, so a payload expanding past it is refused without
// inflating it all.

import { Deflate, deflateSync } from 'fflate';
import { SavepackError } from '../errors.ts';
import { InflateInto } from './inflate-stream.ts';

/** A deflate level, 1 (fastest) to 9 (smallest); 6 is the default. */
export type DeflateLevel = 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9;

/** The `compress` option of a codec: a method name, or deflate with a level. */
export type CompressOption = 'none' | 'deflate' | { method: 'deflate'; level?: DeflateLevel };

/** The level a plain `'deflate'` uses (the bytes `encode` has always written). */
export const DEFAULT_LEVEL: DeflateLevel = 6;

/** Checks a codec's `compress` option (INVALID_VALUE) and returns its method and level. */
export function parseCompress(c: unknown): { method: 'none' | 'deflate'; level: DeflateLevel } {
  if (c === undefined || c === 'none') return { method: 'none', level: DEFAULT_LEVEL };
  if (c === 'deflate') return { method: 'deflate', level: DEFAULT_LEVEL };
  if (typeof c === 'object' && c !== null && (c as { method?: unknown }).method === 'deflate') {
    const level = (c as { level?: unknown }).level ?? DEFAULT_LEVEL;
    if (typeof level === 'number' && Number.isInteger(level) && level >= 1 && level <= 9) return { method: 'deflate', level: level as DeflateLevel };
    throw new SavepackError('INVALID_VALUE', `codec: compress level must be an integer 1..9, got ${String(level)}`);
  }
  const shown = typeof c === 'object' && c !== null ? `{ method: ${String((c as { method?: unknown }).method)} }` : String(c);
  throw new SavepackError('INVALID_VALUE', `codec: compress must be 'none', 'deflate' or { method: 'deflate', level: 1..9 }, got ${shown}`);
}

/** Deflates `data` at `level` (default 6). */
export function deflate(data: Uint8Array, level: DeflateLevel = DEFAULT_LEVEL): Uint8Array {
  return deflateSync(data, { level });
}

/**
 * A streaming deflater at `level`: `push` returns the deflated bytes the chunk completed (often
 * none), `push(chunk, true)` the rest. The same pushes always give the same bytes.
 */
export function deflater(level: DeflateLevel): (chunk: Uint8Array, final: boolean) => Uint8Array[] {
  let out: Uint8Array[] = [];
  const d = new Deflate({ level }, (data) => { if (data.length) out.push(data); });
  return (chunk, final) => {
    out = [];
    d.push(chunk, final);
    return out;
  };
}

/**
 * Inflates `data`, which must expand to exactly `rawLength` bytes; stops as soon as it exceeds
 * it. The result is marked as savepack's own buffer (wire/owned.ts). The output grows as data
 * arrives (from 4x the stored size, doubling, capped at `rawLength`), so a header that merely
 * claims a large size costs nothing until the deflate stream really produces it.
 */
export function inflate(data: Uint8Array, rawLength: number): Uint8Array {
  const inf = new InflateInto(rawLength, { initial: Math.max(1 << 16, data.length * 4), whole: 1 });
  inf.push(data, true);
  return inf.finish();
}
