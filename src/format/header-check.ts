// The checks a reader makes on the 32-byte header alone (FORMAT.md, "Checks a reader makes", 2-4
// and 7), in one place: openFile (a whole file) and decodeStream (a file arriving in chunks) both
// call these, so the same damaged header gives both the same error code and message. The checks
// that need the rest of the file (its length, the checksum, padding, schema, payload) stay with
// each reader.

import { fail } from '../errors.ts';
import { align8, CHECKSUM_SIZE, COMPRESSION, COMPRESSION_MASK, COMPRESSION_SHIFT, FLAG_CHECKSUM, FLAG_SCHEMA, FORMAT_VERSION, HEADER_AT, HEADER_SIZE, KNOWN_FLAGS, MAGIC } from './header.ts';
import { MAX_DEFLATE_RATIO } from './inflate-limits.ts';

/** What the reader checks against. */
export interface ReadOptions {
  /** The codec's current data version: newer files are NEWER_VERSION. */
  maxVersion: number;
  maxBytes: number;
  /** Refuse a file without an XXH64 trailer (CHECKSUM). */
  requireChecksum: boolean;
  /**
   * Called with the data version and where the schema section lies (when present): `input[at, at + len)`,
   * read through `view` (spanning exactly `input`); throws SCHEMA_MISMATCH.
   */
  checkSchema: (version: number, input: Uint8Array, view: DataView, at: number, len: number) => void;
}

/** Check 2: bytes [from, to) of `bytes` (to <= 8) are the magic's (BAD_MAGIC at the first that is not). */
export function checkMagic(bytes: Uint8Array, from: number, to: number): void {
  for (let i = from; i < to; i++) if (bytes[i] !== MAGIC[i]) fail('BAD_MAGIC', 'not a savepack file (the first 8 bytes are not "savepack")');
}

/** Check 3, first part: the container format version in bytes 8-9 of `bytes` (both present) is this one's (UNSUPPORTED_FORMAT). */
export function checkFormatVersion(bytes: Uint8Array): void {
  const format = bytes[HEADER_AT.formatVersion]! + bytes[HEADER_AT.formatVersion + 1]! * 0x100;
  if (format !== FORMAT_VERSION) fail('UNSUPPORTED_FORMAT', `container format version ${format}; this savepack reads version ${FORMAT_VERSION} (a newer savepack wrote it?)`);
}

/** The fields of a header that passed {@link checkHeader}; every length below 2^32. */
export interface HeaderFields {
  /** Compression code (COMPRESSION.none or .deflate). */
  compression: number;
  hasSchema: boolean;
  hasChecksum: boolean;
  /** Data version. */
  version: number;
  /** Schema section length (S). */
  schemaLen: number;
  /** Stored payload length (P). */
  stored: number;
  /** Raw (inflated) payload length (R). */
  raw: number;
  /** Where the payload starts: align8(32 + S). */
  start: number;
  /** The whole file's length as declared: start + P (+ 8): exact, below 2^34. */
  total: number;
}

/**
 * Checks 3 (after the format version: flags and reserved word, requireChecksum) and 4 (data
 * version) of the 32 header bytes at the start of `view`, and that no schema length is set
 * without the schema flag; returns the fields. Each field is one unsigned little-endian read and
 * the sums are plain arithmetic (each term below 2^33, so exact).
 */
export function checkHeader(view: DataView, o: ReadOptions): HeaderFields {
  const flags = view.getUint16(HEADER_AT.flags, true);
  const compression = (flags & COMPRESSION_MASK) >> COMPRESSION_SHIFT;
  if ((flags & ~KNOWN_FLAGS) !== 0 || compression > COMPRESSION.deflate || view.getUint32(HEADER_AT.reserved, true) !== 0) {
    fail('UNSUPPORTED_FORMAT', `unknown header flags 0x${flags.toString(16)} or reserved bits set`);
  }
  const hasSchema = (flags & FLAG_SCHEMA) !== 0;
  const hasChecksum = (flags & FLAG_CHECKSUM) !== 0;
  if (!hasChecksum && o.requireChecksum) fail('CHECKSUM', 'the file has no checksum and this decode requires one (requireChecksum)');
  const version = view.getUint32(HEADER_AT.dataVersion, true);
  if (version > o.maxVersion) fail('NEWER_VERSION', `file has data version ${version}, newer than this codec's version ${o.maxVersion}`);
  const schemaLen = view.getUint32(HEADER_AT.schemaLength, true);
  const stored = view.getUint32(HEADER_AT.payloadLength, true);
  const raw = view.getUint32(HEADER_AT.rawLength, true);
  if (!hasSchema && schemaLen !== 0) fail('INVALID_DATA', 'schema length set but no schema flag');
  const start = align8(HEADER_SIZE + schemaLen);
  return { compression, hasSchema, hasChecksum, version, schemaLen, stored, raw, start, total: start + stored + (hasChecksum ? CHECKSUM_SIZE : 0) };
}

/** Check 7: the raw payload length within limits.maxBytes (LIMIT_EXCEEDED) and possible for the stored one (INVALID_DATA). */
export function checkPayloadLengths(h: HeaderFields, o: ReadOptions): void {
  const { raw, stored } = h;
  if (raw > o.maxBytes) fail('LIMIT_EXCEEDED', `payload of ${raw} bytes exceeds limits.maxBytes ${o.maxBytes}`);
  if (h.compression === COMPRESSION.none && raw !== stored) fail('INVALID_DATA', 'raw and stored payload lengths differ in an uncompressed file');
  if (h.compression === COMPRESSION.deflate && raw > stored * MAX_DEFLATE_RATIO + 64) fail('INVALID_DATA', `declared payload size ${raw} is impossible for ${stored} deflated bytes`);
}
