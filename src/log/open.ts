// Opening a log over a LogStorage: the head is checked (magic, log flag, data version, schema
// section byte for byte, XXH64), the chunk index rebuilt (walk.ts), and with `upgrade` a log of an
// older data version is first rewritten at the codec's version through storage.replace (atomic).

import { SavepackError } from '../errors.ts';
import type { Codec } from '../codec/api.ts';
import { codec as makeCodec } from '../codec/codec.ts';
import { checkSchemaSection } from '../codec/schema-check.ts';
import { t } from '../builders/t.ts';
import { packedLayout } from '../layout/packed.ts';
import { encodeSchema } from '../schema/binary.ts';
import { schemaAt } from '../schema/project.ts';
import { rootName } from '../schema/root-name.ts';
import type { Schema, StructSchema } from '../schema/types.ts';
import { HEADER_SIZE } from '../format/header.ts';
import { checkHead, readHeadStart, writeChunk, writeHead } from './format.ts';
import { chunkBytes, checkedPayload, checkRecordCount } from './chunk-read.ts';
import type { RecordArray } from '../records/record-array.ts';
import { LogImpl, type LogSaver } from './log.ts';
import type { Log, LogOptions } from './api.ts';
import type { LogStorage } from './storage.ts';
import { walk, type ItemsCheck } from './walk.ts';
import { readIndexed } from './index-chunk.ts';
import { openFromTail } from './tail-index.ts';

const unlazy = (s: Schema): Schema => {
  for (let i = 0; s.kind === 'lazy' && i < 64; i++) s = s.get();
  return s;
};

/** The struct of a `t.records` root schema, else undefined. */
function recordsOf(schema: Schema): StructSchema | undefined {
  const s = unlazy(schema);
  return s.kind === 'records' ? s.struct : undefined;
}

/** The head of a new, empty log for `codec` at its current version. */
export function logHead(codec: Codec<unknown>): Uint8Array {
  return writeHead(codec.version, encodeSchema(schemaAt(codec.schema, codec.version)));
}

/** Checks openLog's options; INVALID_VALUE on a wrong type. */
export function checkLogOptions(o: unknown): LogOptions {
  if (o === undefined) return {};
  if (typeof o !== 'object' || o === null) throw new SavepackError('INVALID_VALUE', 'openLog: options must be an object');
  for (const k of ['create', 'sync', 'skipDamaged', 'upgrade'] as const) {
    const v = (o as Record<string, unknown>)[k];
    if (v !== undefined && typeof v !== 'boolean') throw new SavepackError('INVALID_VALUE', `openLog: ${k} must be a boolean, got ${typeof v}`);
  }
  return o as LogOptions;
}

/** Opens the log in `s` (which holds at least a head) for `codec`; `save` writes compaction files. */
export async function openLogOver<T>(s: LogStorage, codec: Codec<T>, o: LogOptions, save: LogSaver): Promise<Log<T>> {
  const n = codec.version;
  const size = await s.size();
  const start = await s.read(0, Math.min(size, HEADER_SIZE));
  const info = readHeadStart(start, size, n);
  const head = await s.read(0, info.size);
  if (head.length < info.size) throw new SavepackError('TRUNCATED', `${s.name}: the log shrank while it was opened`);
  checkHead(head, info);
  const k = info.version;
  const root = rootName(codec.schema);
  checkSchemaSection(head.subarray(HEADER_SIZE, HEADER_SIZE + info.schemaLength), encodeSchema(schemaAt(codec.schema, k)), () => schemaAt(codec.schema, k), k, root, 'the log');
  const bare = makeCodec(codec.schema, { version: n, frame: 'none', compile: codec.compiled, limits: o.limits }) as Codec<T>;
  const records = recordsOf(codec.schema);
  const strideK = records ? packedLayout(records, k).size || 1 : 0;
  const check: ItemsCheck = records
    ? (h) => (h.items * strideK > h.payload ? `${h.items} records of ${strideK} bytes cannot fit in ${h.payload} payload bytes` : undefined)
    : (h) => (h.items !== 1 ? `a chunk of a non-records log holds one value, its header says ${h.items}` : undefined);
  const skip = o.skipDamaged === true;
  let w = (await readIndexed(s, info.size, size, check)) ?? (await openFromTail(s, info.size, size, skip, check));
  // Index chunks only save reads, they never decide what is cut: a torn tail found through them (the
  // next write truncates it) is confirmed by the full walk first, so a payload crafted to look like
  // an index chain cannot make an append destroy real chunks.
  if (!w || w.recovered > 0) w = await walk(s, info.size, size, skip, check);
  let vec: Codec<unknown[]> | undefined;
  const parts = {
    storage: s, codec, bare, version: k, records, save, sync: o.sync !== false, skipDamaged: skip,
    vecCodec: () => (vec ??= makeCodec(t.vec(codec.schema), { version: n }) as Codec<unknown[]>),
  };
  if (!o.upgrade || k === n) return new LogImpl(parts, w);
  // Upgrade: every chunk decoded at k and written again at n into a new file that replaces the old.
  await s.replace((async function* chunks(): AsyncGenerator<Uint8Array> {
    yield logHead(codec as Codec<unknown>);
    let seq = 0;
    // Each chunk is read and checked as reading it is (chunk-read.ts): a chunk that reading would
    // refuse is never carried into the new file.
    for (let i = 0; i < w.index.count; i++) {
      const bytes = await chunkBytes(s, w.index, i);
      let payload: Uint8Array;
      try {
        payload = checkedPayload(bytes, w.index, i);
      } catch (e) {
        if (skip && e instanceof SavepackError && e.code === 'CHECKSUM') continue;
        throw e;
      }
      const value = bare.decode(payload, { version: k });
      if (records) checkRecordCount(value as RecordArray, w.index, i, s.name);
      yield writeChunk(seq++, records ? w.index.itemsIn(i) : 1, bare.encode(value));
    }
  })());
  const again = await openLogOver(s, codec, { ...o, upgrade: false }, save);
  return Object.defineProperty(again, 'recovered', { value: w.recovered }) as Log<T>;
}
