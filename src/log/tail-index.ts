// Opening a log that was not closed (a crash) without walking every chunk header. The writer puts
// an index chunk before a data chunk whenever INDEX_EVERY_CHUNKS chunks or INDEX_EVERY_BYTES bytes
// have been appended since the last one (log.ts), so the last index chunk lies near the end of the
// file: it is found by scanning back from the end (8-aligned, at most SCAN bytes) for a chunk with
// the index magic, a valid header check, XXH64 and its own offset; the chain of index chunks it
// starts (index-chunk.ts) gives the chunks before it, and only the headers after it are walked.
// Anything inconsistent (no such chunk, a broken chain, a header that disagrees with the chain,
// damage after it) returns undefined: the caller walks the whole log, which decides.

import { SavepackError } from '../errors.ts';
import { CHUNK_HEAD, chunkSize, INDEX_MAGIC, readChunkHead, u32 } from './format.ts';
import { readChain, segment, type Segment } from './index-chunk.ts';
import type { LogStorage } from './storage.ts';
import { walk, type IndexedPrefix, type ItemsCheck, type WalkResult } from './walk.ts';

/** The writer adds an index chunk once this many data chunks follow the last one... */
export const INDEX_EVERY_CHUNKS = 256;
/** ...or once the data chunks after it reach this many bytes. */
export const INDEX_EVERY_BYTES = 1024 * 1024;
/** How far back from the end of the file the last index chunk is looked for. */
const SCAN = 4 * 1024 * 1024;
/** Index chunk headers (valid header check) whose whole chunk is checked before the scan gives up. */
const TRIES = 8;
/** Bytes read per call while scanning back. */
const WINDOW = 256 * 1024;

const down8 = (x: number) => Math.floor(x / 8) * 8;

/** The last valid index chunk within SCAN bytes of the end of a `size`-byte log whose chunks start at `start`, or undefined. */
async function lastIndexChunk(s: LogStorage, start: number, size: number): Promise<Segment | undefined> {
  const lo = Math.max(start, down8(size - SCAN));
  let tries = 0;
  for (let top = down8(size - CHUNK_HEAD); top >= lo;) {
    const a = Math.max(lo, top - WINDOW + 8);
    const buf = await s.read(a, top - a + CHUNK_HEAD);
    if (buf.length < top - a + CHUNK_HEAD) throw new SavepackError('TRUNCATED', `${s.name}: the log shrank while it was opened`);
    for (let p = top; p >= a; p -= 8) {
      if (u32(buf, p - a) !== INDEX_MAGIC) continue;
      const h = readChunkHead(buf, p - a);
      if (!h || !h.index || p + chunkSize(h.payload) > size) continue;
      if (++tries > TRIES) return undefined; // forged headers everywhere: each would cost a hash of the rest of the file
      const seg = await segment(s, p, size, false);
      if (seg) return seg;
    }
    top = a - 8;
  }
  return undefined;
}

/** Whether the last data chunk the chain lists just before its last index chunk has the header the chain says. */
async function lastListedAgrees(s: LogStorage, pre: IndexedPrefix): Promise<boolean> {
  const ix = pre.index, i = ix.count - 1;
  if (i < 0 || ix.offset(i) + chunkSize(ix.payload(i)) !== pre.lastIndex) return true;
  return ix.holds(i, readChunkHead(await s.read(ix.offset(i), CHUNK_HEAD), 0));
}

/**
 * The chunk index of a log that does not end with an index chunk (head ending at `start`, `size`
 * bytes), from its last index chunk and a walk of the headers after it; undefined when that is not
 * possible or not consistent (the caller walks the whole log).
 */
export async function openFromTail(s: LogStorage, start: number, size: number, skipDamaged: boolean, check: ItemsCheck): Promise<WalkResult | undefined> {
  const last = await lastIndexChunk(s, start, size);
  if (last === undefined) return undefined;
  const pre = await readChain(s, start, last.at, size, false, check, last);
  if (!pre || !(await lastListedAgrees(s, pre))) return undefined;
  let w: WalkResult;
  try {
    w = await walk(s, start, size, skipDamaged, check, pre);
  } catch (e) {
    if (e instanceof SavepackError) return undefined;
    throw e;
  }
  return w.damaged.length > 0 ? undefined : w;
}
