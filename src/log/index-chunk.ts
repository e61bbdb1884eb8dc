// Index chunks: when a log is closed after appends, one chunk of magic "SPIX" is appended that
// lists the payload length and item count of every data chunk since the previous index chunk,
// with that one's offset, and ends with its own offset. Opening a log that ends with one reads
// the chain of index chunks from the end instead of walking every chunk header (FORMAT.md, "Log
// files"); anything inconsistent sends the open back to the full walk, so an index chunk can make
// opening faster but never changes what a log holds.

import { SavepackError } from '../errors.ts';
import { ChunkIndex } from './chunk-index.ts';
import { CHUNK_HEAD, chunkPayload, chunkSize, INDEX_MAGIC, putU64, readChunkHead, u32, u64, writeChunk, type ChunkHead } from './format.ts';
import type { LogStorage } from './storage.ts';
import type { IndexedPrefix, ItemsCheck, WalkResult } from './walk.ts';

/** The index chunk (sequence `seq`, at `self`) of chunks [from, ix.count) of `ix`, after the index chunk at `prev` (0: none). */
export function indexChunk(seq: number, prev: number, self: number, ix: ChunkIndex, from: number): Uint8Array {
  const count = ix.count - from;
  const payload = new Uint8Array(24 + 8 * count);
  const v = new DataView(payload.buffer);
  putU64(payload, 0, prev);
  putU64(payload, 8, count);
  for (let i = 0; i < count; i++) {
    v.setUint32(16 + 8 * i, ix.payload(from + i), true);
    v.setUint32(20 + 8 * i, ix.itemsIn(from + i), true);
  }
  putU64(payload, 16 + 8 * count, self);
  return writeChunk(seq, 0, payload, INDEX_MAGIC);
}

/** Bytes read at once for an index chunk: one written by appends (at most 256 entries) fits. */
const FIRST_READ = 4096;

/** One index chunk read back. */
export interface Segment { at: number; head: ChunkHead; payload: Uint8Array; count: number }

/** The index chunk at `at`, which must end at or before `limit` (exactly at it when `exact`); undefined when it is not a valid one. */
export async function segment(s: LogStorage, at: number, limit: number, exact: boolean): Promise<Segment | undefined> {
  if (!(at + CHUNK_HEAD <= limit)) return undefined;
  const first = await s.read(at, Math.min(limit - at, FIRST_READ)); // an index chunk appends write fits (one read call)
  if (first.length < CHUNK_HEAD) return undefined;
  const h = readChunkHead(first, 0);
  if (!h || !h.index) return undefined;
  const n = chunkSize(h.payload);
  if (exact ? at + n !== limit : at + n > limit) return undefined;
  let payload: Uint8Array;
  try {
    payload = chunkPayload(n <= first.length ? first.subarray(0, n) : await s.read(at, n), h.payload, h.seq, at);
  } catch (e) {
    if (e instanceof SavepackError) return undefined;
    throw e;
  }
  const count = u64(payload, 8);
  if (payload.length !== 24 + 8 * count || u64(payload, payload.length - 8) !== at) return undefined;
  return { at, head: h, payload, count };
}

/**
 * The chunks of a log (head ending at `start`) before the index chunk at `at`, from the chain of
 * index chunks that ends with it; that chunk must end exactly at `limit` when `exact`, else at or
 * before it (`first`: that chunk, when segment already read it with these arguments). Every link
 * must point backwards, every chunk offset the chain implies must land on the next index chunk,
 * sequence numbers must agree; undefined otherwise (walk the log instead).
 */
export async function readChain(s: LogStorage, start: number, at: number, limit: number, exact: boolean, check: ItemsCheck, first?: Segment): Promise<IndexedPrefix | undefined> {
  const segs: Segment[] = [];
  for (;;) {
    if (!(at >= start)) return undefined;
    const seg = first ?? (await segment(s, at, limit, exact));
    first = undefined;
    if (!seg) return undefined;
    segs.push(seg);
    const prev = u64(seg.payload, 0);
    if (prev === 0) break;
    if (!(prev < at)) return undefined;
    limit = at;
    at = prev;
    exact = false;
  }
  const index = new ChunkIndex();
  let pos = start, seq = 0;
  for (let k = segs.length - 1; k >= 0; k--) {
    const seg = segs[k]!, p = seg.payload;
    for (let i = 0; i < seg.count; i++) {
      const h: ChunkHead = { index: false, payload: u32(p, 16 + 8 * i), seq, items: u32(p, 20 + 8 * i) };
      if (check(h) !== undefined) return undefined;
      index.push(pos, h.payload, seq, h.items);
      pos += chunkSize(h.payload);
      seq++;
      if (pos > seg.at) return undefined;
    }
    if (pos !== seg.at || seg.head.seq !== seq) return undefined;
    pos += chunkSize(seg.head.payload);
  }
  return { index, end: pos, seq, lastIndex: segs[0]!.at };
}

/**
 * The chunk index of a log (head ending at `start`, `size` bytes) from its index chunks, when the
 * file ends with one and the chain is consistent with the file; undefined otherwise (walk it).
 */
export async function readIndexed(s: LogStorage, start: number, size: number, check: ItemsCheck): Promise<WalkResult | undefined> {
  if (size - start < CHUNK_HEAD + 24 + 8) return undefined;
  const c = await readChain(s, start, u64(await s.read(size - 16, 8), 0), size, true, check);
  if (!c || c.end !== size) return undefined;
  return { index: c.index, end: size, seq: c.seq, recovered: 0, damaged: [], lastIndex: c.lastIndex, indexed: true };
}
