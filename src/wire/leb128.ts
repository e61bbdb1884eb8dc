// Reads of the compact integers (t.uvarint, t.varint, t.uvarint64, t.varint64: FORMAT.md,
// "Payload"): minimal LEB128, zigzag for the signed kinds, range-checked. Reader's methods of the
// same names call these; they take any cursor of the Reader's shape (this module sits below it).

import { SavepackError } from '../errors.ts';

/** The part of a Reader these reads use. */
export interface Cursor {
  readonly buf: Uint8Array;
  pos: number;
  readonly end: number;
  /** Fails with TRUNCATED: `n` more bytes were needed. */
  truncated(n: number): never;
}

const invalid = (msg: string): never => { throw new SavepackError('INVALID_DATA', msg); };

/** Reads an unsigned LEB128 integer below 2^53: minimal, at most 8 bytes, else INVALID_DATA. */
export function readUvarint53(r: Cursor): number {
  const b = r.buf, end = r.end;
  let p = r.pos, n = 0, mul = 1;
  for (let i = 0; i < 8; i++) {
    if (p >= end) r.truncated(1);
    const c = b[p++]!;
    n += (c & 0x7f) * mul;
    if (c < 0x80) {
      if (c === 0 && i > 0) invalid('overlong uvarint (non-minimal encoding)');
      // Exact below 2^53; rounding above it never brings a larger value back under the bound.
      if (n > Number.MAX_SAFE_INTEGER) invalid('uvarint larger than 2^53-1');
      r.pos = p;
      return n;
    }
    mul *= 128;
  }
  return invalid('uvarint longer than 8 bytes');
}

/**
 * Reads a zigzag LEB128 integer of magnitude below 2^53. The zigzag value itself can pass 2^53,
 * so the sign bit is taken from the first byte and the rest (value >> 1) summed exactly.
 */
export function readVarint53(r: Cursor): number {
  const b = r.buf, end = r.end;
  let p = r.pos;
  if (p >= end) r.truncated(1);
  const c0 = b[p++]!, neg = c0 & 1;
  let h = (c0 & 0x7f) >>> 1, mul = 64;
  if (c0 >= 0x80) {
    for (let i = 1; ; i++) {
      if (i === 8) return invalid('varint longer than 8 bytes');
      if (p >= end) r.truncated(1);
      const c = b[p++]!;
      h += (c & 0x7f) * mul;
      if (c < 0x80) {
        if (c === 0) invalid('overlong varint (non-minimal encoding)');
        break;
      }
      mul *= 128;
    }
  }
  if (h > Number.MAX_SAFE_INTEGER - neg) invalid('varint outside ±(2^53-1)');
  r.pos = p;
  return neg ? -h - 1 : h;
}

/** Reads an unsigned LEB128 integer below 2^64: minimal, at most 10 bytes (the 10th holds 1 bit). */
export function readUvarint64(r: Cursor): bigint {
  const b = r.buf, end = r.end;
  let p = r.pos, n = 0, mul = 1;
  // The low 49 bits (7 bytes) as an exact number; the rest, at most 15 bits, apart.
  for (let i = 0; i < 7; i++) {
    if (p >= end) r.truncated(1);
    const c = b[p++]!;
    n += (c & 0x7f) * mul;
    if (c < 0x80) {
      if (c === 0 && i > 0) invalid('overlong uvarint64 (non-minimal encoding)');
      r.pos = p;
      return BigInt(n);
    }
    mul *= 128;
  }
  let hi = 0;
  mul = 1;
  for (let i = 7; i < 10; i++) {
    if (p >= end) r.truncated(1);
    const c = b[p++]!;
    hi += (c & 0x7f) * mul;
    if (c < 0x80) {
      if (c === 0) invalid('overlong uvarint64 (non-minimal encoding)');
      if (i === 9 && c > 1) invalid('uvarint64 larger than 2^64-1');
      r.pos = p;
      return BigInt(n) + (BigInt(hi) << 49n);
    }
    mul *= 128;
  }
  return invalid('uvarint64 longer than 10 bytes');
}

/** Reads a zigzag LEB128 integer in -2^63..2^63-1. */
export function readVarint64(r: Cursor): bigint {
  const u = readUvarint64(r);
  return (u >> 1n) ^ -(u & 1n);
}
