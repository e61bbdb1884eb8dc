/// <reference types="node" preserve="true" />
// Temporary names beside the target, and the cleaning of ones left by crashed saves.
//
// A save of `dir/save.bin` writes `dir/.save.bin.<pid>.<12 hex>.tmp` (and, with backup,
// `dir/.save.bin.<pid>.<12 hex>.bak.tmp`); a target name longer than 100 bytes is shortened there
// (names.ts), so that temporary names always fit in 255 bytes. The next save of the same target
// removes every such name whose process is gone, or that is our own and no longer in flight, or
// that is older than an hour.

import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { FsOps } from './fs-ops.ts';
import { tempStem } from './names.ts';

/** A temporary whose process still seems alive is removed anyway after this long (pid reuse). */
export const STALE_MS = 60 * 60 * 1000;

/** The kinds of temporaries a save creates. */
export type TempKind = 'tmp' | 'bak.tmp';

/** Temporaries of saves running in this process, never cleaned as strays. */
export const inFlight = new Set<string>();

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A fresh temporary path for target `base` in `dir`. */
export function tempPath(dir: string, base: string, kind: TempKind): string {
  return join(dir, `.${tempStem(base)}.${process.pid}.${randomBytes(6).toString('hex')}.${kind}`);
}

/** Matches the temporary names of target `base`; group 1 is the pid that made it. */
export function tempPattern(base: string): RegExp {
  return new RegExp(`^\\.${escapeRe(tempStem(base))}\\.(\\d+)\\.[0-9a-f]{12}\\.(?:bak\\.)?tmp$`);
}

function alive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM'; // exists, owned by someone else
  }
}

/** Removes leftovers of crashed saves of `base` in `dir`; best effort, never throws. Returns the names removed. */
export async function cleanStrays(fs: FsOps, dir: string, base: string): Promise<string[]> {
  let names: string[];
  try {
    names = await fs.readdir(dir);
  } catch {
    return [];
  }
  const re = tempPattern(base);
  const removed: string[] = [];
  for (const name of names) {
    const m = re.exec(name);
    if (!m) continue;
    const path = join(dir, name);
    if (inFlight.has(path)) continue;
    const pid = Number(m[1]);
    try {
      if (pid !== process.pid && alive(pid)) {
        // Perhaps a concurrent save by another live process; only remove it once it is old.
        const st = await fs.stat(path);
        if (Date.now() - st.mtimeMs < STALE_MS) continue;
      }
      await fs.unlink(path);
      removed.push(name);
    } catch {
      // gone already, or not ours to remove: leave it
    }
  }
  return removed;
}
