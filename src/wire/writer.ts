// The output buffer: one growable Uint8Array + DataView, reused across encode calls of a codec.
// Little-endian fixed-width numbers, LEB128 lengths, UTF-8 strings, zero padding for alignment.

import { TAG_WIDTH, type TagSize } from '../kinds/table.ts';
import { freshBytes } from './fresh-bytes.ts';
import { writeUtf8 } from './utf8.ts';

/** Size of a LEB128 varint of `n` (n < 2^32). */
export function varintSize(n: number): number {
  return n < 0x80 ? 1 : n < 0x4000 ? 2 : n < 0x200000 ? 3 : n < 0x10000000 ? 4 : 5;
}

const MAX_SAFE_BIG = BigInt(Number.MAX_SAFE_INTEGER);
const LOW49 = (1n << 49n) - 1n;

/** Size of an unsigned LEB128 integer `n` (0 <= n, an integer; any size up to 2^64). */
export function uvarintSize(n: number): number {
  // Powers of 128 compare exactly even where `n` itself was rounded.
  let s = 1;
  while (n >= 128 && s < 10) { n /= 128; s++; }
  return s;
}

/** Size of a zigzag LEB128 integer `x` (a safe integer). */
export function zigzagSize(x: number): number {
  return uvarintSize(x >= 0 ? x * 2 : -x * 2 - 1);
}

/** Size of an unsigned LEB128 integer `v` (0..2^64-1). */
export function uvarint64Size(v: bigint): number {
  if (v <= MAX_SAFE_BIG) return uvarintSize(Number(v));
  return v < 1n << 56n ? 8 : v < 1n << 63n ? 9 : 10;
}

/** Size of a zigzag LEB128 integer `v` (-2^63..2^63-1). */
export function zigzag64Size(v: bigint): number {
  return uvarint64Size(v >= 0n ? v << 1n : ((-v) << 1n) - 1n);
}

const TYPED_LENGTH = Object.getOwnPropertyDescriptor(Object.getPrototypeOf(Uint8Array.prototype) as object, 'length')!.get!;

/** The real element count of a typed array, whatever its `length` property says (a subclass or own property may lie). */
export function realLength(a: ArrayBufferView): number {
  return Reflect.apply(TYPED_LENGTH, a, []) as number;
}

/** Length of `s` in UTF-8 as written (a lone surrogate counts 3 bytes, as U+FFFD). */
export function utf8Length(s: string): number {
  const n = s.length;
  let len = n;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) continue;
    if (c < 0x800) len += 1;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < n && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) { len += 2; i++; }
    else len += 2;
  }
  return len;
}

/** A growable little-endian byte writer with one cursor. */
export class Writer {
  /** The bytes written so far live in [origin, pos); replaced (not resized) when it grows. */
  buf: Uint8Array;
  /** A DataView over `buf`, for little-endian multi-byte numbers. */
  view: DataView;
  /** The cursor: offset in `buf` of the next byte written. */
  pos = 0;
  /** Offset alignment is measured from (the payload start). */
  base = 0;
  /** Start of the file being written; growth keeps only [origin, pos). */
  origin = 0;

  /**
   * A writer with a `size`-byte buffer to start (it grows on demand); `fresh`: a buffer from
   * {@link freshBytes}, not zeroed first, for an output every byte of which will be written.
   */
  constructor(size = 1 << 16, fresh = false) {
    this.buf = fresh ? freshBytes(size) : new Uint8Array(size);
    this.view = new DataView(this.buf.buffer);
  }

  /** Writes an enum/union discriminant `d` of width `size`. */
  tag(size: TagSize, d: number): void {
    this.reserve(4);
    if (size === 'u8') this.buf[this.pos] = d;
    else if (size === 'u16') this.view.setUint16(this.pos, d, true);
    else this.view.setUint32(this.pos, d, true);
    this.pos += TAG_WIDTH[size];
  }

  /** Makes room for `n` more bytes after `pos`. */
  reserve(n: number): void {
    if (this.pos + n > this.buf.length) this.grow(n);
  }

  /** Replaces the buffer with one holding [origin, pos) at 0 and room for `n` more bytes (at least doubling). */
  grow(n: number): void {
    const used = this.pos - this.origin;
    const size = Math.max(this.buf.length * 2, used + n + 1024);
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(this.origin, this.pos));
    this.pos -= this.origin;
    this.base -= this.origin;
    this.origin = 0;
    this.buf = next;
    this.view = new DataView(next.buffer);
  }

  /** Writes an unsigned LEB128 varint (n < 2^32). */
  varint(n: number): void {
    this.reserve(5);
    const b = this.buf;
    let p = this.pos;
    while (n >= 0x80) { b[p++] = (n & 0x7f) | 0x80; n >>>= 7; }
    b[p++] = n;
    this.pos = p;
  }

  /** Writes a length-prefixed UTF-8 string. */
  string(s: string): void {
    const n = s.length;
    if (n <= 42 && this.pos + 1 + n * 3 <= this.buf.length) {
      // 3 bytes per unit at most: the byte length fits a one-byte varint (< 128).
      this.reserve(1 + n * 3);
      const end = writeUtf8(this.buf, this.pos + 1, s);
      this.buf[this.pos] = end - this.pos - 1;
      this.pos = end;
      return;
    }
    let max = n * 3;
    // Near the end of the buffer, reserve the exact length: a buffer sized for the file is not grown.
    if (this.pos + varintSize(max) + max > this.buf.length) max = utf8Length(s);
    const head = varintSize(max);
    this.reserve(head + max);
    const start = this.pos + head;
    const len = writeUtf8(this.buf, start, s) - start;
    const need = varintSize(len);
    if (need !== head) this.buf.copyWithin(this.pos + need, start, start + len);
    // The length in place, without reserve(): room is reserved already (need <= head), and a
    // growth here would keep only [origin, pos) and drop the string's bytes just written.
    const b = this.buf;
    let p = this.pos, k = len;
    while (k >= 0x80) { b[p++] = (k & 0x7f) | 0x80; k >>>= 7; }
    b[p++] = k;
    this.pos = p + len;
  }

  /** Writes raw bytes. */
  bytes(b: Uint8Array): void {
    const n = realLength(b);
    this.reserve(n);
    this.buf.set(b, this.pos);
    this.pos += n;
  }

  /** Pads with zero bytes until `pos - base` is a multiple of `align`. */
  align(align: number): void {
    const pad = (align - ((this.pos - this.base) % align)) % align;
    if (pad) {
      this.reserve(pad);
      this.buf.fill(0, this.pos, this.pos + pad);
      this.pos += pad;
    }
  }

  /** Writes an unsigned LEB128 integer `n` (an integer 0..2^53-1, checked by the caller). */
  uvarint53(n: number): void {
    this.reserve(8);
    const b = this.buf;
    let p = this.pos;
    // Division while above 32 bits (no 32-bit operator may see such a value), shifts below.
    while (n > 0xffffffff) { b[p++] = (n % 128) | 0x80; n = Math.floor(n / 128); }
    while (n >= 0x80) { b[p++] = (n & 0x7f) | 0x80; n >>>= 7; }
    b[p++] = n;
    this.pos = p;
  }

  /** Writes a zigzag LEB128 integer `x` (a safe integer, checked by the caller). */
  varint53(x: number): void {
    // zigzag(x) = 2x or -2x-1, exact below 2^53; above it, the low byte and the rest (h >> 6) apart.
    if (x < 2 ** 52 && x > -(2 ** 52)) { this.uvarint53(x >= 0 ? x * 2 : -x * 2 - 1); return; }
    const neg = x < 0 ? 1 : 0, h = neg ? -x - 1 : x;
    this.reserve(8);
    this.buf[this.pos++] = ((h % 64) * 2 + neg) | 0x80;
    this.uvarint53(Math.floor(h / 64));
  }

  /** Writes an unsigned LEB128 integer `v` (0..2^64-1, checked by the caller). */
  uvarint64(v: bigint): void {
    if (v <= MAX_SAFE_BIG) { this.uvarint53(Number(v)); return; }
    // Above 2^53: the low 49 bits as 7 continued bytes, then the rest (at most 15 bits).
    this.reserve(10);
    const b = this.buf;
    let p = this.pos, lo = Number(v & LOW49);
    for (let i = 0; i < 7; i++) { b[p++] = (lo % 128) | 0x80; lo = Math.floor(lo / 128); }
    let hi = Number(v >> 49n);
    while (hi >= 0x80) { b[p++] = (hi & 0x7f) | 0x80; hi >>>= 7; }
    b[p++] = hi;
    this.pos = p;
  }

  /** Writes a zigzag LEB128 integer `v` (-2^63..2^63-1, checked by the caller). */
  varint64(v: bigint): void {
    this.uvarint64(v >= 0n ? v << 1n : ((-v) << 1n) - 1n);
  }
}
