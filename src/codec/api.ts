// The public shapes of a codec: its options, a decode call's options, and the Codec interface
// (API.md sections 3, 8 and 9). codec.ts implements them.

import type { Schema } from '../schema/types.ts';
import type { Limits } from '../wire/reader.ts';
import type { Frame } from './frame.ts';
import type { CompressOption } from '../format/compress.ts';
import type { EncodeStreamOptions } from './stream-encode.ts';

/** Options of {@link codec}. */
export interface CodecOptions {
  /** The current data version N (integer >= 0): encode writes it by default, decode reads 0..N. */
  version: number;
  /** Append an XXH64 checksum of the whole file (default true). */
  checksum?: boolean;
  /** Compress the payload: 'none' (default), 'deflate' (level 6) or `{ method: 'deflate', level: 1..9 }`. */
  compress?: CompressOption;
  /** Embed the schema in the file (default true); false writes none, like savefile's save_noschema. */
  schemaHeader?: boolean;
  /** Decode limits for untrusted input. */
  limits?: Limits;
  /** Use generated code (default true where `new Function` is allowed); false forces the interpreter. */
  compile?: boolean;
  /**
   * Decode `t.typed` arrays, `t.records`, `t.bytes` and `t.fixed` as views into the input bytes
   * instead of one copy each (default false). Faster for large arrays, but the result aliases the
   * input: writing to either changes the other, and the input (or, for a compressed file, the
   * inflated payload) stays alive as long as the result. Typed arrays and records that are not
   * aligned in memory are copied anyway.
   */
  views?: boolean;
  /** Refuse files written without a checksum (`CHECKSUM`), for files from untrusted places (default false; `decode`'s own option overrides it). */
  requireChecksum?: boolean;
  /**
   * 'file' (default): the container of FORMAT.md. 'none': the payload alone, no header, schema or
   * checksum (API.md section 9); `checksum: true`, `compress: 'deflate'`, `schemaHeader: true` and
   * `requireChecksum: true` are then INVALID_VALUE.
   */
  frame?: Frame;
  /**
   * Read files of a data version newer than `version` by their embedded schema, resolving fields and
   * variants by name (API.md section 12; README "Reference: inspect, open, readNewer"); default false (NEWER_VERSION).
   */
  readNewer?: boolean;
}

/** Options of one {@link Codec.decode} call. */
export interface DecodeOptions {
  /** Refuse a file written without a checksum (`CHECKSUM`); default: the codec's `requireChecksum`. Frame 'none': only `false`. */
  requireChecksum?: boolean;
  /**
   * Frame 'none' only: the data version of the payload (default: the codec's); newer than the
   * codec's is NEWER_VERSION. A file names its own version: given to a file-frame codec, INVALID_VALUE.
   */
  version?: number;
}


/** An encoder/decoder of one schema across its data versions. */
export interface Codec<T> {
  /** The schema as defined (all versions). */
  readonly schema: Schema;
  /** The current data version. */
  readonly version: number;
  /** Whether generated code is used (false: the schema interpreter). */
  readonly compiled: boolean;
  /**
   * Encodes `value` as data version `opts.version` (default: the current one). The result owns
   * its whole buffer (`byteOffset` 0, `buffer.byteLength === length`): transfer or store it freely.
   */
  encode(value: T, opts?: { version?: number }): Uint8Array;
  /**
   * Writes the file of `value` into `target` at `opts.offset` (default 0) and returns its length
   * in bytes. A file that does not fit is `LIMIT_EXCEEDED` (the message gives the size needed) and
   * `target` is not written at all; an offset outside `0..target.length` is `INVALID_VALUE`.
   */
  encodeInto(value: T, target: Uint8Array, opts?: { offset?: number; version?: number }): number;
  /** The exact length of `encode(value, opts)`, without allocating a result (costs about one encode). */
  encodedSize(value: T, opts?: { version?: number }): number;
  /**
   * Decodes a file of any version 0..current (frame 'none': a payload of version `opts.version`,
   * default current, which must fill the input exactly) into the current in-memory shape. Any input gives
   * the value or a SavepackError: `INVALID_DATA` for input that is not bytes (a Proxy, a detached
   * ArrayBuffer), `CHECKSUM` for a file without a checksum when `requireChecksum` is set.
   */
  decode(bytes: Uint8Array | ArrayBuffer, opts?: DecodeOptions): T;
  /**
   * The file of `value` as a stream of chunks (at most `chunkSize` bytes, default 1 MiB), checksum
   * and deflate computed as it is read; the file is never held whole (README "Streams"). The value
   * is written at the call (a bad value throws here); do not change it until the stream ends.
   */
  encodeStream(value: T, opts?: EncodeStreamOptions): ReadableStream<Uint8Array>;
  /** Reads a file from a stream and decodes it as {@link decode} does; a failing stream is `IO` with the cause. */
  decodeStream(stream: ReadableStream<Uint8Array>, opts?: DecodeOptions): Promise<T>;
  /** The stored schema as it stood at data version `version`. */
  schemaAt(version: number): Schema;
  /** A human description of how each part of the schema is written at `version` (packed bulk path or field walk, compiled or interpreted). */
  describe(version?: number): string;
}
