/// <reference types="node" preserve="true" />
// snapshotFile / restoreFile: snapshot() and restore() (units/snapshot.ts) over the atomic
// saveFile and loadFile: a crash while saving leaves the previous snapshot file intact.

import { prepareRestore, snapshot, type RestoreOptions, type RestoreResult, type SnapshotOptions } from '../units/snapshot.ts';
import type { UnitTree } from '../units/tree.ts';
import { loadFile, type LoadOptions } from './load.ts';
import { saveFile, type FileCodec, type SaveOptions } from './save.ts';

/** The bytes of a snapshot file as they are (snapshot() already made the whole file). */
const asIs: FileCodec<Uint8Array> = { encode: (b) => b, decode: (b) => b };

/**
 * Saves every unit of `units` (as {@link snapshot}) to `path` atomically (as saveFile: temporary
 * file, fsync, rename; `backup` keeps the previous file as `.bak`).
 */
export async function snapshotFile(path: string, units: UnitTree, opts: SnapshotOptions & SaveOptions = {}): Promise<void> {
  const bytes = await snapshot(units, opts);
  await saveFile(path, asIs, bytes, opts.backup === undefined ? undefined : { backup: opts.backup });
}

/**
 * Restores the units of `units` from the snapshot file at `path` (as {@link restore}). Reading
 * errors are IO as for loadFile; a damaged snapshot or a unit that does not match is refused, with
 * the file's path in the message, before any unit's `restore` runs.
 */
export async function restoreFile(path: string, units: UnitTree, opts: RestoreOptions & LoadOptions = {}): Promise<RestoreResult> {
  const prepared = await loadFile(path, { encode: () => new Uint8Array(0), decode: (b) => prepareRestore(b, units, opts) }, opts);
  return prepared.run();
}
