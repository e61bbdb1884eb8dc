/// <reference types="node" preserve="true" />
// saveFile: encode, write a temporary beside the target, fsync it, (keep the old file as .bak),
// rename it over the target, fsync the directory. The steps and what a crash after each leaves
// are listed in README.md ("Saving files safely").

import { basename, dirname, join } from 'node:path';
import type { Stats } from 'node:fs';
import { SavepackError } from '../errors.ts';
import { errnoCode, errnoError, ioError } from './errors.ts';
import { nodeFs, type FsOps } from './fs-ops.ts';
import { backupName } from './names.ts';
import { cleanStrays, inFlight, tempPath } from './temp.ts';
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

/** Directory-fsync failures that only mean "this platform/file system cannot do that". */
const DIR_SYNC_UNSUPPORTED = new Set(['EISDIR', 'EINVAL', 'EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'EBADF', 'EACCES']);
/** Hard-link failures after which the backup is made by copying instead. */
const NO_LINKS = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'EMLINK', 'EXDEV', 'ENOSYS']);
/** Transient rename failures on Windows (virus scanners, indexers holding the file). */
const WIN_RENAME_RETRY = new Set(['EPERM', 'EACCES', 'EBUSY']);

/** The file a save replaces: the target of a symlink, so that the link is kept. */
async function resolveTarget(fs: FsOps, path: string): Promise<string> {
  try {
    return await fs.realpath(path);
  } catch {
    return path; // does not exist yet (or a dangling link, which is replaced)
  }
}

async function statOrUndefined(fs: FsOps, path: string, follow = true): Promise<Stats | undefined> {
  try {
    return await (follow ? fs.stat(path) : fs.lstat(path));
  } catch (e) {
    if (errnoCode(e) === 'ENOENT') return undefined;
    throw e;
  }
}

/** What `st` is, for messages: 'a directory', 'a FIFO', ... */
function kindOf(st: Stats): string {
  return st.isDirectory() ? 'a directory' : st.isFIFO() ? 'a FIFO' : st.isCharacterDevice() ? 'a character device'
    : st.isBlockDevice() ? 'a block device' : st.isSocket() ? 'a socket' : 'not a regular file';
}

/** The refusal of a save whose `what` (shown as `shown`) is `st`, neither a regular file nor missing: nothing was touched. */
function notAFile(shown: string, what: string, st: Stats): SavepackError {
  const kind = kindOf(st);
  const cause = st.isDirectory()
    ? errnoError('EISDIR', 'rename', what, 'illegal operation on a directory')
    : errnoError('EINVAL', 'rename', what, 'not a regular file');
  return ioError(`saving ${shown} refused: ${what} is ${kind}, not a regular file; nothing was changed`, cause);
}

async function renameOver(fs: FsOps, from: string, to: string): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await fs.rename(from, to);
    } catch (e) {
      if (process.platform !== 'win32' || attempt >= 8 || !WIN_RENAME_RETRY.has(errnoCode(e) ?? '')) throw e;
      await new Promise((r) => setTimeout(r, 10 * 2 ** attempt));
    }
  }
}

/** Makes `dest` a second name (or, where links are unsupported, a synced copy) of `target`. */
async function linkOrCopy(fs: FsOps, target: string, dest: string): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await fs.link(target, dest);
    } catch (e) {
      const code = errnoCode(e) ?? '';
      if (NO_LINKS.has(code)) return fs.copyNew(target, dest);
      // link() fails with ENOENT when a concurrent save renames over the target between the
      // lookup and the link (the old file's last name is gone): try again on the new one.
      if (code !== 'ENOENT' || attempt >= 8) throw e;
    }
  }
}

/** The step a save was at, for error messages. */
type Step = 'writing the temporary file' | 'keeping the backup' | 'renaming over the target';

/** saveFile with its file-system primitives passed in (tests inject failures through `fs`). */
export async function saveFileWith<T>(fs: FsOps, path: string, codec: FileCodec<T>, value: T, opts: SaveOptions = {}): Promise<void> {
  // Encode first: a value that does not fit the schema fails here, before any file is touched.
  const { data: bytes, total, report } = await saveBytes(codec, value, opts.version, opts.onProgress);
  const target = await resolveTarget(fs, path);
  const dir = dirname(target);
  const base = basename(target);
  const bak = join(dir, backupName(base));
  // Only a regular file (or nothing) is ever replaced: a FIFO, a device, a socket or a directory
  // at the target (or at the .bak a backup would replace) is refused before anything is touched.
  let old: Stats | undefined;
  try {
    old = await statOrUndefined(fs, target);
    if (old && !old.isFile()) throw notAFile(path, target, old);
    const oldBak = opts.backup && old ? await statOrUndefined(fs, bak, false) : undefined;
    if (oldBak && !oldBak.isFile() && !oldBak.isSymbolicLink()) throw notAFile(path, bak, oldBak);
  } catch (e) {
    if (e instanceof SavepackError) throw e;
    throw ioError(`saving ${path} failed while checking the target: ${(e as Error)?.message ?? String(e)}; nothing was changed`, e);
  }
  await cleanStrays(fs, dir, base);

  const tmp = tempPath(dir, base, 'tmp');
  let bakTmp: string | undefined;
  let step: Step = 'writing the temporary file';
  inFlight.add(tmp);
  try {
    await fs.writeNew(tmp, bytes, old ? old.mode & 0o7777 : undefined);
    report(total);
    if (opts.backup && old) {
      step = 'keeping the backup';
      bakTmp = tempPath(dir, base, 'bak.tmp');
      inFlight.add(bakTmp);
      await linkOrCopy(fs, target, bakTmp);
      await renameOver(fs, bakTmp, bak);
      // When .bak already was this very file (a link left by a save that failed at its last
      // step), POSIX rename does nothing and leaves the source name: remove it.
      await fs.unlink(bakTmp).catch(() => {});
      inFlight.delete(bakTmp);
      bakTmp = undefined;
    }
    step = 'renaming over the target';
    await renameOver(fs, tmp, target);
  } catch (e) {
    for (const p of [tmp, bakTmp]) if (p) await fs.unlink(p).catch(() => {});
    if (e instanceof SavepackError) throw e;
    throw ioError(`saving ${path} failed while ${step}: ${(e as Error)?.message ?? String(e)}; the previous file is unchanged`, e);
  } finally {
    inFlight.delete(tmp);
    if (bakTmp) inFlight.delete(bakTmp);
  }

  try {
    await fs.syncDir(dir);
  } catch (e) {
    if (DIR_SYNC_UNSUPPORTED.has(errnoCode(e) ?? '')) return;
    throw ioError(`${path} was replaced by the new save, but syncing its directory failed (${(e as Error)?.message ?? String(e)}); after a power loss it may hold the previous save`, e);
  }
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
