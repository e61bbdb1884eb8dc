// saveSlot / loadSlot / listSlots / deleteSlot: whole saves in named slots of the browser's
// storage, crash-safe (a crash or a closed tab mid-save leaves the previous save loadable), with
// quota, permission and storage failures as SavepackError 'IO' carrying the browser's error.
// README.md, "Saving in the browser", documents the guarantees.

import { SavepackError } from '../errors.ts';
import { ownBuffer, releaseBuffer } from '../wire/owned.ts';
import { readHead } from './header.ts';
import { idbStore } from './idb.ts';
import { checkSlotName } from './names.ts';
import { opfsStore } from './opfs.ts';
import { detectBackend, type Progress, type SlotBackend, type SlotInfo, type SlotStore } from './store.ts';

/** What the slot functions need of a codec (any `Codec<T>` from `codec()` with a file frame fits). */
export interface SlotCodec<T> {
  /** The whole savepack file of `value` (header, schema section, payload, trailer). */
  encode(value: T, opts?: { version?: number }): Uint8Array;
  /** The value of a whole savepack file of any version the codec reads. */
  decode(bytes: Uint8Array): T;
}

/** Which storage to use: 'auto' (default) detects, 'opfs' or 'idb' force one (tests, migrations). */
export interface BackendOption {
  /** 'auto' (default): the Origin Private File System where available, else IndexedDB. */
  backend?: SlotBackend | 'auto';
}

/** Options of {@link saveSlot}. */
export interface SaveSlotOptions extends BackendOption {
  /** The data version to write (default: the codec's current version). */
  version?: number;
  /** Keep the save being replaced as the slot's backup (default false: an existing backup stays as it is). */
  backup?: boolean;
  /** Called with (bytes written, total) as the save is written: at least every 1 MiB, last with (total, total). */
  onProgress?: (done: number, total: number) => void;
}

/** Options of {@link loadSlot}. */
export interface LoadSlotOptions extends BackendOption {
  /** Load the slot's backup (the save kept by the last `backup: true` save) instead of its current save. */
  backup?: boolean;
  /** Refuse (LIMIT_EXCEEDED) a save larger than this many bytes before reading it. */
  maxBytes?: number;
  /** Called with (bytes read, total) as the save is read: at least every 1 MiB, last with (total, total). */
  onProgress?: (done: number, total: number) => void;
}

const noProgress: Progress = () => {};

/**
 * Runs `fn` with the caller's progress callback (or none); an error the callback throws aborts the
 * operation and is rethrown as it is (not as 'IO').
 */
async function withProgress<R>(user: Progress | undefined, fn: (p: Progress) => Promise<R>): Promise<R> {
  if (!user) return fn(noProgress);
  let thrown: { e: unknown } | undefined;
  try {
    return await fn((d, t) => {
      try {
        user(d, t);
      } catch (e) {
        thrown = { e };
        throw e;
      }
    });
  } catch (e) {
    throw thrown ? thrown.e : e;
  }
}

/** The store for `opts.backend`. */
async function storeFor(opts: BackendOption | undefined): Promise<SlotStore> {
  const b = opts?.backend ?? 'auto';
  if (b !== 'auto' && b !== 'opfs' && b !== 'idb') throw new SavepackError('INVALID_VALUE', `backend must be 'auto', 'opfs' or 'idb', got ${String(b)}`);
  const kind = b === 'auto' ? await detectBackend() : b;
  return kind === 'opfs' ? opfsStore : idbStore;
}

/** Runs `fn` holding the Web Lock of slot `name` (shared for reads) where the browser has Web Locks: saves of one slot never overlap, even across tabs. */
function withLock<R>(name: string, mode: 'shared' | 'exclusive', fn: () => Promise<R>): Promise<R> {
  const locks = (globalThis as { navigator?: { locks?: { request(n: string, o: { mode: string }, f: () => Promise<R>): Promise<R> } } }).navigator?.locks;
  return locks ? locks.request(`savepack-slot:${name}`, { mode }, fn) : fn();
}

/**
 * Saves `value` in slot `name`. The value is encoded first (a value that does not fit the schema
 * fails here and nothing is touched); then the new save is written beside the current one and
 * replaces it only once complete. If this rejects, the slot holds its previous save. Storage
 * failures (quota, permission, ...) reject with 'IO', `cause` the browser's error.
 */
export async function saveSlot<T>(name: string, codec: SlotCodec<T>, value: NoInfer<T>, opts: SaveSlotOptions = {}): Promise<void> {
  checkSlotName(name);
  const bytes = codec.encode(value, opts.version === undefined ? undefined : { version: opts.version });
  const head = readHead(bytes);
  if (!head || head.declaredSize !== bytes.length) {
    throw new SavepackError('NOT_SUPPORTED', `saveSlot needs a codec that writes whole savepack files (frame 'file'); this one wrote ${bytes.length} bytes without a savepack header`);
  }
  const store = await storeFor(opts);
  await withProgress(opts.onProgress, (p) => withLock(name, 'exclusive', () => store.save(name, bytes, head.dataVersion, opts.backup === true, p)));
}

/**
 * Loads slot `name` (or, with `backup: true`, its backup). Rejects with 'IO' (`storageErrorName`
 * 'NotFoundError') when there is no such slot, 'IO' for storage failures, and the decoder's error
 * (CHECKSUM, SCHEMA_MISMATCH, NEWER_VERSION, ...), prefixed with the slot's name, for a damaged
 * save or one of another schema.
 */
export async function loadSlot<T>(name: string, codec: SlotCodec<T>, opts: LoadSlotOptions = {}): Promise<T> {
  checkSlotName(name);
  const store = await storeFor(opts);
  const which = opts.backup ? 'backup' : 'current';
  const bytes = await withProgress(opts.onProgress, (p) => withLock(name, 'shared', () => store.load(name, which, opts.maxBytes ?? Infinity, p)));
  // The bytes are savepack's own: big typed values may be views into them instead of copies.
  ownBuffer(bytes);
  try {
    return codec.decode(bytes);
  } catch (e) {
    if (!(e instanceof SavepackError)) throw e;
    const bare = e.message.replace(/^[A-Z_]+( at [^:]*)?: /, '');
    throw new SavepackError(e.code, `slot "${name}"${which === 'backup' ? ' (backup)' : ''}: ${bare}`, e.path, { cause: e });
  } finally {
    releaseBuffer(bytes);
  }
}

/** Every slot (name, size, data version, time, and its backup's), sorted by name. */
export async function listSlots(opts?: BackendOption): Promise<SlotInfo[]> {
  return (await storeFor(opts)).list();
}

/** Deletes slot `name` and its backup; resolves whether there was such a slot. */
export async function deleteSlot(name: string, opts?: BackendOption): Promise<boolean> {
  checkSlotName(name);
  const store = await storeFor(opts);
  return withLock(name, 'exclusive', () => store.remove(name));
}

/** The back end the slot functions use on this page by default: 'opfs' or 'idb' (detected once). */
export function slotBackend(): Promise<SlotBackend> {
  return detectBackend();
}
