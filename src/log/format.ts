// The bytes of an append-only log (FORMAT.md, "Log files"): a head (the savepack header with the
// log flag, the schema section, padding, an XXH64 of the head) followed by self-delimited chunks.
// Pure functions over byte arrays; storage and the chunk index live elsewhere in src/log/.

import { SavepackError } from '../errors.ts';
import { xxh64 } from '../wasm/index.ts';
import { align8, FLAG_CHECKSUM, FLAG_SCHEMA, FORMAT_VERSION, HEADER_AT, HEADER_SIZE, MAGIC, writeHeader } from '../format/header.ts';

/** Header flag bit 4: the file is a log (an ordinary reader refuses it: unknown flag). */
export const FLAG_LOG = 1 << 4;
/** The flags every log head has: schema section, head checksum, log. */
export const LOG_FLAGS = FLAG_SCHEMA | FLAG_CHECKSUM | FLAG_LOG;
/** A chunk starts with ASCII "SPCK". */
export const CHUNK_MAGIC = 0x4b435053;
/** An index chunk (written by close: where the chunks before it are) starts with ASCII "SPIX". */
export const INDEX_MAGIC = 0x58495053;
/** Bytes of a chunk header: magic, payload length, sequence (u64), items, header check. */
export const CHUNK_HEAD = 24;
/** Bytes of a chunk's trailing XXH64. */
export const CHUNK_TAIL = 8;
/** A chunk's payload may not pass this (the u32 length field). */
export const MAX_PAYLOAD = 0xffffffff;

/** Little-endian u32 at `at` as a number in 0..2^32-1 (no 32-bit wrap of file-controlled values). */
export function u32(b: Uint8Array, at: number): number {
  return b[at]! + b[at + 1]! * 0x100 + b[at + 2]! * 0x10000 + b[at + 3]! * 0x1000000;
}

function putU32(b: Uint8Array, at: number, v: number): void {
  b[at] = v & 0xff; b[at + 1] = (v >>> 8) & 0xff; b[at + 2] = (v >>> 16) & 0xff; b[at + 3] = (v >>> 24) & 0xff;
}

/** Little-endian u64 at `at` as a number (exact below 2^53; above, rounded, so never equal to a checked offset). */
export function u64(b: Uint8Array, at: number): number {
  return u32(b, at) + u32(b, at + 4) * 0x100000000;
}

/** Writes `v` (0 <= v < 2^53) as a little-endian u64 at `at`. */
export function putU64(b: Uint8Array, at: number, v: number): void {
  putU32(b, at, v % 0x100000000);
  putU32(b, at + 4, Math.floor(v / 0x100000000));
}

/** Writes the XXH64 of `b[0, end)` at `end` (the head's and a chunk's trailing hash). */
function seal(b: Uint8Array, end: number): void {
  new DataView(b.buffer, b.byteOffset, b.length).setBigUint64(end, xxh64(b.subarray(0, end)), true);
}

/** Whether the u64 at `end` is the XXH64 of `b[0, end)`. */
function sealed(b: Uint8Array, end: number): boolean {
  return xxh64(b.subarray(0, end)) === new DataView(b.buffer, b.byteOffset, b.length).getBigUint64(end, true);
}

/** Bytes of the chunk holding a payload of `p` bytes. */
export function chunkSize(p: number): number {
  return CHUNK_HEAD + align8(p) + CHUNK_TAIL;
}

/** Bytes of the head of a log whose schema section is `s` bytes. */
export function headSize(s: number): number {
  return align8(HEADER_SIZE + s) + 8;
}

/** The head of a new log of data version `version` with schema section `schema`. */
export function writeHead(version: number, schema: Uint8Array): Uint8Array {
  const a = align8(HEADER_SIZE + schema.length);
  const head = new Uint8Array(a + 8);
  writeHeader(new DataView(head.buffer), { formatVersion: FORMAT_VERSION, flags: LOG_FLAGS, dataVersion: version, schemaLength: schema.length, payloadLength: 0, rawLength: 0 });
  head.set(schema, HEADER_SIZE);
  seal(head, a);
  return head;
}

/** What the first 32 bytes of a log say. */
export interface HeadInfo {
  version: number;
  schemaLength: number;
  /** Bytes of the whole head (where chunk 0 starts). */
  size: number;
}

/**
 * Checks the fixed 32 bytes of a log head (`b`, at least what the file has of them) against a
 * file of `fileSize` bytes and a reader of data version `maxVersion`. Lengths in 53-bit arithmetic.
 */
export function readHeadStart(b: Uint8Array, fileSize: number, maxVersion: number): HeadInfo {
  for (let i = 0; i < 8; i++) {
    if (i >= b.length) throw new SavepackError('TRUNCATED', `log ends after ${b.length} bytes, inside the magic`);
    if (b[i] !== MAGIC[i]) throw new SavepackError('BAD_MAGIC', 'not a savepack log (the first 8 bytes are not "savepack")');
  }
  if (b.length < HEADER_SIZE) throw new SavepackError('TRUNCATED', `log ends after ${b.length} bytes, inside the ${HEADER_SIZE}-byte header`);
  const format = b[HEADER_AT.formatVersion]! | (b[HEADER_AT.formatVersion + 1]! << 8);
  if (format !== FORMAT_VERSION) throw new SavepackError('UNSUPPORTED_FORMAT', `container format version ${format}; this savepack reads version ${FORMAT_VERSION}`);
  const flags = b[HEADER_AT.flags]! | (b[HEADER_AT.flags + 1]! << 8);
  if ((flags & FLAG_LOG) === 0) throw new SavepackError('UNSUPPORTED_FORMAT', 'an ordinary savepack file, not a log (load it with loadFile / decode)');
  if (flags !== LOG_FLAGS || u32(b, HEADER_AT.payloadLength) !== 0 || u32(b, HEADER_AT.rawLength) !== 0 || u32(b, HEADER_AT.reserved) !== 0) {
    throw new SavepackError('UNSUPPORTED_FORMAT', `unknown log header flags 0x${flags.toString(16)} or non-zero payload/reserved words`);
  }
  const version = u32(b, HEADER_AT.dataVersion);
  if (version > maxVersion) throw new SavepackError('NEWER_VERSION', `log has data version ${version}, newer than this codec's version ${maxVersion}`);
  const schemaLength = u32(b, HEADER_AT.schemaLength);
  const size = headSize(schemaLength); // < 2^33: exact
  if (size > fileSize) throw new SavepackError('TRUNCATED', `log is ${fileSize} bytes, its head declares ${size}`);
  return { version, schemaLength, size };
}

/** Checks the whole head `b` (exactly `info.size` bytes): padding zero, XXH64. */
export function checkHead(b: Uint8Array, info: HeadInfo): void {
  const a = info.size - 8;
  for (let i = HEADER_SIZE + info.schemaLength; i < a; i++) if (b[i] !== 0) throw new SavepackError('INVALID_DATA', 'non-zero padding in the log head');
  if (!sealed(b, a)) throw new SavepackError('CHECKSUM', 'the log head (header and schema section) is damaged: XXH64 mismatch');
}

/** The header check of a chunk: the low 32 bits of the XXH64 of its first 20 bytes. */
function headerCheck(b: Uint8Array, at: number): number {
  return Number(xxh64(b.subarray(at, at + 20)) & 0xffffffffn);
}

/** The whole chunk number `seq` holding `payload` (of `items` records, or 1); an index chunk with `magic` INDEX_MAGIC. */
export function writeChunk(seq: number, items: number, payload: Uint8Array, magic = CHUNK_MAGIC): Uint8Array {
  const p = payload.length;
  if (p > MAX_PAYLOAD) throw new SavepackError('NOT_SUPPORTED', `a log chunk of ${p} bytes exceeds the 4 GiB chunk limit`);
  const out = new Uint8Array(chunkSize(p));
  putU32(out, 0, magic);
  putU32(out, 4, p);
  putU64(out, 8, seq);
  putU32(out, 16, items);
  putU32(out, 20, headerCheck(out, 0));
  out.set(payload, CHUNK_HEAD);
  seal(out, out.length - CHUNK_TAIL);
  return out;
}

/** A parsed chunk header. */
export interface ChunkHead {
  /** An index chunk (INDEX_MAGIC), not a data chunk. */
  index: boolean;
  payload: number;
  seq: number;
  items: number;
}

/**
 * Parses the chunk header at `b[at, at + 24)`; undefined when it is not a valid header (magic or
 * header check wrong). The sequence is read as a 64-bit number (exact below 2^53; above, it can
 * never equal an expected sequence number).
 */
export function readChunkHead(b: Uint8Array, at: number): ChunkHead | undefined {
  const magic = u32(b, at);
  if ((magic !== CHUNK_MAGIC && magic !== INDEX_MAGIC) || u32(b, at + 20) !== headerCheck(b, at)) return undefined;
  return { index: magic === INDEX_MAGIC, payload: u32(b, at + 4), seq: u64(b, at + 8), items: u32(b, at + 16) };
}

/**
 * Checks a whole chunk `b` (as read from the file, `chunkSize(payload)` bytes) and returns its
 * payload; CHECKSUM naming chunk `index` at byte `offset` when its XXH64 or padding is wrong.
 */
export function chunkPayload(b: Uint8Array, p: number, index: number, offset: number): Uint8Array {
  const end = b.length - CHUNK_TAIL;
  if (!sealed(b, end)) throw new SavepackError('CHECKSUM', `log chunk ${index} (at byte ${offset}) is damaged: XXH64 mismatch`);
  for (let i = CHUNK_HEAD + p; i < end; i++) if (b[i] !== 0) throw new SavepackError('CHECKSUM', `log chunk ${index} (at byte ${offset}) is damaged: non-zero padding`);
  return b.subarray(CHUNK_HEAD, CHUNK_HEAD + p);
}
