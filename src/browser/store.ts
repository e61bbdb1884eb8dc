// What saveSlot / loadSlot / listSlots / deleteSlot need of a storage back end, and how the back
// end is chosen: the Origin Private File System where the browser has it (and lets this page use
// it), else IndexedDB. Detected once per page, by feature and by one real call, never by user agent.

import { SavepackError } from '../errors.ts';
import type { ProgressCallback } from '../codec/progress.ts';
import { messageOf, namedError, storageError } from './errors.ts';

/** The storage back ends: the Origin Private File System, or IndexedDB. */
export type SlotBackend = 'opfs' | 'idb';

/** One kept save of a slot, as listed. */
export interface SlotFileInfo {
  /** Bytes of the save file. */
  size: number;
  /** The data version the save was written with (from its header). */
  dataVersion: number;
  /** When it was saved, in milliseconds since 1970 (`Date.now()` scale). */
  time: number;
}

/** A slot as {@link listSlots} reports it: its current save, and the kept backup if there is one. */
export interface SlotInfo extends SlotFileInfo {
  /** The slot's name. */
  name: string;
  /** The previous save kept by a save with `backup: true`, if any. */
  backup?: SlotFileInfo;
}

/** Called with bytes done so far and the total. */
export type Progress = ProgressCallback;

/** Bytes written or read between two progress calls (at most; the contract is 4 MB). */
export const CHUNK = 1 << 20;

/** A back end: whole-save writes that leave the previous save loadable until the new one is complete. */
export interface SlotStore {
  /** Which back end this is. */
  readonly kind: SlotBackend;
  /** Stores `bytes` (a whole savepack file of data version `dataVersion`) as the slot's new current save. */
  save(name: string, bytes: Uint8Array, dataVersion: number, backup: boolean, progress: Progress): Promise<void>;
  /** The bytes of the slot's current save (or of its backup); 'IO' NotFoundError when there is none. */
  load(name: string, which: 'current' | 'backup', maxBytes: number, progress: Progress): Promise<Uint8Array>;
  /** Every slot, sorted by name. */
  list(): Promise<SlotInfo[]>;
  /** Removes the slot and its backup; whether there was one. */
  remove(name: string): Promise<boolean>;
}

/** The 'IO' error for a slot (or its backup) that does not exist. */
export function noSlot(name: string, which: 'current' | 'backup', backend: SlotBackend): SavepackError {
  const what = which === 'backup' ? `no backup of slot "${name}"` : `no slot "${name}"`;
  return storageError(`there is ${what} (${backend})`, namedError('NotFoundError', `${what} in ${backend}`));
}

/** LIMIT_EXCEEDED for a save larger than `maxBytes`, checked before reading it. */
export function tooBig(name: string, size: number, maxBytes: number): SavepackError {
  return new SavepackError('LIMIT_EXCEEDED', `slot "${name}" is ${size} bytes, more than maxBytes ${maxBytes}`);
}

let detected: Promise<SlotBackend> | undefined;

/** Errors of `navigator.storage.getDirectory()` that mean "no OPFS for this page" (private windows, opaque origins). */
const NO_OPFS = new Set(['SecurityError', 'NotSupportedError', 'NotAllowedError', 'InvalidStateError', 'TypeError']);

/**
 * The back end this page uses: 'opfs' when `navigator.storage.getDirectory` and writable file
 * streams exist and getDirectory() succeeds, else 'idb' when IndexedDB exists; 'IO' when neither.
 */
export function detectBackend(): Promise<SlotBackend> {
  detected ??= (async (): Promise<SlotBackend> => {
    const g = globalThis as { navigator?: { storage?: { getDirectory?: () => Promise<unknown> } }; FileSystemFileHandle?: { prototype: object }; indexedDB?: unknown };
    const storage = g.navigator?.storage;
    let why = 'navigator.storage.getDirectory is missing';
    if (typeof storage?.getDirectory === 'function') {
      if (g.FileSystemFileHandle && typeof (g.FileSystemFileHandle.prototype as { createWritable?: unknown }).createWritable === 'function') {
        try {
          await storage.getDirectory();
          return 'opfs';
        } catch (e) {
          const name = (e as { name?: string } | null)?.name ?? '';
          if (!NO_OPFS.has(name)) throw storageError(`opening the origin private file system failed: ${messageOf(e)}`, e);
          why = `navigator.storage.getDirectory() failed (${messageOf(e)})`;
        }
      } else {
        why = 'FileSystemFileHandle.createWritable is missing';
      }
    }
    if (g.indexedDB) return 'idb';
    throw storageError(`no storage for slots here: ${why}, and there is no IndexedDB`, namedError('NotSupportedError', why));
  })();
  detected.catch(() => { detected = undefined; });
  return detected;
}
