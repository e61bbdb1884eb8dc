// Shared setup of node-save.test.ts and node-load.test.ts: the save schema and players, a
// temporary directory per test file, byte helpers, rejection checks and a failing file system.
import * as assert from 'uvu/assert';
import * as fs from 'node:fs';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { codec, SavepackError, t } from '../../src/index.ts';
import { nodeFs, type FsOps } from '../../src/node/fs-ops.ts';

/** The save schema (skills since version 1). */
export const Player = t.struct('test.Player', {
  name: t.string,
  level: t.u32,
  skills: t.field(t.vec(t.string), { since: 1 }),
});
/** A codec of Player at version 1. */
export const saves = codec(Player, { version: 1 });
/** A player value. */
export type P = { name: string; level: number; skills: string[] };
/** Three different players. */
export const alice: P = { name: 'alice', level: 3, skills: ['sword'] };
/** Three different players. */
export const bob: P = { name: 'bob', level: 7, skills: ['bow', 'magic'] };
/** Three different players. */
export const carol: P = { name: 'carol', level: 1, skills: [] };

/** A temporary root directory, fresh empty directories in it, and its removal (for test.after). */
export function tempDirs(prefix: string): { root: string; freshDir: () => string; cleanup: () => void } {
  const root = mkdtempSync(join(tmpdir(), prefix));
  let n = 0;
  /** A fresh empty directory. */
  const freshDir = () => {
    const d = join(root, `d${n++}`);
    fs.mkdirSync(d);
    return d;
  };
  return { root, freshDir, cleanup: () => fs.rmSync(root, { recursive: true, force: true }) };
}
/** The bytes of file `p`. */
export const bytesOf = (p: string) => new Uint8Array(readFileSync(p));
/** Whether two byte arrays are equal. */
export const sameBytes = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((x, i) => x === b[i]);
/** The names in directory `d`, sorted. */
export const ls = (d: string) => readdirSync(d).sort();
/** Whether this process runs as root. */
export const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;

/** Awaits `p`, asserts it rejects with a SavepackError of `code`, returns the error. */
export async function rejects(p: Promise<unknown>, code: string, msg?: RegExp): Promise<SavepackError> {
  try {
    await p;
  } catch (e) {
    if (!(e instanceof SavepackError)) throw new Error(`expected SavepackError ${code}, got ${String(e)}`, { cause: e });
    assert.is(e.code, code, e.message);
    if (msg) assert.match(e.message, msg);
    return e;
  }
  throw new Error(`expected a rejection with ${code}`);
}

/** The real file system with `op` failing with `code` (optionally after doing part of its work). */
export function failing(op: keyof FsOps, code: string, partial?: (...args: any[]) => Promise<void>): FsOps {
  return {
    ...nodeFs,
    [op]: async (...args: any[]) => {
      if (partial) await partial(...args);
      const e: NodeJS.ErrnoException = new Error(`${code}: injected failure, ${op}`);
      e.code = code;
      throw e;
    },
  };
}
