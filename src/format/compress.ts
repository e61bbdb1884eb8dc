// Payload compression: deflate (raw DEFLATE, RFC 1951) via fflate, inflated into a buffer of the
// declared size so that a payload expanding past it is refused without inflating it all.

import { Deflate, deflateSync, Inflate } from 'fflate';
import { SavepackError } from '../errors.ts';
import { ownBuffer } from '../wire/owned.ts';

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

/** Deflate cannot expand more than this (about 1032:1); a header declaring more is corrupt. */
export const MAX_DEFLATE_RATIO = 1032;

/**
 * Stored bytes to feed an inflater in one push when `left` output bytes are still allowed: sized
 * to the room left (deflate expands at most MAX_DEFLATE_RATIO:1), so one push can inflate only
 * so far past the declared size before the size check stops it.
 */
export function inflateStep(left: number): number {
  return Math.min(1 << 16, Math.max(1 << 10, Math.floor(left / MAX_DEFLATE_RATIO)));
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
 * it. The result is marked as savepack's own buffer (wire/owned.ts). The output grows as data arrives (capped at `rawLength`), so a header that merely claims a
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
  let i = 0;
  try {
    do {
      const end = Math.min(i + inflateStep(rawLength - filled), data.length);
      inf.push(data.subarray(i, end), end >= data.length);
      i = end;
      // Stop at once when the stream has ended early (fflate would keep and re-copy what follows).
    } while (i < data.length && trailingBytes(inf) < 0);
  } catch (e) {
    if (e instanceof SavepackError) throw e;
    throw new SavepackError('INVALID_DATA', `corrupt deflate payload: ${String((e as Error)?.message ?? e)}`);
  }
  const rest = trailingBytes(inf);
  if (rest > 0 || (rest === 0 && i < data.length)) {
    throw new SavepackError('INVALID_DATA', `${rest + data.length - i} bytes after the end of the deflate stream, inside the stored payload`);
  }
  if (!ended || rest < 0 || filled !== rawLength) {
    throw new SavepackError('INVALID_DATA', `deflate payload expands to ${filled} bytes, header declares ${rawLength}${rest < 0 ? ' (the stream does not end)' : ''}`);
  }
  // The output is savepack's alone (it fills its whole buffer): the decode may view into it.
  ownBuffer(out);
  return out;
}

/**
 * Bytes given to `inf` after the end of its deflate stream; -1 when the stream has not ended.
 * fflate has no public way to tell, so this reads its state (fflate 0.8): `p` holds the input not
 * yet consumed, `s.p` the bit offset into its first byte, `s.f` is set once the final block has
 * begun and `s.l` while a block is unfinished. Any other shape counts as "not ended" (fails
 * closed: every compressed load would fail, which the tests show at once).
 */
export function trailingBytes(inf: Inflate): number {
  const { p, s } = inf as unknown as { p?: unknown; s?: { p?: unknown; f?: unknown; l?: unknown } };
  if (!(p instanceof Uint8Array) || !s || typeof s.p !== 'number' || !s.f || s.l) return -1;
  return p.length - (s.p > 0 ? 1 : 0);
}
