/// <reference types="node" preserve="true" />
// loadFile: read a whole save file and decode it, telling apart a missing file, a directory, a
// permission problem, another I/O failure and a damaged file.

import { open, type FileHandle } from 'node:fs/promises';
import { constants } from 'node:fs';
import { SavepackError } from '../errors.ts';
import { ownBuffer, releaseBuffer } from '../wire/owned.ts';
import { bareMessage, errnoCode, errnoError, ioError } from './errors.ts';
import type { FileCodec } from './save.ts';
import { throttleProgress } from '../codec/progress.ts';

/** Options of {@link loadFile}. */
export interface LoadOptions {
  /** Refuse (LIMIT_EXCEEDED) a file larger than this many bytes before reading it. Default: no limit beyond the codec's own. */
  maxBytes?: number;
  /** Called with the bytes read so far and the file's size: at least every 1 MiB, and once with done = total. */
  onProgress?: (done: number, total: number) => void;
}

/** Files of at least this many bytes are read in chunks through the codec's decodeStream (inflated as they arrive: no long stall). */
const STREAM_LOAD_MIN = 1 << 20;
/** Chunks of a streamed load. */
const READ_CHUNK = 1 << 18;

/** Non-blocking open, so that a FIFO given as the path fails instead of waiting for a writer. */
const READ_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);

function readError(path: string, e: unknown): SavepackError {
  const code = errnoCode(e);
  const why =
    code === 'ENOENT' ? `there is no file at ${path}` :
    code === 'ENOTDIR' ? `there is no file at ${path} (a parent is not a directory)` :
    code === 'EISDIR' ? `${path} is a directory, not a save file` :
    code === 'EACCES' || code === 'EPERM' ? `permission denied reading ${path}` :
    `reading ${path} failed: ${(e as Error)?.message ?? String(e)}`;
  return ioError(why, e);
}

/** Opens `path` and checks it is a regular file of at most `maxBytes`; I/O failures become SavepackError 'IO'. */
async function openFile(path: string, maxBytes: number): Promise<{ fh: FileHandle; size: number }> {
  let fh: FileHandle;
  try {
    fh = await open(path, READ_FLAGS);
  } catch (e) {
    throw readError(path, e);
  }
  try {
    const st = await fh.stat();
    if (st.isDirectory()) throw errnoError('EISDIR', 'read', path, 'illegal operation on a directory');
    if (!st.isFile()) throw ioError(`${path} is not a regular file`, errnoError('EINVAL', 'read', path, 'not a regular file'));
    if (st.size > maxBytes) throw new SavepackError('LIMIT_EXCEEDED', `${path} is ${st.size} bytes, more than maxBytes ${maxBytes}`);
    return { fh, size: st.size };
  } catch (e) {
    await fh.close().catch(() => {});
    if (e instanceof SavepackError) throw e;
    throw readError(path, e);
  }
}

/** The file behind `fh` as a stream of READ_CHUNK-byte chunks, each reported to `report`. */
function fileStream(path: string, fh: FileHandle, report: (done: number) => void): ReadableStream<Uint8Array> {
  let done = 0;
  return new ReadableStream<Uint8Array>({
    async pull(c) {
      try {
        const buf = new Uint8Array(READ_CHUNK);
        const { bytesRead } = await fh.read(buf, 0, READ_CHUNK, null);
        if (bytesRead === 0) { c.close(); return; }
        done += bytesRead;
        report(done);
        c.enqueue(bytesRead === READ_CHUNK ? buf : buf.slice(0, bytesRead));
      } catch (e) {
        c.error(readError(path, e));
      }
    },
  }, { highWaterMark: 0 });
}

/**
 * Reads and decodes the save file at `path`. Rejects with a SavepackError:
 * - code `'IO'` when the file cannot be read; the message says whether it is missing, a directory or
 *   not readable, and `cause` is the Node error (`fsErrorCode(err)` gives 'ENOENT', 'EISDIR', 'EACCES', ...);
 * - the decoder's code (CHECKSUM, TRUNCATED, BAD_MAGIC, SCHEMA_MISMATCH, ...) when the file is damaged
 *   or of another schema; the message is prefixed with the file's path, `path` is the value path, and
 *   `cause` is the decoder's original error.
 */
export async function loadFile<T>(path: string, codec: FileCodec<T>, opts: LoadOptions = {}): Promise<T> {
  const { fh, size } = await openFile(path, opts.maxBytes ?? Infinity);
  const report = throttleProgress(size, opts.onProgress);
  let bytes: Uint8Array | undefined;
  try {
    if (size >= STREAM_LOAD_MIN && typeof codec.decodeStream === 'function') {
      // Large: read in chunks and decoded from them (the stored file is never held whole).
      const value = await codec.decodeStream(fileStream(path, fh, report));
      report(size);
      return value;
    }
    let read: Uint8Array;
    try {
      read = await fh.readFile();
    } catch (e) {
      throw readError(path, e);
    }
    report(size);
    // The bytes read are savepack's own (no one else holds them): while this decode runs, big
    // t.typed / t.records values may be views into them instead of copies (wire/owned.ts).
    bytes = new Uint8Array(read.buffer, read.byteOffset, read.byteLength);
    ownBuffer(bytes);
    return codec.decode(bytes);
  } catch (e) {
    if (!(e instanceof SavepackError) || e.code === 'IO') throw e;
    throw new SavepackError(e.code, `${path}: ${bareMessage(e)}`, e.path, { cause: e });
  } finally {
    if (bytes) releaseBuffer(bytes);
    await fh.close().catch(() => {});
  }
}
