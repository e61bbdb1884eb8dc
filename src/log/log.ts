// An open log: appends one chunk per value at the end of the storage (never rewriting earlier
// bytes), reads chunks through the in-memory index, and compacts into an ordinary file.

import { SavepackError } from '../errors.ts';
import type { Codec } from '../codec/api.ts';
import { RecordArray } from '../records/record-array.ts';
import type { StructSchema } from '../schema/types.ts';
import type { ChunkIndex } from './chunk-index.ts';
import { chunkBytes, checkedPayload, checkRecordCount } from './chunk-read.ts';
import { writeChunk } from './format.ts';
import { indexChunk } from './index-chunk.ts';
import { INDEX_EVERY_BYTES, INDEX_EVERY_CHUNKS } from './tail-index.ts';
import type { Log, LogDamage, LogSlice } from './api.ts';
import type { LogStorage } from './storage.ts';
import type { WalkResult } from './walk.ts';
import { readUvarint53 } from '../wire/leb128.ts';

/** Writes `value` with `codec` as an ordinary savepack file at `target`, atomically (the adapter's saveFile). */
export type LogSaver = (target: string, codec: Codec<any>, value: unknown) => Promise<void>;

/** How a log reads and writes its chunks. */
export interface LogParts<T> {
  storage: LogStorage;
  /** The user's codec (current version N): compaction writes with it. */
  codec: Codec<T>;
  /** A frame-'none' codec of the same schema: chunk payloads. */
  bare: Codec<T>;
  /** The log's data version k. */
  version: number;
  /** The records struct when the root schema is `t.records`. */
  records: StructSchema | undefined;
  /** The codec compaction of a non-records log writes with (`t.vec` of the schema), made on demand. */
  vecCodec: () => Codec<unknown[]>;
  save: LogSaver;
  sync: boolean;
  skipDamaged: boolean;
}

/** The LEB128 count at the start of a records payload (the bare codec's own output, so minimal). */
function leadingCount(p: Uint8Array): number {
  try {
    return readUvarint53({ buf: p, pos: 0, end: p.length, truncated: () => { throw new RangeError('no count'); } });
  } catch {
    throw new SavepackError('INVALID_VALUE', 'records payload without a count');
  }
}

/** The Log of API.md section 14 over a LogStorage. */
export class LogImpl<T> implements Log<T> {
  readonly #p: LogParts<T>;
  readonly #index: ChunkIndex;
  #end: number;
  #seq: number;
  /** Bytes past #end to cut before the next write (a torn tail, or a failed append's leftovers). */
  #dirty: boolean;
  readonly recovered: number;
  readonly #damaged: LogDamage[];
  readonly #seen = new Set<number>();
  #queue: Promise<unknown> = Promise.resolve();
  #closed = false;
  /** Offset of the last index chunk (0: none), and whether the log ends with one. */
  #lastIndex: number;
  #indexed: boolean;
  /** The first chunk after the last index chunk (the next index chunk lists chunks from it on). */
  #from: number;

  constructor(p: LogParts<T>, w: WalkResult) {
    this.#p = p;
    this.#index = w.index;
    this.#end = w.end;
    this.#seq = w.seq;
    this.#dirty = w.recovered > 0;
    this.recovered = w.recovered;
    this.#damaged = w.damaged;
    this.#lastIndex = w.lastIndex;
    this.#indexed = w.indexed;
    let from = w.index.count;
    while (from > 0 && w.index.offset(from - 1) > w.lastIndex) from--;
    this.#from = from;
  }

  get length(): number {
    return this.#index.items;
  }

  get chunks(): number {
    return this.#index.count;
  }

  get version(): number {
    return this.#p.version;
  }

  get damaged(): readonly LogDamage[] {
    return this.#damaged;
  }

  #open(what: string): void {
    if (this.#closed) throw new SavepackError('NOT_SUPPORTED', `${what}: the log ${this.#p.storage.name} is closed`);
  }

  append(value: T): Promise<void> {
    try {
      this.#open('append');
    } catch (e) {
      return Promise.reject(e);
    }
    const p = this.#p;
    // Encode now (a value that does not fit fails before anything is written), write in order.
    let bytes: Uint8Array, items: number;
    try {
      bytes = p.bare.encode(value, { version: p.version });
      items = p.records ? leadingCount(bytes) : 1;
    } catch (e) {
      return Promise.reject(e);
    }
    const run = this.#queue.then(() => this.#write(bytes, items));
    this.#queue = run.catch(() => {});
    return run;
  }

  /**
   * The index chunk that goes before the next data chunk (at #end): when INDEX_EVERY_CHUNKS chunks
   * or INDEX_EVERY_BYTES bytes follow the last index chunk, so that an open after a crash reads the
   * chain of index chunks and walks only the headers after the last one (tail-index.ts). It lists
   * only chunks earlier appends wrote (and, with `sync`, fsynced), so a crash that tears this write leaves it
   * either whole or a torn tail, like any chunk. None once damage was found (sequence gaps).
   */
  #dueIndex(): Uint8Array | undefined {
    const ix = this.#index, from = this.#from;
    if (this.#damaged.length > 0 || from >= ix.count) return undefined;
    if (ix.count - from < INDEX_EVERY_CHUNKS && this.#end - ix.offset(from) < INDEX_EVERY_BYTES) return undefined;
    return indexChunk(this.#seq, this.#lastIndex, this.#end, ix, from);
  }

  async #write(payload: Uint8Array, items: number): Promise<void> {
    const s = this.#p.storage, at = this.#end, seq = this.#seq;
    const sealed = writeChunk(seq, items, payload);
    const ixc = this.#dueIndex();
    let bytes = sealed;
    if (ixc) {
      bytes = new Uint8Array(ixc.length + sealed.length);
      bytes.set(ixc);
      bytes.set(sealed, ixc.length);
    }
    if (this.#dirty) {
      await s.truncate(at);
      this.#dirty = false;
    }
    try {
      await s.write(at, bytes);
      if (this.#p.sync) await s.sync();
    } catch (e) {
      this.#dirty = true; // part of the chunk may be there: cut it before the next append
      throw e;
    }
    if (ixc) {
      this.#lastIndex = at;
      this.#from = this.#index.count;
    }
    this.#index.push(at + bytes.length - sealed.length, payload.length, seq, items);
    this.#end = at + bytes.length;
    this.#seq = seq + 1;
    this.#indexed = false;
  }

  /** At close: cuts a torn tail and appends an index chunk of the chunks since the last one, so that the next open need not walk them. */
  async #writeIndex(): Promise<void> {
    const ix = this.#index, s = this.#p.storage;
    if (this.#indexed || this.#damaged.length > 0) return;
    const from = this.#from;
    if (from === ix.count && !this.#dirty) return;
    const at = this.#end;
    const chunk = indexChunk(this.#seq, this.#lastIndex, at, ix, from);
    try {
      if (this.#dirty) await s.truncate(at); // a torn tail (or torn index chunk) goes now
      this.#dirty = false;
      await s.write(at, chunk);
      await s.sync();
    } catch {
      this.#dirty = true; // the next open walks the chunks and drops a torn index chunk
      return;
    }
    this.#end = at + chunk.length;
    this.#lastIndex = at;
    this.#from = ix.count;
    this.#indexed = true;
  }

  /** Chunk `i` decoded, or undefined when it is damaged and skipDamaged is set. */
  async #chunk(i: number): Promise<T | undefined> {
    const p = this.#p, ix = this.#index, name = p.storage.name;
    const at = ix.offset(i), seq = ix.seq(i);
    const bytes = await chunkBytes(p.storage, ix, i);
    let payload: Uint8Array;
    try {
      payload = checkedPayload(bytes, ix, i);
    } catch (e) {
      const err = e as SavepackError;
      if (!p.skipDamaged) throw new SavepackError(err.code, `${name}: ${err.message.replace(/^[A-Z_]+: /, '')}`, '', { cause: e });
      if (!this.#seen.has(seq)) {
        this.#seen.add(seq);
        this.#damaged.push({ chunk: seq, offset: at, bytes: bytes.length });
      }
      return undefined;
    }
    let value: T;
    try {
      value = p.bare.decode(payload, { version: p.version });
    } catch (e) {
      if (!(e instanceof SavepackError)) throw e;
      throw new SavepackError(e.code, `${name}: log chunk ${seq} (at byte ${at}): ${e.message.replace(/^[A-Z_]+( at [^:]*)?: /, '')}`, e.path, { cause: e });
    }
    if (p.records) checkRecordCount(value as RecordArray, ix, i, name);
    return value;
  }

  #range(from: number | undefined, to: number | undefined, total: number): [number, number] {
    const a = from ?? 0, b = to ?? total;
    for (const [k, x] of [['from', a], ['to', b]] as const) {
      if (typeof x !== 'number' || !Number.isInteger(x) || x < 0 || x > total) {
        throw new SavepackError('INVALID_VALUE', `read: ${k} must be an integer in 0..${total}, got ${String(x)}`);
      }
    }
    if (a > b) throw new SavepackError('INVALID_VALUE', `read: from ${a} is after to ${b}`);
    return [a, b];
  }

  async read(from?: number, to?: number): Promise<LogSlice<T>> {
    this.#open('read');
    const ix = this.#index, records = this.#p.records;
    const [a, b] = this.#range(from, to, ix.items);
    if (!records) {
      const out: T[] = [];
      for (let i = a; i < b; i++) {
        const v = await this.#chunk(i);
        if (v !== undefined) out.push(v);
      }
      return out as LogSlice<T>;
    }
    if (a === b) return new RecordArray(records, 0) as LogSlice<T>;
    // Decode the chunks holding [a, b) first (each is checked and bounded by the codec), then copy.
    const first = ix.find(a), last = ix.find(b - 1);
    const parts: Uint8Array[] = [];
    let total = 0;
    for (let i = first; i <= last; i++) {
      const v = (await this.#chunk(i)) as RecordArray | undefined;
      if (!v) continue;
      const start = ix.start(i), lo = Math.max(a, start) - start, hi = Math.min(b, start + v.length) - start;
      const part = v.bytes.subarray(lo * v.stride, hi * v.stride);
      parts.push(part);
      total += part.length;
    }
    const bytes = new Uint8Array(total);
    let at = 0;
    for (const part of parts) {
      bytes.set(part, at);
      at += part.length;
    }
    return RecordArray.fromBytes(records, bytes) as LogSlice<T>;
  }

  async *[Symbol.asyncIterator](): AsyncIterator<T> {
    this.#open('iterate');
    for (let i = 0; i < this.#index.count; i++) {
      const v = await this.#chunk(i);
      if (v !== undefined) yield v;
    }
  }

  async compact(target: string): Promise<void> {
    this.#open('compact');
    await this.#queue;
    const p = this.#p;
    if (p.records) return p.save(target, p.codec, await this.read());
    const all: unknown[] = [];
    for await (const v of this) all.push(v);
    return p.save(target, p.vecCodec(), all);
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#queue;
    await this.#writeIndex();
    await this.#p.storage.close();
  }
}
