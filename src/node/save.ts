/// <reference types="node" preserve="true" />
// saveFile: encode, write a temporary beside the target, fsync it, (keep the old file as .bak),
// rename it over the target, fsync the directory. The steps and what a crash after each leaves
// are listed in README.md ("Saving files safely").

import type { SavepackError } from '../errors.ts';
import { ioError } from './errors.ts';
import { nodeFs, type FsOps } from './fs-ops.ts';
import { writeAtomic, type WriteStep } from './atomic-write.ts';
import { saveBytes, type StreamCodec } from './save-stream.ts';

/** What saveFile and loadFile need of a codec (any `Codec<T>` from `codec()` fits). */
export interface FileCodec<T> {
  /** The whole savepack file of `value` (header, schema section, payload, trailer). */
  encode(value: T, opts?: { version?: number }): Uint8Array;
  /** The value of a whole savepack file of any version the codec reads. */
  decode(bytes: Uint8Array): T;
  /** Streams (every codec has them): saveFile writes files of 4 MiB or more chunk by chunk, loadFile reads them so. */
  encodeStream?: StreamCodec<T>['encodeStream'];
  /** See encodeStream. */
  decodeStream?: StreamCodec<T>['decodeStream'];
}

/** Options of {@link saveFile}. */
export interface SaveOptions {
  /** The data version to write (default: the codec's current version); an older one is a downgrade. */
  version?: number;
  /** Keep the file being replaced as `<path>.bak` (default false; for a name too long for that, `<name cut>~<8 hex>.bak`, see README). */
  backup?: boolean;
  /** Called with the bytes written so far and the file's length: at least every 1 MiB, and once with done = total. */
  onProgress?: (done: number, total: number) => void;
}

/** saveFile with its file-system primitives passed in (tests inject failures through `fs`, and may retry renames off Windows). */
export async function saveFileWith<T>(fs: FsOps, path: string, codec: FileCodec<T>, value: T, opts: SaveOptions = {}, retryRename?: boolean): Promise<void> {
  // Encode first: a value that does not fit the schema fails here, before any file is touched.
  const { data: bytes, total, report } = await saveBytes(codec, value, opts.version, opts.onProgress);
  await writeAtomic(fs, path, bytes, { label: `saving ${path}`, backup: opts.backup, written: () => report(total), retryRename, failed: (step, e) => saveFailed(path, step, e) });
}

/** The IO error of a save of `path` that failed at `step`. */
function saveFailed(path: string, step: WriteStep, e: unknown): SavepackError {
  const m = (e as Error)?.message ?? String(e);
  if (step === 'checking the target') return ioError(`saving ${path} failed while checking the target: ${m}; nothing was changed`, e);
  if (step === 'syncing the directory') return ioError(`${path} was replaced by the new save, but syncing its directory failed (${m}); after a power loss it may hold the previous save`, e);
  return ioError(`saving ${path} failed while ${step}: ${m}; the previous file is unchanged`, e);
}

/**
 * Saves `value` to `path` atomically: the bytes go to a temporary file in the same directory, which
 * is fsynced and then renamed over `path`, and the directory is fsynced. If this rejects, `path`
 * holds the previous save (except when only the final directory fsync failed; the message says so)
 * and no temporary is left. Temporaries of earlier crashed saves of `path` are removed.
 *
 * Rejects with the codec's SavepackError when the value does not fit (nothing is written), and
 * with a SavepackError of code `'IO'` whose `cause` is the Node error for file-system failures.
 */
export function saveFile<T>(path: string, codec: FileCodec<T>, value: NoInfer<T>, opts?: SaveOptions): Promise<void> {
  return saveFileWith(nodeFs, path, codec, value, opts);
}
