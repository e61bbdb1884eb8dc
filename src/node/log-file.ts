/// <reference types="node" preserve="true" />
// openLog over a Node file (API.md section 14): positioned reads (synchronous: walking thousands
// of chunk headers on open costs a few microseconds each instead of a thread-pool round trip),
// appends with write + fdatasync, creation and upgrade through a temporary + rename + directory
// fsync, as saveFile does. Every file-system failure is a SavepackError `IO` with the Node cause.

import * as fsp from 'node:fs/promises';
import { readSync } from 'node:fs';
import { SavepackError } from '../errors.ts';
import type { Codec } from '../codec/api.ts';
import type { Log, LogOptions } from '../log/api.ts';
import { checkLogOptions, logHead, openLogOver } from '../log/open.ts';
import type { LogStorage } from '../log/storage.ts';
import { writeAtomic } from './atomic-write.ts';
import { errnoCode, ioError } from './errors.ts';
import { nodeFs, type FsOps } from './fs-ops.ts';
import { saveFile } from './save.ts';

/** Largest single write of an append. */
const PIECE = 1 << 20;

const io = (what: string, e: unknown): SavepackError =>
  e instanceof SavepackError ? e : ioError(`${what}: ${(e as Error)?.message ?? String(e)}`, e);

/**
 * Writes a new file at `path` as saveFile does (atomic-write.ts: a temporary beside it, fsynced,
 * renamed over it, only ever over a regular file). Failures are thrown as the file system's own
 * errors, for the caller to word; a failed directory fsync is ignored (the rename is done).
 */
function replaceFile(fs: FsOps, path: string, data: Uint8Array | AsyncIterable<Uint8Array>, retryRename: boolean | undefined): Promise<void> {
  return writeAtomic(fs, path, data, { label: `writing the log ${path}`, retryRename, ignoreDirSyncFailure: true });
}

/** A log's file. */
class NodeLogFile implements LogStorage {
  constructor(readonly name: string, private fh: fsp.FileHandle, private readonly fs: FsOps, private readonly retryRename: boolean | undefined) {}

  async size(): Promise<number> {
    try {
      return (await this.fh.stat()).size;
    } catch (e) {
      throw io(`${this.name}: stat failed`, e);
    }
  }

  async read(offset: number, length: number): Promise<Uint8Array> {
    const out = new Uint8Array(length);
    let got = 0;
    try {
      while (got < length) {
        const n = readSync(this.fh.fd, out, got, length - got, offset + got);
        if (n === 0) break;
        got += n;
      }
    } catch (e) {
      throw io(`${this.name}: reading ${length} bytes at ${offset} failed`, e);
    }
    return got === length ? out : out.subarray(0, got);
  }

  async write(offset: number, bytes: Uint8Array): Promise<void> {
    try {
      // In pieces of at most 1 MiB, so that one append never holds a thread-pool thread for long.
      let done = 0;
      while (done < bytes.length) done += (await this.fh.write(bytes, done, Math.min(PIECE, bytes.length - done), offset + done)).bytesWritten;
    } catch (e) {
      throw io(`${this.name}: appending ${bytes.length} bytes at ${offset} failed`, e);
    }
  }

  async truncate(size: number): Promise<void> {
    try {
      await this.fh.truncate(size);
    } catch (e) {
      throw io(`${this.name}: cutting the torn tail at ${size} failed`, e);
    }
  }

  async sync(): Promise<void> {
    try {
      await this.fh.datasync();
    } catch (e) {
      throw io(`${this.name}: fsync failed`, e);
    }
  }

  async replace(chunks: AsyncIterable<Uint8Array>): Promise<void> {
    try {
      await replaceFile(this.fs, this.name, chunks, this.retryRename);
      const next = await fsp.open(this.name, 'r+');
      await this.fh.close().catch(() => {});
      this.fh = next;
    } catch (e) {
      throw io(`${this.name}: rewriting the log failed (the previous log is unchanged)`, e);
    }
  }

  async close(): Promise<void> {
    try {
      await this.fh.close();
    } catch (e) {
      throw io(`${this.name}: close failed`, e);
    }
  }
}

/**
 * Opens the append-only log at `path` for `codec` (API.md section 14), creating it with
 * `{ create: true }` (atomically: a temporary renamed into place). A torn tail left by a crash is
 * dropped (`log.recovered` bytes) and cut off by the next append.
 */
export function openLog<T>(path: string, codec: Codec<T>, opts?: LogOptions): Promise<Log<T>> {
  return openLogWith(nodeFs, path, codec, opts);
}

/** openLog with the file-system primitives of its creation and upgrade passed in (tests inject failures through `fs`, and may retry renames off Windows). */
export async function openLogWith<T>(fs: FsOps, path: string, codec: Codec<T>, opts?: LogOptions, retryRename?: boolean): Promise<Log<T>> {
  const o = checkLogOptions(opts);
  let fh: fsp.FileHandle;
  try {
    fh = await fsp.open(path, 'r+');
  } catch (e) {
    if (errnoCode(e) !== 'ENOENT' || !o.create) {
      throw io(errnoCode(e) === 'ENOENT' ? `there is no log at ${path} (openLog with { create: true } makes one)` : `opening the log ${path} failed`, e);
    }
    const head = logHead(codec as Codec<unknown>);
    try {
      await replaceFile(fs, path, head, retryRename);
      fh = await fsp.open(path, 'r+');
    } catch (e2) {
      throw io(`creating the log ${path} failed`, e2);
    }
  }
  const storage = new NodeLogFile(path, fh, fs, retryRename);
  try {
    return await openLogOver(storage, codec, o, (target, c, value) => saveFile(target, c, value));
  } catch (e) {
    await storage.close().catch(() => {});
    throw e;
  }
}
