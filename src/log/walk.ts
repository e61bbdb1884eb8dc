// Rebuilding a log's chunk index on open: chunk headers are walked from the head on, payloads are
// jumped over (never decoded, never hashed, except the last chunk's). What ends the walk:
//   - the end of the file: a clean log;
//   - a torn tail (what a crash mid-append leaves): fewer than 24 bytes, a header whose chunk runs
//     past the end of the file, only zero bytes, or a last chunk whose XXH64 fails; the walk stops
//     before it and reports its bytes as `recovered`;
//   - a damaged header (a whole 24 bytes that are not the next chunk's header) followed by more
//     bytes: CHECKSUM naming the chunk, or with skipDamaged a scan for the next valid header.
// Every offset is a sum of u32 fields done in 53-bit arithmetic and checked against the size.

import { SavepackError } from '../errors.ts';
import { ChunkIndex } from './chunk-index.ts';
import { CHUNK_HEAD, chunkPayload, chunkSize, readChunkHead, type ChunkHead } from './format.ts';
import type { LogStorage } from './storage.ts';

/** A stretch of a log that was skipped because it was damaged (skipDamaged). */
export interface LogDamage {
  /** Sequence number of the first chunk lost (chunks are numbered from 0 in append order). */
  chunk: number;
  /** Byte offset of the damage in the file. */
  offset: number;
  /** Bytes skipped (a damaged header: up to the next valid chunk), or the chunk's size (a damaged payload). */
  bytes: number;
}

/** What the walk found. */
export interface WalkResult {
  index: ChunkIndex;
  /** Where the next chunk goes: just after the last whole chunk. */
  end: number;
  /** The sequence number of the next chunk. */
  seq: number;
  /** Bytes after `end` (a torn tail) that the next append cuts off. */
  recovered: number;
  /** Damaged stretches skipped (skipDamaged only; otherwise the walk throws). */
  damaged: LogDamage[];
  /** Offset of the last index chunk (0: none). */
  lastIndex: number;
  /** Whether the log ends with an index chunk (nothing to index at close). */
  indexed: boolean;
}

/** What a chain of index chunks says: the chunks before its last index chunk, and where that one ends. */
export interface IndexedPrefix {
  index: ChunkIndex;
  /** The end of the chain's last index chunk (where the next chunk starts). */
  end: number;
  /** The sequence number of the next data chunk. */
  seq: number;
  /** The offset of the index chunk the chain ends with. */
  lastIndex: number;
}

/** Headers of chunks below this many bytes are read in windows of WINDOW bytes, bigger ones 24 bytes at a time (a read call costs about a 4 KB copy). */
const DENSE = 4 * 1024;
const WINDOW = 256 * 1024;

/** Reads from storage through a window, so that headers of small chunks cost one read per window. */
class Cursor {
  #buf: Uint8Array = new Uint8Array(0);
  #at = 0;
  constructor(private readonly s: LogStorage, private readonly size: number) {}

  /** Bytes [pos, pos + n) as `buf` with `buf[off]` at pos (n bytes must lie inside the file). */
  async at(pos: number, n: number, dense: boolean): Promise<{ buf: Uint8Array; off: number }> {
    if (pos < this.#at || pos + n > this.#at + this.#buf.length) {
      const len = dense ? Math.max(n, Math.min(WINDOW, this.size - pos)) : n;
      this.#buf = await this.s.read(pos, len);
      this.#at = pos;
      if (this.#buf.length < n) throw new SavepackError('TRUNCATED', `${this.s.name}: the log shrank while it was opened`);
    }
    return { buf: this.#buf, off: pos - this.#at };
  }
}

/** True when bytes [pos, size) are all zero (an unwritten tail). */
async function zeros(c: Cursor, pos: number, size: number): Promise<boolean> {
  for (let p = pos; p < size; p += WINDOW) {
    const n = Math.min(WINDOW, size - p);
    const { buf, off } = await c.at(p, n, true);
    for (let i = 0; i < n; i++) if (buf[off + i] !== 0) return false;
  }
  return true;
}

/** The next valid header after `pos` (8-aligned scan) with a sequence above `seq` whose chunk fits, or undefined. */
async function resync(c: Cursor, pos: number, size: number, seq: number): Promise<{ pos: number; h: ChunkHead } | undefined> {
  for (let p = pos + 8; p + CHUNK_HEAD <= size; p += 8) {
    const { buf, off } = await c.at(p, CHUNK_HEAD, true);
    const h = readChunkHead(buf, off);
    if (h && h.seq > seq && p + chunkSize(h.payload) <= size) return { pos: p, h };
  }
  return undefined;
}

/** Whether the chunk at `at` (sequence `seq`, a payload of `p` bytes) passes its XXH64. */
async function intact(s: LogStorage, at: number, p: number, seq: number): Promise<boolean> {
  try {
    chunkPayload(await s.read(at, chunkSize(p)), p, seq, at);
    return true;
  } catch (e) {
    if (e instanceof SavepackError && e.code === 'CHECKSUM') return false;
    throw e;
  }
}

/** Whether chunk header `h` is the plausible next one: its item count fits its payload. */
export type ItemsCheck = (h: ChunkHead) => string | undefined;

/**
 * Walks the chunks of a log whose head ends at `start` in a file of `size` bytes (or only those
 * after the chunks `from` already knows, from index chunks). `check` refuses (INVALID_DATA) a
 * header whose item count cannot be right (records: more items than payload bytes).
 */
export async function walk(s: LogStorage, start: number, size: number, skipDamaged: boolean, check: ItemsCheck, from?: IndexedPrefix): Promise<WalkResult> {
  const index = from?.index ?? new ChunkIndex();
  const damaged: LogDamage[] = [];
  const c = new Cursor(s, size);
  let pos = from?.end ?? start, seq = from?.seq ?? 0, dense = true, lastIndex = from?.lastIndex ?? 0, indexed = from !== undefined;
  while (pos < size) {
    if (size - pos < CHUNK_HEAD) break; // a torn header
    const { buf, off } = await c.at(pos, CHUNK_HEAD, dense);
    const h = readChunkHead(buf, off);
    if (h && h.seq === seq) {
      const n = chunkSize(h.payload);
      if (pos + n > size) break; // header written, the rest not: torn
      if (h.index) { // an index chunk: nothing to index, the next data chunk has the same sequence number
        // One that ends the file is checked (it was the last thing written): a bad one is a torn tail.
        if (pos + n === size && !(await intact(s, pos, h.payload, h.seq))) break;
        lastIndex = pos;
        indexed = true;
        pos += n;
        continue;
      }
      indexed = false;
      const bad = check(h);
      if (bad) throw new SavepackError('INVALID_DATA', `${s.name}: log chunk ${seq} (at byte ${pos}): ${bad}`);
      index.push(pos, h.payload, seq, h.items);
      dense = n < DENSE;
      pos += n;
      seq++;
      continue;
    }
    if (await zeros(c, pos, size)) break; // never written (a crash after the file grew)
    if (!skipDamaged) {
      throw new SavepackError('CHECKSUM', `${s.name}: log chunk ${seq} (at byte ${pos}) is damaged: its header is not a valid chunk header` +
        ' (open with { skipDamaged: true } to read around it)');
    }
    const next = await resync(c, pos, size, seq);
    if (!next) break; // nothing valid follows: the damage reaches the end, dropped like a torn tail
    damaged.push({ chunk: seq, offset: pos, bytes: next.pos - pos });
    pos = next.pos;
    seq = next.h.seq;
  }
  // Only the last whole chunk can be torn by a crash once its header and size are there (the file
  // grew, its bytes never came): check its XXH64. A damaged payload further back is found when it
  // is read (CHECKSUM naming the chunk).
  if (index.count > 0 && lastIndex < index.offset(index.count - 1)) { // (an index chunk after it proves it whole)
    const i = index.count - 1;
    if (!(await intact(s, index.offset(i), index.payload(i), index.seq(i)))) {
      pos = index.offset(i);
      seq = index.seq(i);
      index.pop();
    }
  }
  return { index, end: pos, seq, recovered: size - pos, damaged, lastIndex, indexed: indexed && pos === size };
}
