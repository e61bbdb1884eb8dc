// The input cursor: a Uint8Array + DataView over the payload, bounds checked in one place.
// Every declared length is checked against the bytes that remain before anything is allocated.

import { SavepackError } from '../errors.ts';
import { readUtf8 } from './utf8.ts';

/** Decode limits (API.md section 6). */
export interface Limits {
  /** Largest input, and largest decompressed payload, in bytes. Default 1 GiB. */
  maxBytes?: number;
  /** Deepest recursion through t.lazy, on load and on encode. Default 256. */
  maxDepth?: number;
  /** Largest single declared length (elements of a vec/map/typed/records, bytes of a string/bytes). Default: bounded by the bytes that remain. */
  maxLength?: number;
}

/** Limits with every default filled in. */
export interface ResolvedLimits { maxBytes: number; maxDepth: number; maxLength: number }

/** Fills in limit defaults and checks the values. */
export function resolveLimits(l: Limits | undefined): ResolvedLimits {
  const get = (k: keyof Limits, d: number) => {
    const v = l?.[k];
    if (v === undefined) return d;
    if (typeof v !== 'number' || !(v >= 0) || (!Number.isInteger(v) && v !== Infinity)) {
      throw new SavepackError('INVALID_VALUE', `limits.${k} must be an integer >= 0, got ${String(v)}`);
    }
    return v;
  };
  return { maxBytes: get('maxBytes', 1 << 30), maxDepth: get('maxDepth', 256), maxLength: get('maxLength', 0xffffffff) };
}

/** Zero-size elements (t.unit, empty structs) one decode may produce beyond one per input byte, all vectors together. */
export const ZERO_SIZE_ALLOWANCE = 65536;

/** Thrown for data errors inside compiled readers; the codec re-runs the interpreter for the path. */
export function dataError(code: 'TRUNCATED' | 'INVALID_DATA' | 'LIMIT_EXCEEDED', message: string): never {
  throw new SavepackError(code, message);
}

// The DataView of the last small input, reused when the same bytes are decoded again (making a
// DataView costs a good part of a small decode). It spans exactly the input, never the rest of
// its ArrayBuffer (a Node Buffer pool holds other data there), so it is keyed by all three.
const CACHE_MAX = 1 << 16;
let cachedBuffer: ArrayBufferLike | undefined;
let cachedOffset = 0;
let cachedLength = -1;
let cachedView: DataView | undefined;

/** A bounds-checked little-endian reader over `buf[pos..end)`. */
export class Reader {
  /** Offset alignment is measured from (the payload start). */
  base: number;
  depth = 0;
  /** Typed arrays and records may be views into the input instead of copies. */
  views = false;
  /** Zero-size elements this decode may still declare (they take no bytes, so bytes cannot bound them). */
  zeroLeft: number;

  private constructor(public buf: Uint8Array, public view: DataView, public pos: number, public end: number, public limits: ResolvedLimits) {
    this.base = pos;
    this.zeroLeft = ZERO_SIZE_ALLOWANCE + (end - pos);
  }

  /**
   * A reader over `bytes[start..end)` (`bytes` a plain Uint8Array); positions are offsets into
   * `bytes`, and the reader's `buf` and `view` span exactly `bytes`: it cannot address memory
   * before or after the input. A range outside `0..bytes.length` is refused before anything is read.
   */
  static over(bytes: Uint8Array, start: number, end: number, limits: ResolvedLimits): Reader {
    const len = bytes.length;
    if (!(Number.isSafeInteger(start) && Number.isSafeInteger(end) && start >= 0 && start <= end && end <= len)) {
      dataError('INVALID_DATA', `payload range ${start}..${end} lies outside the ${len}-byte input`);
    }
    const ab = bytes.buffer, off = bytes.byteOffset;
    let view: DataView;
    if (ab === cachedBuffer && off === cachedOffset && len === cachedLength) view = cachedView!;
    else {
      view = new DataView(ab, off, len);
      if (ab.byteLength <= CACHE_MAX) { cachedBuffer = ab; cachedOffset = off; cachedLength = len; cachedView = view; }
    }
    return new Reader(bytes, view, start, end, limits);
  }

  /** Fails with TRUNCATED unless `n` more bytes remain. */
  need(n: number): void {
    if (this.end - this.pos < n) this.truncated(n);
  }

  truncated(n: number): never {
    return dataError('TRUNCATED', `needs ${n} more bytes at payload offset ${this.pos - this.base}, only ${this.end - this.pos} remain`);
  }

  /** Reads an unsigned LEB128 varint (< 2^32, minimal encoding). */
  varint(): number {
    const b = this.buf, end = this.end;
    let p = this.pos;
    if (p < end) {
      const c = b[p]!;
      if (c < 0x80) { this.pos = p + 1; return c; }
    }
    let n = 0, shift = 0;
    for (let i = 0; i < 5; i++) {
      if (p >= end) this.truncated(1);
      const c = b[p++]!;
      n += (c & 0x7f) * 2 ** shift;
      if (c < 0x80) {
        if (c === 0 && i > 0) dataError('INVALID_DATA', 'overlong varint (non-minimal encoding)');
        if (n > 0xffffffff) dataError('INVALID_DATA', 'varint larger than 2^32-1');
        this.pos = p;
        return n;
      }
      shift += 7;
    }
    return dataError('INVALID_DATA', 'varint longer than 5 bytes');
  }

  /**
   * Reads a declared element count of items at least `minSize` bytes each, checked before
   * allocation. Zero-size items are charged `weight` each (the values one of them allocates)
   * against the decode's allowance instead.
   */
  count(minSize: number, weight = 1): number {
    const n = this.varint();
    if (n > this.limits.maxLength) dataError('LIMIT_EXCEEDED', `declared length ${n} exceeds limits.maxLength ${this.limits.maxLength}`);
    const room = this.end - this.pos;
    if (minSize === 0) {
      if (n * weight > this.zeroLeft) dataError('LIMIT_EXCEEDED', `declared ${n} zero-size elements; one decode may hold at most ${ZERO_SIZE_ALLOWANCE} + input-size values of them`);
      this.zeroLeft -= n * weight;
    } else if (n * minSize > room) {
      dataError('TRUNCATED', `declared length ${n} needs at least ${n * minSize} bytes, only ${room} remain`);
    }
    return n;
  }

  /** Reads a length-prefixed UTF-8 string. */
  string(): string {
    const c = this.pos < this.end ? this.buf[this.pos]! : 0x80;
    let n: number;
    if (c < 0x80 && c < this.end - this.pos && c <= this.limits.maxLength) { n = c; this.pos++; } else n = this.count(1);
    const s = readUtf8(this.buf, this.pos, n);
    if (s === undefined) dataError('INVALID_DATA', 'invalid UTF-8 in a string');
    this.pos += n;
    return s;
  }

  /** Skips zero padding until `pos - base` is a multiple of `align`; non-zero padding is INVALID_DATA. */
  align(align: number): void {
    const pad = (align - ((this.pos - this.base) % align)) % align;
    if (!pad) return;
    this.need(pad);
    for (let i = 0; i < pad; i++) if (this.buf[this.pos + i] !== 0) dataError('INVALID_DATA', 'non-zero alignment padding');
    this.pos += pad;
  }
}
