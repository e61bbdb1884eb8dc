// codec.decodeStream: reads a file from a ReadableStream of bytes. The header is checked as soon
// as its 32 bytes arrive (lengths against limits.maxBytes before anything is allocated for them);
// the payload is gathered (or inflated) into one buffer that grows as bytes really arrive, capped
// at its declared size; every byte is hashed as it passes. After the trailer: the checksum, the
// end of the stream, the schema section, then the payload is decoded. Memory: the payload (about
// 1.25 x its size at worst while its buffer grows) plus one chunk, never the stored file as well.

import { fail, SavepackError } from '../errors.ts';
import { asBytes } from '../format/container.ts';
import { checkFormatVersion, checkHeader, checkMagic, checkPayloadLengths, type ReadOptions } from '../format/header-check.ts';
import { GrowingBuffer } from '../format/growing-buffer.ts';
import { InflateInto } from '../format/inflate-stream.ts';
import { CHECKSUM_SIZE, COMPRESSION, HEADER_AT, HEADER_SIZE, MAGIC } from '../format/header.ts';
import { ownBuffer, releaseBuffer } from '../wire/owned.ts';
import { Xxh64Stream } from '../wasm/xxh64-stream.ts';
import { stackError } from './failure.ts';

/** Reads `n`-byte runs off a stream reader, hashing what passes. */
class Source {
  #chunk: Uint8Array = new Uint8Array(0);
  #at = 0;
  /** Bytes handed out so far. */
  done = 0;
  constructor(readonly reader: ReadableStreamDefaultReader<unknown>, public hash: Xxh64Stream | undefined) {}

  /** The next non-empty chunk from the stream, or null at its end. */
  async #next(): Promise<Uint8Array | null> {
    for (;;) {
      let r: ReadableStreamReadResult<unknown>;
      try {
        r = await this.reader.read();
      } catch (e) {
        if (e instanceof SavepackError) throw e;
        throw new SavepackError('IO', `reading the stream failed: ${String((e as Error)?.message ?? e)}`, '', { cause: e });
      }
      if (r.done) return null;
      const b = asBytes(r.value);
      if (b.length) return b;
    }
  }

  /** Hands exactly `n` bytes to `sink` (in pieces, views valid during the call); TRUNCATED when the stream ends first. */
  async take(n: number, sink: (b: Uint8Array, last: boolean) => void, what: string): Promise<void> {
    let left = n;
    while (left > 0) {
      if (this.#at === this.#chunk.length) {
        const c = await this.#next();
        if (!c) throw new SavepackError('TRUNCATED', `the stream ends after ${this.done} bytes, inside the ${what}`);
        this.#chunk = c; this.#at = 0;
      }
      const k = Math.min(left, this.#chunk.length - this.#at);
      const b = this.#chunk.subarray(this.#at, this.#at + k);
      this.#at += k; left -= k; this.done += k;
      this.hash?.update(b);
      sink(b, left === 0);
    }
  }

  /** Exactly `n` bytes in one new buffer (grown as they arrive: GrowingBuffer's STREAMED policy). */
  async bytes(n: number, what: string): Promise<Uint8Array> {
    const g = new GrowingBuffer(n);
    await this.take(n, (b) => g.add(b), what);
    return g.result();
  }

  /** Fails unless the stream has ended (INVALID_DATA for bytes after the file). */
  async end(): Promise<void> {
    if (this.#at < this.#chunk.length || (await this.#next())) {
      throw new SavepackError('INVALID_DATA', `unexpected bytes after the end of the file (${this.done} bytes)`);
    }
  }
}

/** Reads and decodes the file in `stream`; `decode` decodes the payload at buf[start, end) of data version `v`. */
export async function decodeFileStream<T>(stream: unknown, o: ReadOptions, decode: (buf: Uint8Array, start: number, end: number, v: number) => T): Promise<T> {
  // Any object with getReader() (a stream of another realm or a polyfill too).
  if (typeof stream !== 'object' || stream === null || typeof (stream as { getReader?: unknown }).getReader !== 'function') throw new SavepackError('INVALID_VALUE', 'decodeStream needs a ReadableStream of Uint8Array chunks');
  let reader: ReadableStreamDefaultReader<unknown>;
  try {
    reader = (stream as ReadableStream<unknown>).getReader();
  } catch (e) {
    throw new SavepackError('INVALID_VALUE', `decodeStream: the stream cannot be read (${String((e as Error)?.message ?? e)}; locked by another reader?)`, '', { cause: e });
  }
  try {
    return await readFile(reader, o, decode);
  } catch (e) {
    reader.cancel().catch(() => {});
    throw stackError(e, 'INVALID_DATA');
  } finally {
    reader.releaseLock();
  }
}

async function readFile<T>(reader: ReadableStreamDefaultReader<unknown>, o: ReadOptions, decode: (buf: Uint8Array, start: number, end: number, v: number) => T): Promise<T> {
  const hash = new Xxh64Stream();
  const src = new Source(reader, hash);
  const h = new Uint8Array(HEADER_SIZE);
  let got = 0;
  // Checks 2 and 3 as the header's bytes arrive, then the rest of 3, 4 and 7 once all 32 are here
  // (the same functions as openFile's); the file's declared length against limits.maxBytes first.
  await src.take(HEADER_SIZE, (b) => {
    h.set(b, got);
    checkMagic(h, got, Math.min(got + b.length, MAGIC.length));
    const was = got;
    got += b.length;
    // The format version is complete once the bytes reach the flags (where it ends).
    if (was < HEADER_AT.flags && got >= HEADER_AT.flags) checkFormatVersion(h);
  }, 'header');
  const head = checkHeader(new DataView(h.buffer), o);
  const { compression, hasSchema, hasChecksum, version, schemaLen, stored, raw, start, total } = head;
  if (!hasChecksum) src.hash = undefined;
  if (total > o.maxBytes) fail('LIMIT_EXCEEDED', `the file declares ${total} bytes, more than limits.maxBytes ${o.maxBytes}`);
  checkPayloadLengths(head, o);
  const schema = await src.bytes(schemaLen, 'schema section');
  await src.take(start - HEADER_SIZE - schemaLen, (b) => { for (const x of b) if (x !== 0) fail('INVALID_DATA', 'non-zero padding before the payload'); }, 'padding');
  let payload!: Uint8Array;
  if (compression === COMPRESSION.deflate) {
    // A damaged deflate stream fails while inflating, before the trailer is read: with a checksum,
    // the rest is still hashed and a mismatch reported as CHECKSUM, as decode does.
    const inf = new InflateInto(raw);
    let failed: unknown;
    const push = (b: Uint8Array, last: boolean) => { if (failed !== undefined) return; try { inf.push(b, last); } catch (e) { failed = e; if (!hasChecksum) throw e; } };
    await src.take(stored, push, 'payload');
    if (stored === 0) push(new Uint8Array(0), true);
    if (failed === undefined) try { payload = inf.finish(); } catch (e) { failed = e; if (!hasChecksum) throw e; }
    if (failed !== undefined) { await checkTrailer(src, hash); throw failed; }
  } else {
    payload = await src.bytes(stored, 'payload');
    ownBuffer(payload); // only when it fills its buffer (owned.ts)
  }
  if (hasChecksum) await checkTrailer(src, hash);
  await src.end();
  if (hasSchema) o.checkSchema(version, schema, new DataView(schema.buffer, schema.byteOffset, schema.length), 0, schemaLen);
  try {
    return decode(payload, 0, payload.length, version);
  } finally {
    releaseBuffer(payload);
  }
}

/** Reads the XXH64 trailer and compares it with the hash of everything before it (CHECKSUM). */
async function checkTrailer(src: Source, hash: Xxh64Stream): Promise<void> {
  const got = hash.digest();
  src.hash = undefined; // the trailer is not hashed
  const t = await src.bytes(CHECKSUM_SIZE, 'checksum');
  const want = new DataView(t.buffer, t.byteOffset, CHECKSUM_SIZE).getBigUint64(0, true);
  if (want !== got) throw new SavepackError('CHECKSUM', `XXH64 mismatch (file says ${want.toString(16)}, contents hash to ${got.toString(16)}): the file is damaged`);
}
