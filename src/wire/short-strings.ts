// Short ASCII strings (2..16 bytes) through a small cache of recently decoded strings, as msgpackr
// does for map keys: the bytes are read as four 32-bit words (bytes past the string masked to
// zero), one test finds any non-ASCII byte, a hash of the words picks a slot, and when the slot
// holds the same words and length its string is returned without allocating. Otherwise the string
// is built (one fromCharCode call) and replaces the slot. Repeated short strings (item names,
// tags, enum-like text) then cost a few loads and compares; a miss costs ~10 ns more than no cache.
//
// The cache holds at most SLOTS strings of <= 16 characters (~0.3 MB): strings are immutable, so
// handing the same one out again is invisible to callers.

import { readUtf8 } from './utf8.ts';

const SLOT_BITS = 12;
const SLOTS = 1 << SLOT_BITS;
/** Per slot: the four masked words of the cached string. */
const KEYS = new Int32Array(SLOTS * 4);
/** Per slot: the cached string ('' when empty: no lookup has length 0). */
const VALS: string[] = new Array<string>(SLOTS).fill('');
/** Per slot: the byte length of the remembered string (0: none). */
const LENS = new Uint8Array(SLOTS);
/** MASKS[4 * len + j]: the bits of word j that belong to a string of `len` bytes. */
const MASKS = new Int32Array(17 * 4);
for (let len = 0; len <= 16; len++) {
  for (let j = 0; j < 4; j++) {
    const keep = Math.max(0, Math.min(4, len - 4 * j));
    MASKS[4 * len + j] = keep === 4 ? -1 : (1 << (8 * keep)) - 1;
  }
}

/** Strings of at least this many bytes go through the cache... */
export const SHORT_CACHED_MIN = 2;
/** ...and at most this many... */
export const SHORT_CACHED_MAX = 16;
/** ...when the input is larger than this (V8 keeps typed arrays of <= 64 bytes on its heap; making their DataView would move the bytes off it, an allocation and a copy per new input). */
export const SHORT_CACHED_INPUT = 64;

/** Where the bytes are: the input and a DataView spanning exactly it (a Reader). */
export interface ByteSource {
  readonly buf: Uint8Array;
  readonly view: DataView;
}

/**
 * Decodes the `len` bytes of UTF-8 at `src.buf[pos..]` (the range lies inside it); undefined when
 * they are not valid UTF-8. Strings of 2..16 ASCII bytes come from the cache when it holds them;
 * everything else is {@link readUtf8}.
 */
export function readShortUtf8(src: ByteSource, pos: number, len: number): string | undefined {
  const buf = src.buf;
  // Four whole words must lie inside the input (bytes past the string are read, then masked).
  if (len < SHORT_CACHED_MIN || len > SHORT_CACHED_MAX || pos + 16 > buf.length || buf.length <= SHORT_CACHED_INPUT) return readUtf8(buf, pos, len);
  const view = src.view;
  const m = 4 * len;
  const w0 = view.getInt32(pos, true) & MASKS[m]!;
  const w1 = view.getInt32(pos + 4, true) & MASKS[m + 1]!;
  const w2 = view.getInt32(pos + 8, true) & MASKS[m + 2]!;
  const w3 = view.getInt32(pos + 12, true) & MASKS[m + 3]!;
  if (((w0 | w1 | w2 | w3) & 0x80808080) !== 0) return readUtf8(buf, pos, len);
  const h = Math.imul(w0 ^ Math.imul(w1, 0x9e3779b1) ^ Math.imul(w2, 0x85ebca77) ^ Math.imul(w3, 0xc2b2ae3d) ^ len, 0x27d4eb2f) >>> (32 - SLOT_BITS);
  const k = 4 * h;
  if (KEYS[k] === w0 && KEYS[k + 1] === w1 && KEYS[k + 2] === w2 && KEYS[k + 3] === w3) {
    // Same words: the same bytes up to the string's end; an ASCII string's length is its byte count.
    const s = VALS[h]!;
    if (s.length === len) return s;
    if (LENS[h] === len) {
      // Seen once before (bytes remembered, string not kept): the second sighting caches it.
      const t = readUtf8(buf, pos, len)!;
      VALS[h] = t;
      return t;
    }
  }
  // A first sighting remembers the bytes only: a string seen once (a name, an id) is neither kept
  // alive by the table nor stored into it (each such store is an old-to-new write).
  KEYS[k] = w0; KEYS[k + 1] = w1; KEYS[k + 2] = w2; KEYS[k + 3] = w3;
  LENS[h] = len;
  VALS[h] = '';
  return readUtf8(buf, pos, len)!;
}
