// The public shapes of an append-only log (API.md section 14): its options and the Log interface.
// log.ts implements them over a LogStorage; node/log-file.ts and browser/log-opfs.ts open them.

import type { Limits } from '../wire/reader.ts';
import type { RecordArray } from '../records/record-array.ts';
import type { LogDamage } from './walk.ts';

export type { LogDamage } from './walk.ts';

/** Options of `openLog`. */
export interface LogOptions {
  /** Create the log (at the codec's version) when it does not exist (default false: a missing log is `IO`). */
  create?: boolean;
  /** Make each append durable (fsync) before it resolves (default true). */
  sync?: boolean;
  /** Read around damaged chunks instead of failing with CHECKSUM (default false); see `damaged`. */
  skipDamaged?: boolean;
  /** A log written at an older data version is first rewritten atomically at the codec's version (default false: appends stay at the log's version). */
  upgrade?: boolean;
  /** Decode limits for each chunk (default: the safe defaults of `codec`). */
  limits?: Limits;
}

/** What `read(from, to)` returns: a RecordArray of the records for a `t.records` log, else the chunks as an array. */
export type LogSlice<T> = T extends RecordArray<any> ? T : T[];

/** An open append-only log of values of one codec's schema. */
export interface Log<T> extends AsyncIterable<T> {
  /** Records (a `t.records` log) or chunks (any other schema) in the log. */
  readonly length: number;
  /** Whole chunks in the log. */
  readonly chunks: number;
  /** The data version the log's chunks are written at. */
  readonly version: number;
  /** Bytes of a torn tail (an append cut short by a crash) dropped when the log was opened; 0 for a clean log. */
  readonly recovered: number;
  /** Damaged stretches found so far (with `skipDamaged`): headers skipped on open, payloads skipped on read. */
  readonly damaged: readonly LogDamage[];
  /** Appends `value` as one chunk at the log's data version; durable when it resolves (unless `sync: false`). */
  append(value: T): Promise<void>;
  /** Records [from, to) (a `t.records` log) or chunks [from, to); default: all. Reads only the chunks holding them. */
  read(from?: number, to?: number): Promise<LogSlice<T>>;
  /** Writes the whole log as one ordinary savepack file at `target`, atomically (a `t.records` log: all records; else a `t.vec` of the chunks). */
  compact(target: string): Promise<void>;
  /** Waits for pending appends and releases the file. */
  close(): Promise<void>;
}
