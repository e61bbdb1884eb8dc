// codec(schema, options): the user-facing encoder/decoder. Per data version it builds (once, on
// first use) a compiled writer and reader — or interpreted ones where code generation is
// forbidden — and wraps them in the container.

import { SavepackError } from '../errors.ts';
import { encodeSchema } from '../schema/binary.ts';
import { schemaAt } from '../schema/project.ts';
import type { Infer, Schema } from '../schema/types.ts';
import { rootName } from '../schema/root-name.ts';
import { asBytes, fileHead, fileOverhead, openFile, SCRATCH_SIZE, writeFile, type OpenedFile, type ReadOptions, type WriteOptions } from '../format/container.ts';
import { estimatePayload, hasBulk } from './estimate.ts';
import { canCompile } from '../codegen/mode.ts';
import { compileDecoder } from './compile/decode.ts';
import { compileEncoder } from './compile/encode.ts';
import type { PayloadDecoder, PayloadEncoder } from './payload.ts';
import { decodeRoot } from './interpret/decode.ts';
import { encodeValue } from './interpret/encode.ts';
import { renderPath, type DecodeState, type EncodeState } from './interpret/path.ts';
import { leftOver, Reader, resolveLimits, type ResolvedLimits } from '../wire/reader.ts';
import { describeCodec } from './describe.ts';
import { checkCodecVersion, checkSchemaTree } from '../layout/check.ts';
import { Writer } from '../wire/writer.ts';
import { checkSchemaAt, expectSchema, type SchemaExpect } from './schema-check.ts';
import { stackError, withPath } from './failure.ts';
import { checkTarget, copyInto, copyOut, lengthOf } from './output.ts';
import { bareVersion, checkFrame } from './frame.ts';
import { bareDecoder } from './bare-decode.ts';
import type { Codec, CodecOptions, DecodeOptions } from './api.ts';
import { captureNewer, newerReader, type NewerReader } from './newer.ts';
import { parseCompress, type DeflateLevel } from '../format/compress.ts';
import { chunkSizeOf, encodeFileStream, type EncodeStreamOptions } from './stream-encode.ts';
import { decodeFileStream } from './stream-decode.ts';

/** What a codec keeps per data version it writes. */
interface VersionState { enc: PayloadEncoder; write: WriteOptions & { level: DeflateLevel }; head: Uint8Array; estimable: boolean }

/** How a written file leaves the writer: copied out, into a target, or only measured. */
type Output<R> = (w: Writer, target: Uint8Array, offset: number, size: number) => R;
const NO_TARGET = new Uint8Array(0);

/** Outputs estimated at this many bytes or more get a buffer of their own, of the final size. */
const LARGE_OUTPUT = 1 << 16;

class CodecImpl<T> implements Codec<T> {
  readonly compiled: boolean;
  readonly #limits: ResolvedLimits;
  readonly #checksum: boolean;
  readonly #compress: 'none' | 'deflate';
  readonly #level: DeflateLevel;
  readonly #header: boolean;
  /** frame: 'none': the payload alone. */
  readonly #bare: boolean;
  /**
   * The reader the next decode reuses: taken while a decode runs (a nested decode of this codec
   * makes its own), put back when one ends well (a failed decode leaves a new one to be made).
   */
  #spare: Reader | undefined;
  readonly #views: boolean;
  /** frame 'none': the decode of a call without options (bare-decode.ts). */
  readonly #quick: ((input: unknown) => unknown) | undefined;
  readonly #root: string;
  #writer = new Writer(SCRATCH_SIZE);
  #busy = false;
  readonly #enc = new Map<number, PayloadEncoder>();
  readonly #dec = new Map<number, PayloadDecoder>();
  /** The decoder of the current version, once made. */
  #current: PayloadDecoder | undefined;
  readonly #schemaBytes = new Map<number, Uint8Array>();
  readonly #expect: SchemaExpect[] = [];
  /** openFile's result, refilled by every decode (read out before the payload is decoded). */
  readonly #file: OpenedFile = { version: 0, buf: new Uint8Array(0), start: 0, end: 0 };
  readonly #states: VersionState[] = [];
  readonly #read: ReadOptions;
  /** #read with requireChecksum flipped (for a decode call whose option differs from the codec's). */
  readonly #readOther: ReadOptions;
  /** readNewer: the reader of newer files. */
  readonly #newer: NewerReader | undefined;

  constructor(readonly schema: Schema, readonly version: number, o: CodecOptions) {
    this.#limits = resolveLimits(o.limits);
    this.#checksum = o.frame !== 'none' && (o.checksum ?? true);
    ({ method: this.#compress, level: this.#level } = parseCompress(o.compress));
    this.#bare = checkFrame(o) === 'none';
    this.#header = !this.#bare && (o.schemaHeader ?? true);
    this.#views = o.views === true;
    this.compiled = o.compile !== false && canCompile();
    this.#root = rootName(schema);
    if (o.requireChecksum !== undefined && typeof o.requireChecksum !== 'boolean') throw new SavepackError('INVALID_VALUE', `codec: requireChecksum must be a boolean, got ${String(o.requireChecksum)}`);
    const requireChecksum = o.requireChecksum === true;
    if (o.readNewer !== undefined && typeof o.readNewer !== 'boolean') throw new SavepackError('INVALID_VALUE', `codec: readNewer must be a boolean, got ${String(o.readNewer)}`);
    this.#newer = o.readNewer === true ? newerReader(schema, version, () => this.#schemaBytesAt(version), this.#limits) : undefined;
    const checkSchema = (v: number, input: Uint8Array, view: DataView, at: number, len: number) => checkSchemaAt(input, view, at, len, this.#expectAt(v));
    this.#read = { maxVersion: this.#newer ? 0xffffffff : version, maxBytes: this.#limits.maxBytes, requireChecksum, checkSchema };
    this.#readOther = { ...this.#read, requireChecksum: !requireChecksum };
    this.#quick = this.#bare ? bareDecoder(() => this.#decoder(version), this.#limits, this.#views, (i) => this.#decodeBare(i as Uint8Array, undefined)) : undefined;
  }

  schemaAt(v: number): Schema {
    this.#checkVersion(v, 'schemaAt');
    return schemaAt(this.schema, v);
  }

  describe(v = this.version): string {
    return describeCodec(this.schema, v, this.compiled);
  }

  #checkVersion(v: unknown, what: string): asserts v is number {
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) throw new SavepackError('INVALID_VALUE', `${what}: version must be an integer >= 0, got ${String(v)}`);
    if (v > this.version) throw new SavepackError('NOT_SUPPORTED', `${what}: version ${v} is newer than the codec's current version ${this.version}`);
  }

  /** The schema-section check of files of data version `v`. */
  #expectAt(v: number): SchemaExpect {
    let e = this.#expect[v];
    if (!e) this.#expect[v] = e = expectSchema(this.#schemaBytesAt(v), () => schemaAt(this.schema, v), v, this.#root);
    return e;
  }

  #schemaBytesAt(v: number): Uint8Array {
    let b = this.#schemaBytes.get(v);
    if (!b) this.#schemaBytes.set(v, (b = encodeSchema(schemaAt(this.schema, v))));
    return b;
  }

  #encoder(v: number): PayloadEncoder {
    let e = this.#enc.get(v);
    if (!e) {
      e = this.compiled ? compileEncoder(this.schema, v, this.#limits.maxDepth, this.#root) : (w, x) => this.#interpretEncode(w, x, v);
      this.#enc.set(v, e);
    }
    return e;
  }

  #decoder(v: number): PayloadDecoder {
    let d = v === this.version ? this.#current : this.#dec.get(v);
    if (!d) {
      d = this.compiled ? compileDecoder(this.schema, v, this.#root) : (r) => this.#interpretDecode(r, v);
      this.#dec.set(v, d);
      if (v === this.version) this.#current = d;
    }
    return d;
  }

  #interpretEncode(w: Writer, x: unknown, v: number): void {
    const st: EncodeState = { v, maxDepth: this.#limits.maxDepth, depth: 0, path: this.#root ? [this.#root] : [], stack: [] };
    try {
      encodeValue(w, this.schema, x, st);
    } catch (e) {
      throw withPath(e, renderPath(st.path), 'INVALID_VALUE');
    }
  }

  #interpretDecode(r: Reader, v: number): unknown {
    const st: DecodeState = { v, path: this.#root ? [this.#root] : [] };
    try {
      return decodeRoot(r, this.schema, st);
    } catch (e) {
      throw withPath(e, renderPath(st.path), 'INVALID_DATA');
    }
  }

  #state(v: number): VersionState {
    let st = this.#states[v];
    if (!st) {
      const write = { checksum: this.#checksum, compress: this.#compress, level: this.#level, schema: this.#header ? this.#schemaBytesAt(v) : null };
      st = { enc: this.#encoder(v), write, head: fileHead(v, write), estimable: this.#compress === 'none' && hasBulk(this.schema, v) };
      this.#states[v] = st;
    }
    return st;
  }

  encode(value: T, opts?: { version?: number }): Uint8Array {
    return this.#write(value, opts?.version, 'encode', copyOut, NO_TARGET, 0, 0);
  }

  encodeInto(value: T, target: Uint8Array, opts?: { offset?: number; version?: number }): number {
    const offset = opts?.offset;
    const size = checkTarget(target, offset);
    return this.#write(value, opts?.version, 'encodeInto', copyInto, target, offset === undefined ? 0 : offset, size);
  }

  encodedSize(value: T, opts?: { version?: number }): number {
    return this.#write(value, opts?.version, 'encodedSize', lengthOf, NO_TARGET, 0, 0);
  }

  /** Writes the file of `value` at version `v` and hands `out` the writer holding it at [origin, pos) (and encodeInto's checked target). */
  #write<R>(value: T, version: number | undefined, what: string, out: Output<R>, target: Uint8Array, offset: number, size: number): R {
    const v = version ?? this.version;
    if (v !== this.version) this.#checkVersion(v, what);
    const st = this.#state(v);
    // A large value whose size can be told up front (exactly, in the common case) is written into
    // one buffer of that size, handed out as is when it is filled exactly; anything else is
    // written into the codec's reused scratch buffer (a fresh one when called re-entrantly).
    const est = st.estimable && (out as unknown) === copyOut ? estimatePayload(this.schema, value, v) : -1;
    const reentrant = this.#busy;
    const w = est >= LARGE_OUTPUT ? new Writer(est + (this.#bare ? 0 : fileOverhead(st.write)), true) : reentrant ? new Writer(1 << 12) : this.#writer;
    w.pos = w.origin = w.base = 0;
    this.#busy = true;
    try {
      try {
        if (this.#bare) st.enc(w, value);
        else writeFile(w, st.head, st.write, st.enc, value);
      } catch (e) {
        // Both writers report the path themselves (the compiled one as the error propagates).
        throw stackError(e, 'INVALID_VALUE');
      }
      return out(w, target, offset, size);
    } finally {
      if (!reentrant) this.#busy = false;
      // Do not pin a scratch buffer that grew past its usual size.
      if (w === this.#writer && w.buf.length > SCRATCH_SIZE) this.#writer = new Writer(SCRATCH_SIZE);
    }
  }

  encodeStream(value: T, opts?: EncodeStreamOptions): ReadableStream<Uint8Array> {
    const v = opts?.version ?? this.version;
    if (v !== this.version) this.#checkVersion(v, 'encodeStream');
    if (this.#bare) throw new SavepackError('NOT_SUPPORTED', "encodeStream: a frame 'none' codec has no file to stream (use encode)");
    const st = this.#state(v);
    return encodeFileStream(st.enc, value, st.head, st.write, chunkSizeOf(opts?.chunkSize));
  }

  async decodeStream(stream: ReadableStream<Uint8Array>, opts?: DecodeOptions): Promise<T> {
    if (this.#bare) throw new SavepackError('NOT_SUPPORTED', "decodeStream: a frame 'none' codec reads no file (use decode)");
    const rc = opts?.requireChecksum;
    if ((rc !== undefined && typeof rc !== 'boolean') || opts?.version !== undefined) throw new SavepackError('INVALID_VALUE', 'decodeStream: the only option is requireChecksum (a boolean)');
    const read = rc === undefined || rc === this.#read.requireChecksum ? this.#read : this.#readOther;
    const cap = this.#newer && captureNewer(read, this.version);
    return decodeFileStream(stream, cap ? cap.read : read, (buf, start, end, v) => (cap && v > this.version ? this.#newer!(buf, start, end, v, cap.section()) as T : this.#payload(buf, start, end, this.#decoder(v))));
  }

  decode(input: Uint8Array | ArrayBuffer, opts?: DecodeOptions): T {
    if (this.#bare) return opts === undefined ? this.#quick!(input) as T : this.#decodeBare(input, opts);
    const rc = opts?.requireChecksum;
    if (rc !== undefined && typeof rc !== 'boolean') throw new SavepackError('INVALID_VALUE', `decode: requireChecksum must be a boolean, got ${String(rc)}`);
    if (opts?.version !== undefined) throw new SavepackError('INVALID_VALUE', "decode: version is an option of frame 'none' codecs; a file names its own data version");
    try {
      // Header, lengths, checksum and schema section: inside the same error boundary as the payload.
      const read = rc === undefined || rc === this.#read.requireChecksum ? this.#read : this.#readOther;
      const cap = this.#newer && captureNewer(read, this.version);
      const file = openFile(asBytes(input), cap ? cap.read : read, this.#file);
      if (cap && file.version > this.version) return this.#newer!(file.buf, file.start, file.end, file.version, cap.section()) as T;
      return this.#payload(file.buf, file.start, file.end, this.#decoder(file.version));
    } catch (e) {
      throw stackError(e, 'INVALID_DATA');
    }
  }

  /** Frame 'none': the whole input is the payload of data version `opts.version` (default: current). */
  #decodeBare(input: Uint8Array | ArrayBuffer, opts: DecodeOptions | undefined): T {
    let v = this.version;
    if (opts !== undefined) {
      const rc = opts.requireChecksum;
      if (rc !== undefined && rc !== false) throw new SavepackError('INVALID_VALUE', `decode: requireChecksum of a frame 'none' codec can only be false (there is no checksum), got ${String(rc)}`);
      v = bareVersion(opts.version, v);
    }
    try {
      const bytes = asBytes(input);
      const n = bytes.length;
      if (n > this.#limits.maxBytes) throw new SavepackError('LIMIT_EXCEEDED', `input of ${n} bytes exceeds limits.maxBytes ${this.#limits.maxBytes}`);
      return this.#payload(bytes, 0, n, this.#decoder(v));
    } catch (e) {
      throw stackError(e, 'INVALID_DATA');
    }
  }

  /** Decodes the payload at `buf[start, end)`, which it must fill exactly, with the codec's reader (a new one when nested). */
  #payload(buf: Uint8Array, start: number, end: number, dec: PayloadDecoder): T {
    const spare = this.#spare;
    this.#spare = undefined;
    const r = Reader.over(buf, start, end, this.#limits, spare);
    r.views = this.#views;
    const value = dec(r);
    if (r.pos !== end) throw leftOver(end - r.pos);
    r.release();
    this.#spare = r;
    return value as T;
  }
}

/** Creates a codec for `schema` whose current data version is `options.version`. */
export function codec<S extends Schema>(schema: S, options: CodecOptions): Codec<Infer<S>> {
  if (typeof options !== 'object' || options === null) throw new SavepackError('INVALID_VALUE', 'codec needs options with a version');
  const v = options.version;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > 0xffffffff) {
    throw new SavepackError('INVALID_VALUE', `codec: version must be an integer >= 0, got ${String(v)}`);
  }
  parseCompress(options.compress);
  checkSchemaTree(schema);
  checkCodecVersion(schema, v);
  return new CodecImpl<Infer<S>>(schema, v, options);
}
