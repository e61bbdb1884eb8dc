// What both inflaters (compress.ts `inflate`, whole; inflate-stream.ts `InflateInto`, in pieces)
// need to stay inside a payload's declared size: deflate's expansion limit, the size of one push,
// and whether fflate's stream has ended (and how many bytes it was given past the end).

import type { Inflate } from 'fflate';

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
