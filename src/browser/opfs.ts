// Slots in the Origin Private File System, directory `savepack-slots/`.
//
// A save of slot `name` never touches the file of the save it replaces until the new one is
// complete: it writes generation g+1 to `.<name>.<g+1>.tmp` through a writable stream (which the
// browser itself only publishes on close()), closes it, renames it to `<name>.<g+1>.sp`
// (FileSystemHandle.move, where the browser has it; else the stream writes the final name, which
// stays empty until close), and only then removes the generations it replaces. A load takes the
// newest generation whose size is exactly what its header declares; the decoder then verifies
// its XXH64. A crash at any step leaves the previous save (or the new one) loadable; leftovers
// are removed by the slot's next save.

import { SavepackError } from '../errors.ts';
import { throttleProgress } from '../codec/progress.ts';
import { asStorageError } from './errors.ts';
import { readHead } from './header.ts';
import { genFile, parseFile, tempFile } from './names.ts';
import { CHUNK, noSlot, tooBig, type Progress, type SlotFileInfo, type SlotInfo, type SlotStore } from './store.ts';

/** The directory of slot files in the origin private file system. */
export const OPFS_DIR = 'savepack-slots';

/** The parts of the File System API used here that the DOM typings leave out. */
interface DirHandle extends FileSystemDirectoryHandle {
  keys(): AsyncIterableIterator<string>;
}
interface MovableHandle extends FileSystemFileHandle {
  move?(name: string): Promise<void>;
}

/** A kept save: its generation, file and listing. */
interface Gen extends SlotFileInfo { gen: number; file: File }

async function root(): Promise<DirHandle> {
  const top = await navigator.storage.getDirectory();
  return (await top.getDirectoryHandle(OPFS_DIR, { create: true })) as DirHandle;
}

/** Every file name in `dir`, grouped by slot: generations (newest first) and temporaries. */
async function scan(dir: DirHandle): Promise<Map<string, { gens: number[]; temps: string[] }>> {
  const out = new Map<string, { gens: number[]; temps: string[] }>();
  for await (const file of dir.keys()) {
    const p = parseFile(file);
    // The swap files a browser may show for an interrupted writable stream count as temporaries.
    const swap = !p && file.endsWith('.crswap') ? parseFile(file.slice(0, -'.crswap'.length)) : undefined;
    const slot = p ?? swap;
    if (!slot) continue;
    const e = out.get(slot.name) ?? { gens: [], temps: [] };
    out.set(slot.name, e);
    if (swap || slot.temp) e.temps.push(file);
    else e.gens.push(slot.gen);
  }
  for (const e of out.values()) e.gens.sort((a, b) => b - a);
  return out;
}

/** The complete generations among `gens` (newest first): the size is what the header declares. */
async function complete(dir: DirHandle, name: string, gens: number[], max = Infinity): Promise<Gen[]> {
  const out: Gen[] = [];
  for (const gen of gens) {
    if (out.length >= max) break;
    let file: File;
    try {
      file = await (await dir.getFileHandle(genFile(name, gen))).getFile();
    } catch (e) {
      if ((e as { name?: string }).name === 'NotFoundError') continue; // removed meanwhile
      throw e;
    }
    const head = readHead(new Uint8Array(await file.slice(0, 32).arrayBuffer()));
    if (!head || head.declaredSize !== file.size) continue; // an interrupted write
    out.push({ gen, file, size: file.size, dataVersion: head.dataVersion, time: file.lastModified });
  }
  return out;
}

/** Reads all of `file` with progress. */
async function readAll(file: File, progress: Progress): Promise<Uint8Array> {
  const total = file.size;
  const out = new Uint8Array(total);
  progress(0, total);
  const report = throttleProgress(total, progress, 0); // (0, total) is reported: then every PROGRESS_STEP bytes and at the end
  let done = 0;
  for (let at = 0; at < total; at += CHUNK) {
    const part = new Uint8Array(await file.slice(at, Math.min(total, at + CHUNK)).arrayBuffer());
    if (done + part.length > total) throw new SavepackError('TRUNCATED', `the file grew while being read`);
    out.set(part, done);
    done += part.length;
    report(done);
  }
  if (done !== total) throw new SavepackError('TRUNCATED', `read ${done} of ${total} bytes`);
  return out;
}

/** The OPFS back end. */
export const opfsStore: SlotStore = {
  kind: 'opfs',

  async save(name, bytes, _dataVersion, backup, progress) {
    let step = 'opening the slot directory';
    try {
      const dir = await root();
      step = 'listing the slot directory';
      const mine = (await scan(dir)).get(name) ?? { gens: [], temps: [] };
      for (const t of mine.temps) await dir.removeEntry(t).catch(() => {}); // leftovers of crashed saves
      // The current save and its backup: the two newest complete generations (an incomplete
      // one, from a browser without move() killed mid-write, is neither and goes below).
      const [current, kept] = (await complete(dir, name, mine.gens, 2)).map((g) => g.gen);
      const gen = (mine.gens[0] ?? 0) + 1;
      const move = typeof (FileSystemFileHandle.prototype as MovableHandle).move === 'function';
      const target = move ? tempFile(name, gen) : genFile(name, gen);
      step = 'writing the new save';
      const fh = (await dir.getFileHandle(target, { create: true })) as MovableHandle;
      let w: FileSystemWritableFileStream | undefined;
      try {
        w = await fh.createWritable({ keepExistingData: false });
        const total = bytes.length;
        progress(0, total);
        for (let at = 0; at < total; at += CHUNK) {
          const end = Math.min(total, at + CHUNK);
          await w.write(bytes.subarray(at, end) as Uint8Array<ArrayBuffer>);
          progress(end, total);
        }
        step = 'completing the new save';
        await w.close();
        w = undefined;
        if (move) {
          step = 'renaming the new save into place';
          await fh.move!(genFile(name, gen));
        }
      } catch (e) {
        await w?.abort().catch(() => {});
        await dir.removeEntry(target).catch(() => {});
        throw e;
      }
      // The new save is in place: retire what it replaces (keeping the backup).
      step = 'removing the replaced save';
      const keep = backup ? current : kept;
      for (const g of mine.gens) if (g !== keep) await dir.removeEntry(genFile(name, g)).catch(() => {});
    } catch (e) {
      throw asStorageError(`saving slot "${name}" (opfs) failed while ${step}${step.startsWith('removing') ? '; the new save is in place' : '; the previous save is unchanged'}`, e);
    }
  },

  async load(name, which, maxBytes, progress) {
    let gens: Gen[];
    try {
      const dir = await root();
      gens = await complete(dir, name, (await scan(dir)).get(name)?.gens ?? [], 2);
    } catch (e) {
      throw asStorageError(`loading slot "${name}" (opfs) failed`, e);
    }
    const g = gens[which === 'backup' ? 1 : 0];
    if (!g) throw noSlot(name, which, 'opfs');
    if (g.size > maxBytes) throw tooBig(name, g.size, maxBytes);
    try {
      return await readAll(g.file, progress);
    } catch (e) {
      throw asStorageError(`reading slot "${name}" (opfs) failed`, e);
    }
  },

  async list() {
    try {
      const dir = await root();
      const out: SlotInfo[] = [];
      for (const [name, e] of await scan(dir)) {
        const [cur, bak] = await complete(dir, name, e.gens, 2);
        if (!cur) continue;
        const info: SlotInfo = { name, size: cur.size, dataVersion: cur.dataVersion, time: cur.time };
        if (bak) info.backup = { size: bak.size, dataVersion: bak.dataVersion, time: bak.time };
        out.push(info);
      }
      return out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    } catch (e) {
      throw asStorageError('listing slots (opfs) failed', e);
    }
  },

  async remove(name) {
    try {
      const dir = await root();
      const mine = (await scan(dir)).get(name);
      if (!mine) return false;
      const existed = (await complete(dir, name, mine.gens, 1)).length > 0;
      // Oldest first: a crash half way leaves the current save (the delete did not happen), never
      // an older save brought back as the current one.
      for (const g of [...mine.gens].reverse()) await dir.removeEntry(genFile(name, g));
      for (const t of mine.temps) await dir.removeEntry(t).catch(() => {});
      return existed;
    } catch (e) {
      throw asStorageError(`deleting slot "${name}" (opfs) failed`, e);
    }
  },
};
