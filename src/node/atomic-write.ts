/// <reference types="node" preserve="true" />
// The atomic replacement of a file, shared by saveFile and the log file's create and upgrade:
// only a regular file (or nothing) at the target is ever replaced (a symlink is followed, so the
// link is kept); the bytes go to a temporary beside the target (the old file's mode kept), which
// is fsynced, optionally linked or copied to `.bak`, renamed over the target (retried on Windows,
// where scanners hold files for a moment), then the directory is fsynced. On any failure before
// the rename lands, the temporaries are removed and the target is unchanged. The steps and what a
// crash after each leaves are listed in README.md ("Saving files safely").

import { basename, dirname, join } from 'node:path';
import type { Stats } from 'node:fs';
import { SavepackError } from '../errors.ts';
import { errnoCode, errnoError, ioError } from './errors.ts';
import type { FsOps } from './fs-ops.ts';
import { backupName } from './names.ts';
import { cleanStrays, inFlight, tempPath } from './temp.ts';

/** Directory-fsync failures that only mean "this platform/file system cannot do that". */
const DIR_SYNC_UNSUPPORTED = new Set(['EISDIR', 'EINVAL', 'EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'EBADF', 'EACCES']);
/** Hard-link failures after which the backup is made by copying instead. */
const NO_LINKS = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'EMLINK', 'EXDEV', 'ENOSYS']);
/** Transient rename failures on Windows (virus scanners, indexers holding the file). */
const WIN_RENAME_RETRY = new Set(['EPERM', 'EACCES', 'EBUSY']);

/** Whether renames are retried by default: on Windows only. */
const RETRY_RENAME = process.platform === 'win32';

/** The step an atomic write was at, for error messages. */
export type WriteStep = 'checking the target' | 'writing the temporary file' | 'keeping the backup' | 'renaming over the target' | 'syncing the directory';

/** How {@link writeAtomic} replaces one file. */
export interface AtomicWrite {
  /** The operation as a refusal names it: `${label} refused: <target> is a directory, ...`. */
  label: string;
  /** Keep the file being replaced as its `.bak` name (names.ts). */
  backup?: boolean;
  /** Called once the temporary holds every byte, fsynced (before the backup and the rename). */
  written?: () => void;
  /** Retry a rename refused with EPERM, EACCES or EBUSY, up to 8 times (default {@link RETRY_RENAME}). */
  retryRename?: boolean;
  /** A directory fsync that fails (after the rename: the new file is in place) is not an error. */
  ignoreDirSyncFailure?: boolean;
  /** What to throw for a failure at `step` that is not a SavepackError (those are thrown as they are); default: the failure itself. */
  failed?: (step: WriteStep, e: unknown) => unknown;
}

/** The file a write replaces: the target of a symlink, so that the link is kept. */
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

/** The refusal of a write (`label`) whose `what` is `st`, neither a regular file nor missing: nothing was touched. */
function notAFile(label: string, what: string, st: Stats): SavepackError {
  const kind = kindOf(st);
  const cause = st.isDirectory()
    ? errnoError('EISDIR', 'rename', what, 'illegal operation on a directory')
    : errnoError('EINVAL', 'rename', what, 'not a regular file');
  return ioError(`${label} refused: ${what} is ${kind}, not a regular file; nothing was changed`, cause);
}

/** Renames `from` over `to`; with `retry`, a transient EPERM/EACCES/EBUSY is retried (10 ms, doubling, 8 times). */
async function renameOver(fs: FsOps, from: string, to: string, retry: boolean): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await fs.rename(from, to);
    } catch (e) {
      if (!retry || attempt >= 8 || !WIN_RENAME_RETRY.has(errnoCode(e) ?? '')) throw e;
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

/** Refuses (SavepackError) a target, or the .bak a backup would replace, that is neither a regular file nor missing; returns the target's stats. */
async function checkTarget(fs: FsOps, target: string, bak: string, w: AtomicWrite): Promise<Stats | undefined> {
  try {
    const old = await statOrUndefined(fs, target);
    if (old && !old.isFile()) throw notAFile(w.label, target, old);
    const oldBak = w.backup && old ? await statOrUndefined(fs, bak, false) : undefined;
    if (oldBak && !oldBak.isFile() && !oldBak.isSymbolicLink()) throw notAFile(w.label, bak, oldBak);
    return old;
  } catch (e) {
    throw e instanceof SavepackError ? e : w.failed?.('checking the target', e) ?? e;
  }
}

/** Replaces the file at `path` (through a symlink) by one holding `data`, atomically (see the top of this file). */
export async function writeAtomic(fs: FsOps, path: string, data: Uint8Array | AsyncIterable<Uint8Array>, w: AtomicWrite): Promise<void> {
  const target = await resolveTarget(fs, path);
  const dir = dirname(target);
  const base = basename(target);
  const bak = join(dir, backupName(base));
  // Only a regular file (or nothing) is ever replaced: checked before anything is touched.
  const old = await checkTarget(fs, target, bak, w);
  await cleanStrays(fs, dir, base);

  const retry = w.retryRename ?? RETRY_RENAME;
  const tmp = tempPath(dir, base, 'tmp');
  let bakTmp: string | undefined;
  let step: WriteStep = 'writing the temporary file';
  inFlight.add(tmp);
  try {
    await fs.writeNew(tmp, data, old ? old.mode & 0o7777 : undefined);
    w.written?.();
    if (w.backup && old) {
      step = 'keeping the backup';
      bakTmp = tempPath(dir, base, 'bak.tmp');
      inFlight.add(bakTmp);
      await linkOrCopy(fs, target, bakTmp);
      await renameOver(fs, bakTmp, bak, retry);
      // When .bak already was this very file (a link left by a save that failed at its last
      // step), POSIX rename does nothing and leaves the source name: remove it.
      await fs.unlink(bakTmp).catch(() => {});
      inFlight.delete(bakTmp);
      bakTmp = undefined;
    }
    step = 'renaming over the target';
    await renameOver(fs, tmp, target, retry);
  } catch (e) {
    for (const p of [tmp, bakTmp]) if (p) await fs.unlink(p).catch(() => {});
    throw e instanceof SavepackError ? e : w.failed?.(step, e) ?? e;
  } finally {
    inFlight.delete(tmp);
    if (bakTmp) inFlight.delete(bakTmp);
  }

  try {
    await fs.syncDir(dir);
  } catch (e) {
    if (DIR_SYNC_UNSUPPORTED.has(errnoCode(e) ?? '') || w.ignoreDirSyncFailure) return;
    throw w.failed?.('syncing the directory', e) ?? e;
  }
}
