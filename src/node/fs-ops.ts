/// <reference types="node" preserve="true" />
// The file-system primitives saveFile uses, gathered in one object so tests can make any single
// step fail (fault injection) and check that the previous save survives.

import * as fsp from 'node:fs/promises';
import type { Stats } from 'node:fs';
import { constants } from 'node:fs';

/** One file-system primitive per step of a save. */
export interface FsOps {
  /** Creates `path` exclusively (with `mode` exactly, or 0o666 less the umask), writes all of `bytes` (or every chunk of them), fsyncs and closes it. */
  writeNew(path: string, bytes: Uint8Array | AsyncIterable<Uint8Array>, mode: number | undefined): Promise<void>;
  /** Hard-links `existing` as `path`. */
  link(existing: string, path: string): Promise<void>;
  /** Copies `src` to a new file `dest` (exclusive) and fsyncs the copy. */
  copyNew(src: string, dest: string): Promise<void>;
  /** Atomically renames `from` over `to`. */
  rename(from: string, to: string): Promise<void>;
  /** Removes a file. */
  unlink(path: string): Promise<void>;
  /** Names in a directory. */
  readdir(dir: string): Promise<string[]>;
  /** stat (follows links). */
  stat(path: string): Promise<Stats>;
  /** lstat (does not follow links). */
  lstat(path: string): Promise<Stats>;
  /** realpath. */
  realpath(path: string): Promise<string>;
  /** fsyncs a directory so that renames in it are durable. */
  syncDir(dir: string): Promise<void>;
}

async function syncHandle(fh: fsp.FileHandle): Promise<void> {
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}

/** The real thing. */
export const nodeFs: FsOps = {
  async writeNew(path, bytes, mode) {
    const fh = await fsp.open(path, 'wx', mode ?? 0o666);
    try {
      if (mode !== undefined) await fh.chmod(mode); // open() masks the mode with the umask; keep the old file's exactly
      if (bytes instanceof Uint8Array) await fh.writeFile(bytes);
      else for await (const c of bytes) for (let at = 0; at < c.length;) at += (await fh.write(c, at, c.length - at)).bytesWritten;
    } catch (e) {
      await fh.close().catch(() => {});
      throw e;
    }
    await syncHandle(fh);
  },
  link: (a, b) => fsp.link(a, b),
  async copyNew(src, dest) {
    await fsp.copyFile(src, dest, constants.COPYFILE_EXCL);
    await syncHandle(await fsp.open(dest, 'r+'));
  },
  rename: (a, b) => fsp.rename(a, b),
  unlink: (p) => fsp.unlink(p),
  readdir: (d) => fsp.readdir(d),
  stat: (p) => fsp.stat(p),
  lstat: (p) => fsp.lstat(p),
  realpath: (p) => fsp.realpath(p),
  async syncDir(dir) {
    await syncHandle(await fsp.open(dir, 'r'));
  },
};
