// The input cursor: a Uint8Array + DataView over the payload, bounds checked in one place.
// Every declared length is checked against the bytes that remain before anything is allocated.

import { SavepackError } from '../errors.ts';
import { TAG_WIDTH, type TagSize } from '../kinds/table.ts';
import { readUvarint53, readUvarint64, readVarint53, readVarint64 } from './leb128.ts';
import { readShortUtf8 } from './short-strings.ts';

/**
 * Budget bytes each payload byte sets aside for strings, which are therefore never charged one by
 * one: a string of n UTF-8 bytes occupies at least n + 1 payload bytes and takes about 16 + 2n
 * bytes of heap (a 16-byte header, one or two bytes per character), at most
 * 16 × (n + 1); a string served from the short-string cache takes none.
 */
export const STRING_RESERVE = 16;

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

/**
 * Allocation budget per payload byte: one decode may allocate an estimated
 * `ALLOC_PER_BYTE × payload bytes + ALLOC_BASE` bytes of heap (src/layout/cost.ts has the
 * estimates), defaults and zero values included; past it, `LIMIT_EXCEEDED`. 512 is above the
 * costliest value one byte can hold (an empty `t.records` in a vector, ~360 bytes), so a file in
 * which every value takes at least one byte and no default is filled in never reaches it.
 * {@link STRING_RESERVE} of each byte's 512 is set aside for strings.
 */
export const ALLOC_PER_BYTE = 512;

/** Counts and string lengths below this read as one byte: a one-byte varint within `maxLength`. */
const oneByteBelow = (limits: ResolvedLimits): number => Math.min(0x80, limits.maxLength + 1);

/**
 * The budget's fixed part, for what no byte backs: zero-size items (`t.unit`, empty structs,
 * arrays of them) and the defaults and zero values of fields an older file lacks. 8 MiB holds
 * ~1 million units in vectors, ~130,000 empty structs, a 1-million-element default array or an
 * 8 MB typed-array default, while a hostile tiny file costs at most ~17 MB and ~10 ms (twice that
 * when a failing compiled decode is re-run by the interpreter to find the path).
 */
export const ALLOC_BASE = 8 << 20;

/** The INVALID_DATA error of a payload whose value ended `n` bytes before the payload did. */
export function leftOver(n: number): SavepackError {
  return new SavepackError('INVALID_DATA', `${n} bytes left over after the value`);
}

/** Thrown for data errors inside compiled readers; the codec re-runs the interpreter for the path. */
export function dataError(code: 'TRUNCATED' | 'INVALID_DATA' | 'LIMIT_EXCEEDED', message: string): never {
  throw new SavepackError(code, message);
}

// The DataView of the last small input, reused when the same Uint8Array is decoded again (making a
// DataView, and reading `.buffer` to make it, cost a good part of a small decode). It spans exactly
// the input, never the rest of its ArrayBuffer (a Node Buffer pool holds other data there). Keyed by
// the array itself and its length (a view of a resizable buffer may change length; its buffer and
// offset never change).
const CACHE_MAX = 1 << 16;
let cachedBytes: Uint8Array | undefined;
let cachedLength = -1;
let cachedView: DataView | undefined;

/**
 * A DataView spanning exactly `bytes` (a plain Uint8Array): the cached one when `bytes` is the
 * last small input seen again, else a new one (cached when its buffer is small).
 */
export function viewOf(bytes: Uint8Array): DataView {
  const len = bytes.length;
  if (bytes === cachedBytes && len === cachedLength) return cachedView!;
  const ab = bytes.buffer;
  const view = new DataView(ab, bytes.byteOffset, len);
  if (ab.byteLength <= CACHE_MAX) { cachedBytes = bytes; cachedLength = len; cachedView = view; }
  return view;
}

const EMPTY = new Uint8Array(0);

/** A bounds-checked little-endian reader over `buf[pos..end)`. */
export class Reader {
  /** Offset alignment is measured from (the payload start). */
  base: number;
  /** Current nesting depth through t.lazy, checked against limits.maxDepth. */
  depth = 0;
  /** Typed arrays, records, bytes and t.fixed values may be views into the input instead of copies. */
  views = false;
  /** Bytes of the budget not yet charged (strings are paid from their reserve, never from this). */
  allocLeft = 0;
  /** Counts and string lengths below this are read from one byte in place: min(128, limits.maxLength + 1). */
  short = 0x80;

  /** The DataView over `buf`, once made. */
  private dv: DataView | undefined;

  private constructor(public buf: Uint8Array, public pos: number, public end: number, public limits: ResolvedLimits) {
    this.base = pos;
    this.resetBudget();
  }

  /** This decode's allocation budget in bytes: ALLOC_PER_BYTE × payload bytes + ALLOC_BASE. */
  get budget(): number {
    return ALLOC_PER_BYTE * (this.end - this.base) + ALLOC_BASE;
  }

  /** What this decode may charge: its budget less the strings' reserve ({@link STRING_RESERVE} per payload byte). */
  get chargeable(): number {
    return (ALLOC_PER_BYTE - STRING_RESERVE) * (this.end - this.base) + ALLOC_BASE;
  }

  /** Starts the budget and the one-byte bound afresh for the current range and limits. */
  private resetBudget(): void {
    this.allocLeft = this.chargeable;
    this.short = oneByteBelow(this.limits);
  }

  /**
   * A reader over `bytes[start..end)` (`bytes` a plain Uint8Array); positions are offsets into
   * `bytes`, and the reader's `buf` and `view` span exactly `bytes`: it cannot address memory
   * before or after the input. A range outside `0..bytes.length` is refused before anything is read.
   * With `reuse` (a reader no decode is using any more, made with the same `limits`), that reader
   * is reset and returned instead of a new one: every field a decode reads is set afresh.
   */
  static over(bytes: Uint8Array, start: number, end: number, limits: ResolvedLimits, reuse?: Reader): Reader {
    const len = bytes.length;
    if (!(Number.isSafeInteger(start) && Number.isSafeInteger(end) && start >= 0 && start <= end && end <= len)) {
      dataError('INVALID_DATA', `payload range ${start}..${end} lies outside the ${len}-byte input`);
    }
    if (reuse === undefined) return new Reader(bytes, start, end, limits);
    reuse.buf = bytes; reuse.dv = undefined; reuse.pos = reuse.base = start; reuse.end = end; reuse.limits = limits;
    reuse.depth = 0; reuse.views = false;
    reuse.resetBudget();
    return reuse;
  }

  /**
   * Reuses this reader over all of `bytes` (a plain Uint8Array of `n` bytes) with the limits and
   * `views` it has: a new decode of a frame 'none' payload.
   */
  restart(bytes: Uint8Array, n: number): void {
    this.buf = bytes; this.dv = undefined; this.pos = this.base = 0; this.end = n; this.depth = 0;
    this.allocLeft = this.chargeable;
  }

  /** Drops the reader's references to its input (a reused reader must not keep a large input alive). */
  release(): void {
    this.buf = EMPTY; this.dv = undefined; this.pos = this.end = this.base = 0;
  }

  /**
   * A DataView spanning exactly `buf`, made on first use (a decode that reads no multi-byte
   * number makes none, and never touches `buf.buffer`, which a small on-heap array must
   * otherwise move off the heap to provide).
   */
  get view(): DataView {
    return this.dv ?? (this.dv = viewOf(this.buf));
  }

  /** Fails with TRUNCATED unless `n` more bytes remain. */
  need(n: number): void {
    if (this.end - this.pos < n) this.truncated(n);
  }

  /** Fails with TRUNCATED: `n` more bytes were needed at the current payload offset. */
  truncated(n: number): never {
    return dataError('TRUNCATED', `needs ${n} more bytes at payload offset ${this.pos - this.base}, only ${this.end - this.pos} remain`);
  }

  /** Reads an enum/union discriminant of width `size`. */
  tag(size: TagSize): number {
    const n = TAG_WIDTH[size];
    if (this.end - this.pos < n) this.truncated(n);
    const d = size === 'u8' ? this.buf[this.pos]! : size === 'u16' ? this.view.getUint16(this.pos, true) : this.view.getUint32(this.pos, true);
    this.pos += n;
    return d;
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

  /** Charges `bytes` (an estimate of what the decoder is about to allocate) against the budget. */
  charge(bytes: number): void {
    if ((this.allocLeft -= bytes) < 0) this.overBudget(`needs ~${bytes} more bytes of memory`);
  }

  /** Fails with LIMIT_EXCEEDED naming the budget. */
  overBudget(what: string): never {
    const left = Math.max(0, this.allocLeft);
    return dataError('LIMIT_EXCEEDED', `${what}, past this decode's allocation budget of ${this.budget} bytes (ALLOC_PER_BYTE ${ALLOC_PER_BYTE} × ${this.end - this.base} payload bytes + ALLOC_BASE ${ALLOC_BASE}, ${STRING_RESERVE} per byte of it kept for strings; ${left} left)`);
  }

  /**
   * Reads a declared element count of items at least `minSize` bytes each, checked against the
   * bytes that remain before allocation, and charges `base + count × itemCost` to the budget
   * (zero-size items are bounded by the budget alone).
   */
  count(minSize: number, itemCost: number, base: number): number {
    const n = this.varint();
    if (n > this.limits.maxLength) dataError('LIMIT_EXCEEDED', `declared length ${n} exceeds limits.maxLength ${this.limits.maxLength}`);
    const room = this.end - this.pos;
    if (n * minSize > room) dataError('TRUNCATED', `declared length ${n} needs at least ${n * minSize} bytes, only ${room} remain`);
    const cost = base + n * itemCost;
    if (cost > this.allocLeft) this.overBudget(`declared length ${n}${minSize === 0 ? ' of zero-size elements' : ''} needs ~${cost} bytes of memory`);
    this.allocLeft -= cost;
    return n;
  }

  /** Reads a length-prefixed UTF-8 string. */
  string(): string {
    const c = this.pos < this.end ? this.buf[this.pos]! : 0x80;
    let n: number;
    if (c < this.short && c < this.end - this.pos) { n = c; this.pos++; } else n = this.count(1, 0, 0);
    const s = readShortUtf8(this, this.pos, n);
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

  /** Reads an unsigned LEB128 integer below 2^53 (`t.uvarint`): minimal, at most 8 bytes, else INVALID_DATA. */
  uvarint53(): number { return readUvarint53(this); }

  /** Reads a zigzag LEB128 integer of magnitude below 2^53 (`t.varint`). */
  varint53(): number { return readVarint53(this); }

  /** Reads an unsigned LEB128 integer below 2^64 (`t.uvarint64`): minimal, at most 10 bytes (the 10th holds 1 bit). */
  uvarint64(): bigint { return readUvarint64(this); }

  /** Reads a zigzag LEB128 integer in -2^63..2^63-1 (`t.varint64`). */
  varint64(): bigint { return readVarint64(this); }
}
