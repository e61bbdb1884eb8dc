// Payload compression: deflate (raw DEFLATE, RFC 1951) via fflate, inflated into a buffer of the
// declared size so that a payload expanding past it is refused without inflating it all.

import { deflateSync, Inflate } from 'fflate';
import { SavepackError } from '../errors.ts';

/** Deflates `data` (level 6). */
export function deflate(data: Uint8Array): Uint8Array {
  return deflateSync(data, { level: 6 });
}

/**
 * Inflates `data`, which must expand to exactly `rawLength` bytes; stops as soon as it exceeds
 * it. The output grows as data arrives (capped at `rawLength`), so a header that merely claims a
 * large size costs nothing until the deflate stream really produces it.
 */
export function inflate(data: Uint8Array, rawLength: number): Uint8Array {
  let out = new Uint8Array(Math.min(rawLength, Math.max(1 << 16, data.length * 4)));
  let filled = 0;
  let ended = false;
  const inf = new Inflate((chunk, final) => {
    if (filled + chunk.length > rawLength) {
      throw new SavepackError('LIMIT_EXCEEDED', `compressed payload expands past its declared size ${rawLength}`);
    }
    if (filled + chunk.length > out.length) {
      const next = new Uint8Array(Math.min(rawLength, Math.max(out.length * 2, filled + chunk.length)));
      next.set(out.subarray(0, filled));
      out = next;
    }
    out.set(chunk, filled);
    filled += chunk.length;
    if (final) ended = true;
  });
  try {
    // Deflate expands at most ~1032:1, so feeding input in steps sized to the room left bounds
    // how far past the declared size one step can inflate before the check above stops it.
    let i = 0;
    do {
      const step = Math.min(1 << 16, Math.max(1 << 10, Math.floor((rawLength - filled) / 1032)));
      const end = Math.min(i + step, data.length);
      inf.push(data.subarray(i, end), end >= data.length);
      i = end;
    } while (i < data.length);
  } catch (e) {
    if (e instanceof SavepackError) throw e;
    throw new SavepackError('INVALID_DATA', `corrupt deflate payload: ${String((e as Error)?.message ?? e)}`);
  }
  if (!ended || filled !== rawLength) {
    throw new SavepackError('INVALID_DATA', `deflate payload expands to ${filled} bytes, header declares ${rawLength}`);
  }
  return out;
}
