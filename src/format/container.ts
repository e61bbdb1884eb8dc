// The container: header, schema section, 8-aligned payload, XXH64 trailer (FORMAT.md). It knows
// nothing of schemas' internals: the codec hands it schema bytes and a payload writer/checker.

import { fail, SavepackError } from '../errors.ts';
import type { Writer } from '../wire/writer.ts';
import { xxh64, xxh64Check } from '../wasm/index.ts';
import { viewOf } from '../wire/reader.ts';
import { deflate, inflate, type DeflateLevel } from './compress.ts';
import { align8, CHECKSUM_SIZE, COMPRESSION, COMPRESSION_SHIFT, FLAG_CHECKSUM, FLAG_SCHEMA, FORMAT_VERSION, HEADER_AT, HEADER_SIZE, MAGIC, writeHeader } from './header.ts';
import { checkFormatVersion, checkHeader, checkMagic, checkPayloadLengths, type ReadOptions } from './header-check.ts';

export type { ReadOptions } from './header-check.ts';

/** How a file is written. */
export interface WriteOptions {
  checksum: boolean;
  compress: 'none' | 'deflate';
  /** Deflate level (default 6). */
  level?: DeflateLevel;
  /** Schema-section bytes, or null to write none. */
  schema: Uint8Array | null;
}

/** Bytes of a file around a payload of `payload` bytes: header, schema section, padding, trailer. */
export function fileOverhead(o: WriteOptions): number {
  return align8(HEADER_SIZE + (o.schema ? o.schema.length : 0)) + (o.checksum ? CHECKSUM_SIZE : 0);
}

/** The bytes before the payload for data version `version` (payload lengths still zero): written once per codec and version. */
export function fileHead(version: number, o: WriteOptions): Uint8Array {
  const schemaLen = o.schema ? o.schema.length : 0;
  const head = new Uint8Array(align8(HEADER_SIZE + schemaLen));
  const flags = (o.schema ? FLAG_SCHEMA : 0) | (o.checksum ? FLAG_CHECKSUM : 0) | (COMPRESSION[o.compress] << COMPRESSION_SHIFT);
  writeHeader(new DataView(head.buffer), { formatVersion: FORMAT_VERSION, flags, dataVersion: version, schemaLength: schemaLen, payloadLength: 0, rawLength: 0 });
  if (o.schema) head.set(o.schema, HEADER_SIZE);
  return head;
}

/**
 * Writes a whole file (`head` from {@link fileHead}, then the payload written by `payload`,
 * then the trailer) into `w` from `w.pos` on. On return the file is `w.buf[w.origin, w.pos)`
 * (the buffer may have been replaced while writing); the caller copies it out or hands out the
 * buffer itself when the file fills it exactly.
 */
export function writeFile<V>(w: Writer, head: Uint8Array, o: WriteOptions, payload: (w: Writer, value: V) => void, value: V): void {
  const at = w.pos;
  w.origin = at;
  w.reserve(head.length);
  const buf = w.buf;
  if (head.length <= 64) for (let i = 0; i < head.length; i++) buf[at + i] = head[i]!;
  else buf.set(head, at);
  w.pos = w.base = at + head.length;
  payload(w, value);
  // The buffer may have been replaced while writing (growth keeps [origin, pos) at a new origin).
  const origin = w.origin;
  const start = origin + head.length;
  const raw = w.pos - start;
  if (raw > 0xffffffff) throw new SavepackError('NOT_SUPPORTED', `payload of ${raw} bytes exceeds the format's 4 GiB limit`);
  let stored = raw;
  if (o.compress === 'deflate') {
    const z = deflate(w.buf.subarray(start, w.pos), o.level);
    w.pos = start;
    w.bytes(z);
    stored = z.length;
  }
  const view = w.view;
  view.setUint32(origin + HEADER_AT.payloadLength, stored, true);
  view.setUint32(origin + HEADER_AT.rawLength, raw, true);
  if (o.checksum) {
    const h = xxh64(w.buf.subarray(origin, w.pos));
    w.reserve(CHECKSUM_SIZE);
    w.view.setBigUint64(w.pos, h, true);
    w.pos += CHECKSUM_SIZE;
  }
}

/** Initial size of a codec's reused scratch buffer (replaced when it grows past this). */
export const SCRATCH_SIZE = 1 << 16;

/** A checked file, ready for its payload to be decoded. */
export interface OpenedFile {
  version: number;
  /** The bytes holding the payload (the input itself, or the inflated copy). */
  buf: Uint8Array;
  start: number;
  end: number;
}

// The engine's own accessors: a subclass or a Proxy cannot make these lie, and they throw (a
// TypeError, turned into INVALID_DATA below) on anything that is not really a view or a buffer.
const getter = (o: object, k: string) => Object.getOwnPropertyDescriptor(o, k)!.get! as (this: unknown) => unknown;
const TYPED = Object.getPrototypeOf(Uint8Array.prototype) as object;
const TA = { buffer: getter(TYPED, 'buffer'), offset: getter(TYPED, 'byteOffset'), length: getter(TYPED, 'byteLength') };
const DV = { buffer: getter(DataView.prototype, 'buffer'), offset: getter(DataView.prototype, 'byteOffset'), length: getter(DataView.prototype, 'byteLength') };
const BUFFER_LENGTH = [getter(ArrayBuffer.prototype, 'byteLength'), ...(typeof SharedArrayBuffer === 'function' ? [getter(SharedArrayBuffer.prototype, 'byteLength')] : [])];

/** The byte length of `x` when it is a real ArrayBuffer or SharedArrayBuffer, else undefined. */
function bufferLength(x: unknown): number | undefined {
  for (const len of BUFFER_LENGTH) {
    try { return len.call(x) as number; } catch { /* not this kind of buffer */ }
  }
  return undefined;
}

/** A plain Uint8Array over exactly the bytes of a typed array or DataView (of any class). */
function viewBytes(v: ArrayBufferView): Uint8Array {
  let k = TA;
  try { TA.length.call(v); } catch { k = DV; }
  return new Uint8Array(k.buffer.call(v) as ArrayBuffer, k.offset.call(v) as number, k.length.call(v) as number);
}

/**
 * Normalises decode input to a plain Uint8Array over exactly the input's bytes: a Uint8Array as
 * is; a Buffer, another typed array, a DataView (any subclass) or an (Shared)ArrayBuffer as a new
 * fixed-length view. Anything else (a Proxy, a detached buffer, other objects) is INVALID_DATA.
 */
export function asBytes(input: unknown): Uint8Array {
  // The common case first: a plain, non-empty Uint8Array (isView is false for a Proxy, so the
  // prototype read runs no user code).
  if (ArrayBuffer.isView(input) && Object.getPrototypeOf(input) === U8 && (input as Uint8Array).length !== 0) return input as Uint8Array;
  return otherBytes(input);
}

const U8 = Uint8Array.prototype;

/** {@link asBytes} for anything but a plain non-empty Uint8Array. */
function otherBytes(input: unknown): Uint8Array {
  let detail = '';
  try {
    if (ArrayBuffer.isView(input)) {
      const bytes = Object.getPrototypeOf(input) === Uint8Array.prototype ? input as Uint8Array : viewBytes(input);
      // An empty view may be one whose buffer was detached (transferred): say so, not TRUNCATED.
      if (bytes.length === 0) new DataView(bytes.buffer, 0, 0);
      return bytes;
    }
    const n = bufferLength(input);
    if (n !== undefined) return new Uint8Array(input as ArrayBuffer, 0, n);
  } catch (e) {
    detail = ` (${e instanceof Error ? e.message : 'unreadable'}; a detached ArrayBuffer?)`;
  }
  return fail('INVALID_DATA', `decode needs a Uint8Array, Buffer or ArrayBuffer, got ${input === null ? 'null' : typeof input}${detail || (typeof input === 'object' ? ' that is none of them (a Proxy?)' : '')}`);
}

/** Fails with CHECKSUM, naming the stored and the computed hash (`len` >= 8 bytes, trailer last). */
function checksumFailed(bytes: Uint8Array, view: DataView, len: number): never {
  const want = view.getBigUint64(len - CHECKSUM_SIZE, true);
  const got = xxh64(bytes.subarray(0, len - CHECKSUM_SIZE));
  return fail('CHECKSUM', `XXH64 mismatch (file says ${want.toString(16)}, contents hash to ${got.toString(16)}): the file is damaged`);
}

/** The magic as two little-endian 32-bit words (one compare each on the fast path). */
const MAGIC_LO = MAGIC[0]! + MAGIC[1]! * 0x100 + MAGIC[2]! * 0x10000 + MAGIC[3]! * 0x1000000;
const MAGIC_HI = MAGIC[4]! + MAGIC[5]! * 0x100 + MAGIC[6]! * 0x10000 + MAGIC[7]! * 0x1000000;

/**
 * Checks a file in the documented order (FORMAT.md, "Checks a reader makes") and locates its
 * payload, filling `out`. Every length from the header is a number below 2^32 and every sum of
 * them is done in plain (53-bit exact) arithmetic and checked against the input's own length
 * before any byte it points to is read: nothing outside `bytes` is ever addressed.
 */
export function openFile(bytes: Uint8Array, o: ReadOptions, out: OpenedFile): OpenedFile {
  const len = bytes.length;
  if (len > o.maxBytes) fail('LIMIT_EXCEEDED', `input of ${len} bytes exceeds limits.maxBytes ${o.maxBytes}`);
  const view = viewOf(bytes);
  if (!(len >= HEADER_SIZE && view.getUint32(0, true) === MAGIC_LO && view.getUint32(4, true) === MAGIC_HI)) {
    checkMagic(bytes, 0, Math.min(len, MAGIC.length));
    if (len < MAGIC.length) fail('TRUNCATED', `file ends after ${len} bytes, inside the magic`);
  }
  // The format version ends where the flags begin.
  if (len < HEADER_AT.flags) fail('TRUNCATED', `file ends after ${len} bytes, inside the header`);
  checkFormatVersion(bytes);
  if (len < HEADER_SIZE) fail('TRUNCATED', `file ends after ${len} bytes, inside the ${HEADER_SIZE}-byte header`);
  // From here on the 32 header bytes exist.
  const h = checkHeader(view, o);
  const { version, schemaLen, stored, raw, start, total: expected } = h;
  // `expected` (exact, below 2^34) bounds every offset used below.
  if (len < expected) fail('TRUNCATED', `file is ${len} bytes, its header declares ${expected}`);
  if (h.hasChecksum && !xxh64Check(bytes, view, len - CHECKSUM_SIZE)) checksumFailed(bytes, view, len);
  if (len > expected) fail('INVALID_DATA', `${len - expected} unexpected bytes after the end of the file`);
  // From here on HEADER_SIZE + schemaLen <= start <= start + stored <= len.
  for (let i = HEADER_SIZE + schemaLen; i < start; i++) if (bytes[i] !== 0) fail('INVALID_DATA', 'non-zero padding before the payload');
  checkPayloadLengths(h, o);
  if (h.hasSchema) o.checkSchema(version, bytes, view, HEADER_SIZE, schemaLen);
  out.version = version;
  if (h.compression === COMPRESSION.deflate) {
    out.buf = inflate(bytes.subarray(start, start + stored), raw);
    out.start = 0;
    out.end = raw;
  } else {
    out.buf = bytes;
    out.start = start;
    out.end = start + stored;
  }
  return out;
}
