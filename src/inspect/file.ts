// Opening a file for inspection: the container checks of FORMAT.md (every one decode makes, but
// the data version bound and the comparison with a codec's schema), then the embedded schema
// section decoded and checked for what reading by it needs. No codec, no generated code.

import { SavepackError } from '../errors.ts';
import { asBytes, openFile, type OpenedFile, type ReadOptions } from '../format/container.ts';
import { COMPRESSION_MASK, COMPRESSION_SHIFT, FLAG_CHECKSUM, FLAG_SCHEMA, HEADER_AT } from '../format/header.ts';
import { decodeSchema } from '../schema/binary.ts';
import type { Schema } from '../schema/types.ts';
import { resolveLimits, type Limits, type ResolvedLimits } from '../wire/reader.ts';
import { checkStored } from '../codec/stored.ts';
import { cleanError } from '../codec/clean-error.ts';

/** Options of {@link inspect} and {@link open}. */
export interface InspectOptions {
  /** Decode limits (API.md section 6); the defaults are safe for untrusted input. */
  limits?: Limits;
  /** Refuse a file without an XXH64 trailer (`CHECKSUM`), as decode's option does. */
  requireChecksum?: boolean;
}

/** The header facts of a file, as read by {@link inspect} and {@link open}. */
export interface FileFacts {
  /** Container format version (1). */
  formatVersion: number;
  /** The application's data version the file was written at. */
  dataVersion: number;
  /** The header's flag bits (FORMAT.md "Flags"). */
  flags: number;
  /** Whether the file ends with an XXH64 checksum (verified when present). */
  checksum: boolean;
  /** Payload compression. */
  compression: 'none' | 'deflate';
  /** Bytes of the schema section. */
  schemaLength: number;
  /** Payload bytes as stored in the file. */
  payloadLength: number;
  /** Payload bytes after inflating (= payloadLength when uncompressed). */
  rawLength: number;
}

/** A checked file: its facts, its stored schema and where its (inflated) payload lies. */
export interface InspectedFile {
  facts: FileFacts;
  /** The stored schema. */
  schema: Schema;
  /** The limits in force. */
  limits: ResolvedLimits;
  /** The payload is `buf[start, end)`; alignment is measured from `start`. */
  buf: Uint8Array;
  /** First payload byte in `buf`. */
  start: number;
  /** End of the payload in `buf`. */
  end: number;
}

const u32 = (b: Uint8Array, at: number) => b[at]! + b[at + 1]! * 0x100 + b[at + 2]! * 0x10000 + b[at + 3]! * 0x1000000;

/**
 * Checks `input` as decode does (limits, magic, format, flags, lengths, checksum, padding,
 * deflate) with no bound on the data version, and decodes its schema section; a file without one
 * is NOT_SUPPORTED. Every failure is a SavepackError.
 */
export function readInspected(input: unknown, o: InspectOptions | undefined): InspectedFile {
  const rc = o?.requireChecksum;
  if (rc !== undefined && typeof rc !== 'boolean') throw new SavepackError('INVALID_VALUE', `requireChecksum must be a boolean, got ${String(rc)}`);
  const limits = resolveLimits(o?.limits);
  try {
    const bytes = asBytes(input);
    let schema: Schema | undefined;
    const read: ReadOptions = {
      maxVersion: Infinity, maxBytes: limits.maxBytes, requireChecksum: rc === true,
      checkSchema: (_v, b, _view, at, len) => { schema = decodeSchema(b.subarray(at, at + len)); checkStored(schema); },
    };
    const file = openFile(bytes, read, { version: 0, buf: bytes, start: 0, end: 0 } as OpenedFile);
    const flags = bytes[HEADER_AT.flags]! | (bytes[HEADER_AT.flags + 1]! << 8);
    if (!schema || !(flags & FLAG_SCHEMA)) {
      throw new SavepackError('NOT_SUPPORTED', 'the file has no schema section (written with schemaHeader: false): only a codec of its schema can read it');
    }
    const facts: FileFacts = {
      formatVersion: bytes[HEADER_AT.formatVersion]! | (bytes[HEADER_AT.formatVersion + 1]! << 8), dataVersion: file.version, flags,
      checksum: (flags & FLAG_CHECKSUM) !== 0, compression: ((flags & COMPRESSION_MASK) >> COMPRESSION_SHIFT) === 1 ? 'deflate' : 'none',
      schemaLength: u32(bytes, HEADER_AT.schemaLength), payloadLength: u32(bytes, HEADER_AT.payloadLength), rawLength: u32(bytes, HEADER_AT.rawLength),
    };
    return { facts, schema, limits, buf: file.buf, start: file.start, end: file.end };
  } catch (e) {
    throw cleanError(e, '');
  }
}
