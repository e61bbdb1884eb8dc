// codec.encodeStream: a file as a ReadableStream<Uint8Array>, never held whole. The value is
// written once, synchronously (a value that does not fit fails at the call, before any byte is
// streamed), into a PieceWriter; the header then knows every length, and the stream hands out the
// header, the payload in chunks and the XXH64 trailer, hashing (and deflating) as it goes.
//
// Deflate: the header stores the deflated length before the deflated bytes, so a compressed
// payload of STREAM_DEFLATE_MIN bytes or more is deflated twice with the same pushes (the same
// bytes): once to count, once to hand out. Smaller ones are deflated in one go, exactly as
// `encode` does, so their stream is `encode`'s bytes. Uncompressed streams always are.

import { SavepackError } from '../errors.ts';
import { deflate, deflater, type DeflateLevel } from '../format/compress.ts';
import { CHECKSUM_SIZE, HEADER_AT } from '../format/header.ts';
import type { WriteOptions } from '../format/container.ts';
import { Xxh64Stream } from '../wasm/xxh64-stream.ts';
import type { PayloadEncoder } from './payload.ts';
import { stackError } from './failure.ts';
import { PieceWriter } from './stream-writer.ts';

/** Default size of the chunks a stream hands out. */
const STREAM_CHUNK = 1 << 20;
/** Deflated bytes are kept from the counting pass (one deflate in all) while they total at most 1/this of the raw payload. */
const KEEP_DEFLATED_FRACTION = 4;
/** Compressed payloads of at least this many raw bytes are deflated in streamed blocks (two passes unless they compress 4x). */
const STREAM_DEFLATE_MIN = 1 << 20;
/** Work between two yields to the event loop, in ms. */
const SLICE_MS = 5;

/** Options of {@link Codec.encodeStream}. */
export interface EncodeStreamOptions {
  /** The data version to write (default: the codec's current one). */
  version?: number;
  /** Largest chunk the stream hands out, in bytes (default 1 MiB, at least 64); the first chunk is the whole header and schema section, whatever its size. */
  chunkSize?: number;
}

/** Checks `chunkSize` (INVALID_VALUE) and returns it or the default. */
export function chunkSizeOf(n: unknown): number {
  if (n === undefined) return STREAM_CHUNK;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 64 || n > 1 << 30) throw new SavepackError('INVALID_VALUE', `encodeStream: chunkSize must be an integer 64..2^30, got ${String(n)}`);
  return n;
}

/** Gives the event loop a turn every SLICE_MS of work (a timer, so timers and I/O run). */
class Pacer {
  #last = Date.now();
  /** Resolves at once, or after one macrotask when the last turn was SLICE_MS ago. */
  async pace(): Promise<void> {
    if (Date.now() - this.#last >= SLICE_MS) await this.turn();
  }

  /** Resolves after one macrotask. */
  async turn(): Promise<void> {
    await new Promise((r) => setTimeout(r, 0));
    this.#last = Date.now();
  }
}

/** The payload of `pieces` in slices of at most `size` bytes (views, not copies); fails if a viewed array changed length. */
function* slices(pieces: readonly Uint8Array[], lengths: readonly number[], size: number): Generator<Uint8Array> {
  for (let k = 0; k < pieces.length; k++) {
    const p = pieces[k]!;
    if (p.length !== lengths[k]) throw new SavepackError('INVALID_VALUE', 'a byte array of the value changed size (or was transferred) while the stream was read');
    for (let i = 0; i < p.length; i += size) yield p.subarray(i, Math.min(i + size, p.length));
  }
}

/** Writes `value` with `enc` and returns its file as a stream of chunks of at most `chunk` bytes. */
export function encodeFileStream(enc: PayloadEncoder, value: unknown, head: Uint8Array, o: WriteOptions & { level: DeflateLevel }, chunk: number): ReadableStream<Uint8Array> {
  const w = new PieceWriter(Math.max(chunk, 1 << 12));
  try {
    enc(w, value);
  } catch (e) {
    throw stackError(e, 'INVALID_VALUE');
  }
  w.seal();
  const pieces = w.pieces, lengths = pieces.map((p) => p.length);
  const raw = lengths.reduce((a, b) => a + b, 0);
  if (raw > 0xffffffff) throw new SavepackError('NOT_SUPPORTED', `payload of ${raw} bytes exceeds the format's 4 GiB limit`);
  const it = fileChunks(pieces, lengths, raw, head, o, chunk);
  return new ReadableStream<Uint8Array>({
    async pull(c) {
      try {
        const r = await it.next();
        if (r.done) c.close();
        else c.enqueue(r.value);
      } catch (e) {
        c.error(stackError(e, 'INVALID_VALUE'));
      }
    },
    async cancel() {
      await it.return(undefined);
    },
  }, { highWaterMark: 0 });
}

/** The file's chunks: header (alone, whole), payload, trailer; hashed as handed out. */
async function* fileChunks(pieces: Uint8Array[], lengths: number[], raw: number, head0: Uint8Array, o: WriteOptions & { level: DeflateLevel }, chunk: number): AsyncGenerator<Uint8Array> {
  const pacer = new Pacer();
  const hash = o.checksum ? new Xxh64Stream() : undefined;
  const head = head0.slice();
  const hv = new DataView(head.buffer);
  hv.setUint32(HEADER_AT.rawLength, raw, true);
  const out = (b: Uint8Array): Uint8Array => { hash?.update(b); return b; };
  if (o.compress === 'none') {
    hv.setUint32(HEADER_AT.payloadLength, raw, true);
    yield out(head);
    // Copies, in chunks of `chunk` bytes: the consumer never holds a view of the value's arrays.
    let buf = new Uint8Array(Math.min(chunk, Math.max(raw, 1))), fill = 0;
    for (const s of slices(pieces, lengths, chunk)) {
      let i = 0;
      while (i < s.length) {
        const n = Math.min(s.length - i, buf.length - fill);
        buf.set(s.subarray(i, i + n), fill);
        fill += n; i += n;
        if (fill === buf.length) { yield out(buf); buf = new Uint8Array(buf.length); fill = 0; await pacer.pace(); }
      }
    }
    if (fill > 0) yield out(buf.subarray(0, fill));
  } else if (raw < STREAM_DEFLATE_MIN) {
    // Small: one deflate of the whole payload, `encode`'s very bytes.
    const all = new Uint8Array(raw);
    let at = 0;
    for (const s of slices(pieces, lengths, raw || 1)) { all.set(s, at); at += s.length; }
    const z = deflate(all, o.level);
    hv.setUint32(HEADER_AT.payloadLength, z.length, true);
    yield out(head);
    yield* parts(z, chunk, out);
  } else {
    // Pass 1 counts the deflated bytes (the header holds them first) and keeps them while they
    // stay within a quarter of the raw payload: then they are handed out as they are (one deflate
    // in all). Past that, they are dropped and pass 2 deflates again to hand them out.
    await pacer.turn(); // the value was just written: give the loop a turn before deflating
    let stored = 0;
    const keepMax = Math.floor(raw / KEEP_DEFLATED_FRACTION);
    let kept: Uint8Array[] | undefined = [];
    for (const z of deflated(pieces, lengths, raw, o.level)) {
      stored += z.length;
      if (kept) { if (stored <= keepMax) { if (z.length) kept.push(z); } else kept = undefined; }
      await pacer.pace();
    }
    if (stored > 0xffffffff) throw new SavepackError('NOT_SUPPORTED', `deflated payload of ${stored} bytes exceeds the format's 4 GiB limit`);
    hv.setUint32(HEADER_AT.payloadLength, stored, true);
    yield out(head);
    if (kept) {
      for (const z of kept) yield* parts(z, chunk, out);
    } else {
      let again = 0;
      for (const z of deflated(pieces, lengths, raw, o.level)) {
        again += z.length;
        if (again > stored) break;
        yield* parts(z, chunk, out);
        await pacer.pace();
      }
      if (again !== stored) throw new SavepackError('INVALID_VALUE', 'the value changed while the stream was read (its deflated size differs between the two passes)');
    }
  }
  if (hash) {
    const t = new Uint8Array(CHECKSUM_SIZE);
    new DataView(t.buffer).setBigUint64(0, hash.digest(), true);
    yield t;
  }
}

/** `z` in views of at most `chunk` bytes, each passed through `out` (which hashes it). */
function* parts(z: Uint8Array, chunk: number, out: (b: Uint8Array) => Uint8Array): Generator<Uint8Array> {
  for (let i = 0; i < z.length; i += chunk) yield out(z.subarray(i, i + chunk));
}

/** The deflated payload, in the pieces a streaming deflater gives for 64 KiB pushes (an empty piece between pushes that give none). */
function* deflated(pieces: Uint8Array[], lengths: number[], raw: number, level: DeflateLevel): Generator<Uint8Array> {
  const d = deflater(level);
  let done = 0;
  for (const s of slices(pieces, lengths, 1 << 16)) {
    done += s.length;
    const zs = d(s, done === raw);
    if (zs.length === 0) yield EMPTY;
    for (const z of zs) yield z;
  }
}

const EMPTY = new Uint8Array(0);
