// openLog over the Origin Private File System (API.md section 14): the log `name` is the file
// `savepack-logs/<name>.splog`, in the same format as a Node log (FORMAT.md, "Log files").
//
// Two ways to write, picked by what the context offers:
//  - in a dedicated worker, a FileSystemSyncAccessHandle: appends write in place at the end and
//    flush() before they resolve, so an append costs the chunk, not the log;
//  - on the main thread (no sync access handles there), a writable stream with keepExistingData:
//    the browser writes the stream to a swap file (a copy of the log plus the change) and swaps it
//    in at close(), so every append is atomic, but it costs a copy of the whole log (use a worker
//    for long logs).
// Creation and upgrade write the whole file through one stream (published atomically at close).

import { SavepackError } from '../errors.ts';
import type { Codec } from '../codec/api.ts';
import type { Log, LogOptions } from '../log/api.ts';
import { checkLogOptions, logHead, openLogOver } from '../log/open.ts';
import type { LogStorage } from '../log/storage.ts';
import { asStorageError } from './errors.ts';
import { checkSlotName } from './names.ts';
import { saveSlot } from './slots.ts';

/** The directory of logs in the origin private file system. */
export const LOG_DIR = 'savepack-logs';

/** The parts of the sync access handle used here (the DOM typings of older TypeScript lack them). */
interface SyncHandle {
  read(buf: Uint8Array, o: { at: number }): number;
  write(buf: Uint8Array, o: { at: number }): number;
  truncate(size: number): void;
  getSize(): number;
  flush(): void;
  close(): void;
}
interface SyncCapable extends FileSystemFileHandle {
  createSyncAccessHandle?(): Promise<SyncHandle>;
}

/** Runs `f` on one writable stream of `fh` (starting from the file's bytes when `keepExistingData`): published at close, aborted if `f` fails. */
async function throughStream(fh: FileSystemFileHandle, keepExistingData: boolean, f: (w: FileSystemWritableFileStream) => Promise<void>): Promise<void> {
  const w = await fh.createWritable({ keepExistingData });
  try {
    await f(w);
  } catch (e) {
    await w.abort().catch(() => {});
    throw e;
  }
  await w.close();
}

/** Writes the whole file through one stream (published when the stream closes). */
function rewrite(fh: FileSystemFileHandle, chunks: Iterable<Uint8Array> | AsyncIterable<Uint8Array>): Promise<void> {
  return throughStream(fh, false, async (w) => {
    for await (const b of chunks) await w.write(b as Uint8Array<ArrayBuffer>);
  });
}

/** A log file in OPFS. */
class OpfsLogFile implements LogStorage {
  #file: File | undefined;
  constructor(readonly name: string, private readonly fh: SyncCapable, private sync_: SyncHandle | undefined) {}

  #io(what: string, e: unknown): SavepackError {
    return asStorageError(`${this.name}: ${what} failed`, e);
  }

  async size(): Promise<number> {
    try {
      if (this.sync_) return this.sync_.getSize();
      return (this.#file ??= await this.fh.getFile()).size;
    } catch (e) {
      throw this.#io('reading the size', e);
    }
  }

  async read(offset: number, length: number): Promise<Uint8Array> {
    try {
      if (this.sync_) {
        const out = new Uint8Array(length);
        const n = this.sync_.read(out, { at: offset });
        return n === length ? out : out.subarray(0, n);
      }
      const file = (this.#file ??= await this.fh.getFile());
      return new Uint8Array(await file.slice(offset, offset + length).arrayBuffer());
    } catch (e) {
      throw this.#io(`reading ${length} bytes at ${offset}`, e);
    }
  }

  /**
   * Writes through a stream, published at close. A File read from the handle is a snapshot that
   * the browser refuses to read once the file has changed: forget it before and after.
   */
  async #stream(f: (w: FileSystemWritableFileStream) => Promise<void>): Promise<void> {
    this.#file = undefined;
    try {
      await throughStream(this.fh, true, f);
    } finally {
      this.#file = undefined;
    }
  }

  async write(offset: number, bytes: Uint8Array): Promise<void> {
    try {
      if (this.sync_) {
        let done = 0;
        while (done < bytes.length) done += this.sync_.write(bytes.subarray(done), { at: offset + done });
        return;
      }
      await this.#stream((w) => w.write({ type: 'write', position: offset, data: bytes as Uint8Array<ArrayBuffer> }));
    } catch (e) {
      throw this.#io(`appending ${bytes.length} bytes at ${offset}`, e);
    }
  }

  async truncate(size: number): Promise<void> {
    try {
      if (this.sync_) this.sync_.truncate(size);
      else await this.#stream((w) => w.truncate(size));
    } catch (e) {
      throw this.#io(`cutting the torn tail at ${size}`, e);
    }
  }

  async sync(): Promise<void> {
    try {
      this.sync_?.flush(); // a stream's close() already published the change
    } catch (e) {
      throw this.#io('flush', e);
    }
  }

  async replace(chunks: AsyncIterable<Uint8Array>): Promise<void> {
    const hadSync = this.sync_ !== undefined;
    try {
      this.sync_?.close();
      this.sync_ = undefined;
      this.#file = undefined;
      await rewrite(this.fh, chunks);
    } catch (e) {
      throw this.#io('rewriting the log (the previous log is unchanged)', e);
    } finally {
      // The upgrade read the old file while the new one was written, through a File snapshot
      // that the browser refuses to read once the new file is published (NotReadableError).
      this.#file = undefined;
      if (hadSync) this.sync_ = await this.fh.createSyncAccessHandle!();
    }
  }

  async close(): Promise<void> {
    try {
      this.sync_?.close();
    } catch (e) {
      throw this.#io('close', e);
    }
  }
}

/**
 * Opens the log `name` in the origin private file system for `codec`, creating it with
 * `{ create: true }`; the same Log as savepack/node's openLog. `compact(slot)` writes the whole
 * log to the save slot `slot` (saveSlot). In a worker, appends write in place (sync access handle).
 */
export async function openLog<T>(name: string, codec: Codec<T>, opts?: LogOptions): Promise<Log<T>> {
  checkSlotName(name);
  const o = checkLogOptions(opts);
  const shown = `${LOG_DIR}/${name}.splog`;
  let fh: SyncCapable;
  try {
    if (typeof navigator === 'undefined' || !navigator.storage?.getDirectory) throw new Error('this browser has no origin private file system');
    const dir = await (await navigator.storage.getDirectory()).getDirectoryHandle(LOG_DIR, { create: true });
    try {
      fh = await dir.getFileHandle(`${name}.splog`);
    } catch (e) {
      if ((e as { name?: string })?.name !== 'NotFoundError' || !o.create) throw e;
      fh = await dir.getFileHandle(`${name}.splog`, { create: true });
    }
    // A file created but never written (a crash before its first stream closed) is empty.
    if (o.create && (await fh.getFile()).size === 0) {
      const head = logHead(codec as Codec<unknown>);
      await rewrite(fh, [head]);
    }
  } catch (e) {
    const missing = (e as { name?: string })?.name === 'NotFoundError';
    throw asStorageError(missing ? `there is no log ${shown} (openLog with { create: true } makes one)` : `opening the log ${shown} failed`, e);
  }
  let sync: SyncHandle | undefined;
  try {
    if (typeof fh.createSyncAccessHandle === 'function' && typeof (globalThis as { document?: unknown }).document === 'undefined') sync = await fh.createSyncAccessHandle();
  } catch {
    sync = undefined; // not in a worker, or the file is open elsewhere: streams
  }
  const storage = new OpfsLogFile(shown, fh, sync);
  try {
    return await openLogOver(storage, codec, o, (target, c, value) => saveSlot(target, c, value));
  } catch (e) {
    await storage.close().catch(() => {});
    throw e;
  }
}
