// Short ASCII strings (2..16 bytes) through a small cache of recently decoded strings, as msgpackr
// does for map keys: the bytes are read as four 32-bit words (bytes past the string masked to
// zero), a hash of the words picks a slot, and when the slot holds the same words and byte length
// its string is returned without allocating. On a miss, one test of the words finds any non-ASCII
// byte (those go to the validating decoder, never cached), and an ASCII string is built with one
// fromCharCode call. Repeated short strings (item names, tags, enum-like text) then cost a few
// loads and compares. The hit path is kept small enough for V8 to inline it into the generated
// decoders (measured, bench W3: the entry checks moved to the caller and the miss moved out took
// a decode from 1.96 to 1.76 ms of CPU).
//
// The cache holds at most SLOTS strings of <= 16 characters (~0.3 MB): strings are immutable, so
// handing the same one out again is invisible to callers. Only ASCII strings are ever cached, and
// only once their bytes were seen twice.

import { knownAscii, readUtf8 } from './utf8.ts';

const SLOT_BITS = 12;
const SLOTS = 1 << SLOT_BITS;
/** Per slot: the four masked words of the cached string. */
const KEYS = new Int32Array(SLOTS * 4);
/** Per slot: the cached string ('' when empty: no lookup has length 0). */
const VALS: string[] = new Array<string>(SLOTS).fill('');
/** Per slot: the byte length of the cached string (0: none). */
const LENS = new Uint8Array(SLOTS);
/** Per slot: the byte length of the string whose words were remembered at a first sighting. */
const SEEN = new Uint8Array(SLOTS);
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
  return cachedShortUtf8(src, pos, len);
}

/**
 * {@link readShortUtf8} without its entry checks, for generated decoders that make them inline:
 * the caller guarantees SHORT_CACHED_MIN <= len <= SHORT_CACHED_MAX and pos + 16 <= src.buf.length.
 * Kept small so the hit path inlines; a miss is {@link remember}.
 */
export function cachedShortUtf8(src: ByteSource, pos: number, len: number): string | undefined {
  const view = src.view;
  const m = 4 * len;
  const w0 = view.getInt32(pos, true) & MASKS[m]!;
  const w1 = view.getInt32(pos + 4, true) & MASKS[m + 1]!;
  const w2 = view.getInt32(pos + 8, true) & MASKS[m + 2]!;
  const w3 = view.getInt32(pos + 12, true) & MASKS[m + 3]!;
  const h = Math.imul(w0 ^ Math.imul(w1, 0x9e3779b1) ^ Math.imul(w2, 0x85ebca77) ^ Math.imul(w3, 0xc2b2ae3d) ^ len, 0x27d4eb2f) >>> (32 - SLOT_BITS);
  const k = 4 * h;
  // Same words and byte length: the same bytes, whose valid string the slot holds.
  if (KEYS[k] === w0 && KEYS[k + 1] === w1 && KEYS[k + 2] === w2 && KEYS[k + 3] === w3 && LENS[h] === len) return VALS[h];
  return remember(src.buf, pos, len, h, w0, w1, w2, w3);
}

/** A cache miss: decodes `buf[pos, pos + len)` (undefined when not valid UTF-8), whose words hash to slot `h`. */
function remember(buf: Uint8Array, pos: number, len: number, h: number, w0: number, w1: number, w2: number, w3: number): string | undefined {
  const k = 4 * h;
  if (((w0 | w1 | w2 | w3) & 0x80808080) !== 0) return readUtf8(buf, pos, len);
  const t = knownAscii(buf, pos, len);
  if (KEYS[k] === w0 && KEYS[k + 1] === w1 && KEYS[k + 2] === w2 && KEYS[k + 3] === w3 && SEEN[h] === len) {
    // Seen once before (bytes remembered, string not kept): the second sighting caches it.
    VALS[h] = t;
    LENS[h] = len;
    return t;
  }
  // A first sighting remembers the bytes only: a string seen once (a name, an id) is neither kept
  // alive by the table nor stored into it (each such store is an old-to-new write).
  KEYS[k] = w0; KEYS[k + 1] = w1; KEYS[k + 2] = w2; KEYS[k + 3] = w3;
  SEEN[h] = len;
  LENS[h] = 0;
  VALS[h] = '';
  return t;
}
