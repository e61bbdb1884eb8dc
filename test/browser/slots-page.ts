// Entry of the slot test page (bundled by esbuild in test/browser-slots.test.ts, from src/). It
// puts small helpers on `window.__slots` that call savepack/browser and return plain JSON (errors
// as { error: { code, name, message } }), so that the Node side asserts on what happened.

import { codec, t, SavepackError } from '../../src/index.ts';
import { deleteSlot, listSlots, loadSlot, saveSlot, slotBackend, storageErrorName, type SlotBackend } from '../../src/browser.ts';

const Small = t.struct('test.Small', { n: t.u32, s: t.string });
const small = codec(Small, { version: 3 });
const Big = t.struct('test.Big', { gen: t.u32, data: t.bytes });
const big = codec(Big, { version: 1 });

/** What a failed call reports. */
export interface CallError { code?: string; name?: string; causeName?: string; message: string }
export type Result<T> = { value: T } | { error: CallError };

async function wrap<T>(f: () => Promise<T>): Promise<Result<T>> {
  try {
    return { value: await f() };
  } catch (e) {
    const cause = (e as { cause?: { name?: string } }).cause;
    return {
      error: {
        ...(e instanceof SavepackError ? { code: e.code } : {}),
        ...(storageErrorName(e) ? { name: storageErrorName(e)! } : {}),
        ...(cause?.name ? { causeName: cause.name } : {}),
        message: String((e as Error)?.message ?? e),
      },
    };
  }
}

/** The bytes of generation `gen` of the big test value: every byte depends on gen and position. */
function pattern(gen: number, size: number): Uint8Array {
  const words = new Uint32Array(Math.ceil(size / 4));
  for (let i = 0; i < words.length; i++) words[i] = (Math.imul(i, 2654435761) ^ gen) >>> 0;
  return new Uint8Array(words.buffer, 0, size);
}

function samePattern(gen: number, data: Uint8Array): boolean {
  const want = pattern(gen, data.length);
  for (let i = 0; i < data.length; i++) if (data[i] !== want[i]) return false;
  return true;
}

/** Progress calls seen by the last big save/load. */
let progress: [number, number][] = [];
const record = (done: number, total: number) => {
  progress.push([done, total]);
  (window as unknown as { __onProgress?: (d: number, t: number) => void }).__onProgress?.(done, total);
};

const api = {
  backend: () => wrap(() => slotBackend()),
  save: (b: SlotBackend, name: string, n: number, opts: { backup?: boolean } = {}) =>
    wrap(() => saveSlot(name, small, { n, s: `value ${n}` }, { backend: b, ...opts })),
  load: (b: SlotBackend, name: string, opts: { backup?: boolean; maxBytes?: number } = {}) =>
    wrap(() => loadSlot(name, small, { backend: b, ...opts })),
  list: (b: SlotBackend) => wrap(() => listSlots({ backend: b })),
  del: (b: SlotBackend, name: string) => wrap(() => deleteSlot(name, { backend: b })),
  saveBig: (b: SlotBackend, name: string, gen: number, size: number, opts: { backup?: boolean } = {}) => {
    progress = [];
    return wrap(() => saveSlot(name, big, { gen, data: pattern(gen, size) }, { backend: b, onProgress: record, ...opts })).then((r) => ({ ...r, progress }));
  },
  /** A save whose onProgress throws after the first chunk: the caller's error comes back as it is. */
  progressThrows: (b: SlotBackend, name: string, gen: number) =>
    wrap(() => saveSlot(name, big, { gen, data: pattern(gen, 3 << 20) }, { backend: b, onProgress: (d) => { if (d > 0) throw new Error('stop here'); } })),
  /** Starts a big save and returns at once (the crash test kills the browser meanwhile). */
  startBig: (b: SlotBackend, name: string, gen: number, size: number) => {
    progress = [];
    const data = pattern(gen, size);
    (window as unknown as { __saving: Promise<unknown> }).__saving = wrap(() => saveSlot(name, big, { gen, data }, { backend: b, onProgress: record }));
    return true;
  },
  loadBig: (b: SlotBackend, name: string, opts: { backup?: boolean } = {}) => {
    progress = [];
    return wrap(async () => {
      const v = await loadSlot(name, big, { backend: b, onProgress: record, ...opts });
      return { gen: v.gen, size: v.data.length, intact: samePattern(v.gen, v.data) };
    }).then((r) => ({ ...r, progress }));
  },
  /**
   * The next IndexedDB save fails as a full disk would: the `after`-th chunk put throws a
   * QuotaExceededError (Chromium ignores a CDP quota override for IndexedDB). Undone after one failure.
   */
  injectIdbQuota: (after: number) => {
    const put = IDBObjectStore.prototype.put;
    let n = 0;
    IDBObjectStore.prototype.put = function (this: IDBObjectStore, ...a: Parameters<IDBObjectStore['put']>) {
      if (this.name === 'chunks' && ++n === after) {
        IDBObjectStore.prototype.put = put;
        throw new DOMException('injected: the quota is exceeded', 'QuotaExceededError');
      }
      return put.apply(this, a);
    };
    return true;
  },
  /** navigator.storage.estimate(): usage and quota of this origin. */
  estimate: async () => { const e = await navigator.storage.estimate(); return { usage: e.usage ?? 0, quota: e.quota ?? 0 }; },
  /** Writes the first `keep` bytes of OPFS slot file `from` as file `to` (an interrupted write, as a browser without move() leaves it). */
  opfsCopyTruncated: async (from: string, to: string, keep: number) => {
    const dir = await (await navigator.storage.getDirectory()).getDirectoryHandle('savepack-slots');
    const bytes = new Uint8Array(await (await (await dir.getFileHandle(from)).getFile()).arrayBuffer());
    const w = await (await dir.getFileHandle(to, { create: true })).createWritable();
    await w.write(bytes.subarray(0, keep));
    await w.close();
    return bytes.length;
  },
  /** Flips one bit of OPFS slot file `file` at `fromEnd` bytes before its end (damage, same size). */
  opfsFlip: async (file: string, fromEnd: number) => {
    const dir = await (await navigator.storage.getDirectory()).getDirectoryHandle('savepack-slots');
    const h = await dir.getFileHandle(file);
    const bytes = new Uint8Array(await (await h.getFile()).arrayBuffer());
    bytes[bytes.length - fromEnd]! ^= 1;
    const w = await h.createWritable();
    await w.write(bytes);
    await w.close();
    return true;
  },
  /** Names in the OPFS slot directory (leftovers included). */
  opfsFiles: async () => {
    const dir = await (await navigator.storage.getDirectory()).getDirectoryHandle('savepack-slots', { create: true });
    const out: string[] = [];
    for await (const k of (dir as unknown as { keys(): AsyncIterable<string> }).keys()) out.push(k);
    return out.sort();
  },
  badNames: async () => {
    const out: Record<string, string | undefined> = {};
    for (const n of ['', 'a/b', 'a\\b', '..', '.hidden', 'x'.repeat(101), 'tab\there', 'ends.']) {
      const r = await wrap(() => saveSlot(n, small, { n: 1, s: '' }, { backend: 'idb' }));
      out[n] = 'error' in r ? r.error.code : 'saved';
    }
    return out;
  },
};

export type SlotsApi = typeof api;
(window as unknown as { __slots: SlotsApi }).__slots = api;
document.title = 'slots ready';
