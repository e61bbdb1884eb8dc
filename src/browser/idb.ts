// Slots in IndexedDB (where the Origin Private File System is missing), database `savepack-slots`:
// store `slots` holds one record per slot ({ name, current, backup? }, each a generation with its
// size, data version, time and chunk count); store `chunks` holds the save bytes in chunks of at
// most 1 MiB under the key [name, generation, index]. A save writes the new generation's chunks,
// the new slot record and the removal of the generation it replaces in ONE transaction: a crash,
// a closed tab or a quota failure before the commit leaves the previous save, whole.

import { SavepackError } from '../errors.ts';
import { asStorageError, namedError } from './errors.ts';
import { CHUNK, noSlot, tooBig, type Progress, type SlotFileInfo, type SlotInfo, type SlotStore } from './store.ts';

/** The IndexedDB database of slots. */
export const IDB_NAME = 'savepack-slots';

/** One stored generation of a slot. */
interface GenRecord extends SlotFileInfo { gen: number; chunks: number }
/** The record of a slot in the `slots` store. */
interface SlotRecord { name: string; current: GenRecord; backup?: GenRecord }

let opened: Promise<IDBDatabase> | undefined;

/** The database connection of this page (opened, and created, once). */
function db(): Promise<IDBDatabase> {
  opened ??= new Promise<IDBDatabase>((resolve, reject) => {
    const req = indexedDB.open(IDB_NAME, 1);
    req.onupgradeneeded = () => {
      const d = req.result;
      if (!d.objectStoreNames.contains('slots')) d.createObjectStore('slots', { keyPath: 'name' });
      if (!d.objectStoreNames.contains('chunks')) d.createObjectStore('chunks');
    };
    req.onsuccess = () => {
      const d = req.result;
      d.onversionchange = () => { d.close(); opened = undefined; };
      d.onclose = () => { opened = undefined; };
      resolve(d);
    };
    req.onerror = () => reject(req.error ?? namedError('UnknownError', 'indexedDB.open failed'));
    req.onblocked = () => reject(namedError('InvalidStateError', `opening IndexedDB "${IDB_NAME}" is blocked by another tab`));
  });
  opened.catch(() => { opened = undefined; });
  return opened;
}

/** The key range of every chunk of `name` (generation `gen`, or all). */
function chunkRange(name: string, gen?: number): IDBKeyRange {
  return gen === undefined ? IDBKeyRange.bound([name], [name, []]) : IDBKeyRange.bound([name, gen, 0], [name, gen, Infinity]);
}

/**
 * Runs `body` in one transaction over both stores; resolves with what `body` set once the
 * transaction has committed, rejects with the transaction's error (or the first thrown one) if it aborts.
 */
async function inTransaction<R>(mode: IDBTransactionMode, body: (slots: IDBObjectStore, chunks: IDBObjectStore, fail: (e: unknown) => void) => () => R): Promise<R> {
  const d = await db();
  return new Promise<R>((resolve, reject) => {
    let thrown: unknown;
    let tx: IDBTransaction;
    try {
      tx = d.transaction(['slots', 'chunks'], mode, mode === 'readwrite' ? { durability: 'strict' } : undefined);
    } catch (e) {
      reject(e);
      return;
    }
    const fail = (e: unknown) => {
      thrown ??= e;
      try { tx.abort(); } catch { /* already finishing */ }
    };
    let result: () => R = () => undefined as R;
    tx.oncomplete = () => resolve(result());
    tx.onabort = () => reject(thrown ?? tx.error ?? namedError('AbortError', 'the IndexedDB transaction was aborted'));
    try {
      result = body(tx.objectStore('slots'), tx.objectStore('chunks'), fail);
    } catch (e) {
      fail(e);
    }
  });
}

/** The generation record `which` of `rec`. */
const pick = (rec: SlotRecord | undefined, which: 'current' | 'backup') => (which === 'backup' ? rec?.backup : rec?.current);

/** The IndexedDB back end. */
export const idbStore: SlotStore = {
  kind: 'idb',

  async save(name, bytes, dataVersion, backup, progress) {
    const total = bytes.length;
    try {
      await inTransaction('readwrite', (slots, chunks, fail) => {
        const get = slots.get(name);
        get.onsuccess = () => { try { write(get.result as SlotRecord | undefined); } catch (e) { fail(e); } };
        const write = (old: SlotRecord | undefined) => {
          const gen = Math.max(old?.current.gen ?? 0, old?.backup?.gen ?? 0) + 1;
          const n = Math.max(1, Math.ceil(total / CHUNK));
          const rec: GenRecord = { gen, chunks: n, size: total, dataVersion, time: Date.now() };
          progress(0, total);
          for (let i = 0; i < n; i++) {
            const end = Math.min(total, (i + 1) * CHUNK);
            // A copy: storing a view would store its whole buffer.
            const put = chunks.put(bytes.slice(i * CHUNK, end), [name, gen, i]);
            put.onsuccess = () => { try { progress(end, total); } catch (e) { fail(e); } };
          }
          const drop = backup ? old?.backup : old?.current;
          if (drop) chunks.delete(chunkRange(name, drop.gen));
          const next: SlotRecord = { name, current: rec };
          const kept = backup ? old?.current : old?.backup;
          if (kept) next.backup = kept;
          slots.put(next);
        };
        return () => undefined;
      });
    } catch (e) {
      throw asStorageError(`saving slot "${name}" (idb) failed; the previous save is unchanged`, e);
    }
  },

  async load(name, which, maxBytes, progress) {
    try {
      return await inTransaction('readonly', (slots, chunks, fail) => {
        let out: Uint8Array | undefined;
        const get = slots.get(name);
        get.onsuccess = () => { try { read(get.result as SlotRecord | undefined); } catch (e) { fail(e); } };
        const read = (rec: SlotRecord | undefined) => {
          const g = pick(rec, which);
          if (!g) return fail(noSlot(name, which, 'idb'));
          if (g.size > maxBytes) return fail(tooBig(name, g.size, maxBytes));
          const buf = new Uint8Array(g.size);
          let done = 0;
          progress(0, g.size);
          const cur = chunks.openCursor(chunkRange(name, g.gen));
          cur.onsuccess = () => {
            const c = cur.result;
            if (!c) {
              if (done !== g.size) fail(new SavepackError('TRUNCATED', `slot "${name}" (idb) holds ${done} of its ${g.size} bytes`));
              else out = buf;
              return;
            }
            const part = c.value as Uint8Array;
            if (!(part instanceof Uint8Array) || done + part.length > g.size) return fail(new SavepackError('INVALID_DATA', `slot "${name}" (idb) has a damaged chunk`));
            buf.set(part, done);
            done += part.length;
            try { progress(done, g.size); } catch (e) { return fail(e); }
            c.continue();
          };
        };
        return () => out!;
      });
    } catch (e) {
      throw asStorageError(`loading slot "${name}" (idb) failed`, e);
    }
  },

  async list() {
    try {
      const all = await inTransaction('readonly', (slots) => {
        const req = slots.getAll();
        return () => req.result as SlotRecord[];
      });
      return all.map((r) => {
        const info: SlotInfo = { name: r.name, size: r.current.size, dataVersion: r.current.dataVersion, time: r.current.time };
        if (r.backup) info.backup = { size: r.backup.size, dataVersion: r.backup.dataVersion, time: r.backup.time };
        return info;
      }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    } catch (e) {
      throw asStorageError('listing slots (idb) failed', e);
    }
  },

  async remove(name) {
    try {
      return await inTransaction('readwrite', (slots, chunks) => {
        const get = slots.getKey(name);
        chunks.delete(chunkRange(name));
        slots.delete(name);
        return () => get.result !== undefined;
      });
    } catch (e) {
      throw asStorageError(`deleting slot "${name}" (idb) failed`, e);
    }
  },
};
