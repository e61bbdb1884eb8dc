// The crash loop of test/browser-slots.test.ts: large saves into one slot, each interrupted by a
// kill at a random moment (by how many bytes the save has written, or a few ms after its last
// byte: completing, renaming, retiring the old save), then the slot is loaded on a fresh page.
// Three kinds of kill: SIGKILL of the browser's whole process group (then a restart on the same
// profile), a renderer crash (CDP Page.crash), and closing the page. After every kill the slot
// must load, intact, as the last save seen or one of the saves started since, never an older one.

import type { Page } from 'playwright-core';
import type { OwnedChromium } from './chromium-proc.ts';
import type { SlotsApi } from './slots-page.ts';

/** How a save is interrupted. */
export type KillKind = 'browser' | 'renderer' | 'page';
type Backend = 'opfs' | 'idb';

/** What the loop needs from the test. */
export interface CrashEnv {
  chrome(): OwnedChromium;
  restart(): Promise<OwnedChromium>;
  openPage(init?: string): Promise<Page>;
  call<K extends keyof SlotsApi>(page: Page, fn: K, ...args: Parameters<SlotsApi[K]>): Promise<Awaited<ReturnType<SlotsApi[K]>>>;
}

/** What happened, for the test's output and assertions. */
export interface CrashStats {
  kills: number;
  kinds: Record<KillKind, number>;
  backends: Record<Backend, number>;
  /** OPFS kills on pages without FileSystemHandle.move (the new generation written in place). */
  noMove: number;
  duringWrite: number;
  afterWrite: number;
  loadedPrevious: number;
  loadedNew: number;
  /** Per kind of kill: how often the new save was the one loaded afterwards. */
  newByKind: Record<KillKind, number>;
  /** Milliseconds per kind of kill (kill, restart or reopen, load). */
  msByKind: Record<KillKind, number>;
  /**
   * Browser SIGKILLs after which Chromium had discarded the origin's whole IndexedDB (a sentinel
   * slot saved at the start was gone too): Chromium deletes an IndexedDB it finds damaged when it
   * restarts (crbug.com/146284), which no page code can prevent. Counted and printed, not failed.
   */
  idbDiscarded: number;
  failures: string[];
}

/** The IndexedDB slot saved once at the start and never touched by a kill. */
const SENTINEL = 'crash-sentinel';

/** A small deterministic generator (the kill moments of a run can be replayed with its seed). */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => { // mulberry32
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

/** Runs `kills` interrupted saves of `size` bytes; returns the statistics (failures listed, not thrown). */
export async function crashLoop(env: CrashEnv, kills: number, size: number, seed: number): Promise<CrashStats> {
  const rand = rng(seed);
  const st: CrashStats = { kills: 0, kinds: { browser: 0, renderer: 0, page: 0 }, backends: { opfs: 0, idb: 0 }, noMove: 0, duringWrite: 0, afterWrite: 0, loadedPrevious: 0, loadedNew: 0, newByKind: { browser: 0, renderer: 0, page: 0 }, msByKind: { browser: 0, renderer: 0, page: 0 }, idbDiscarded: 0, failures: [] };
  let onProgress: ((done: number, total: number) => void) | undefined;
  const bind = (c: OwnedChromium) => c.context.exposeBinding('__onProgress', (_src, done: number, total: number) => onProgress?.(done, total));
  await bind(env.chrome());
  // Every fourth OPFS save runs on a page whose browser "lacks" move(), as older browsers do.
  const noMove = (i: number) => i % 3 !== 2 && i % 4 === 1;
  const NO_MOVE = 'delete FileSystemHandle.prototype.move; delete FileSystemFileHandle.prototype.move;';
  const open = (i: number) => env.openPage(noMove(i) ? NO_MOVE : undefined);
  let page = await env.openPage();
  let marker = 0;
  const last: Record<Backend, number> = { opfs: 0, idb: 0 };
  /** The first save of `b`'s crash slot, and for IndexedDB a small sentinel slot that no kill touches. */
  const baseline = async (b: Backend) => {
    const r = await env.call(page, 'saveBig', b, 'crash', ++marker, size);
    if ('error' in r) throw new Error(`the first save (${b}) failed: ${JSON.stringify(r.error)}`);
    last[b] = marker;
    if (b === 'idb') {
      const s = await env.call(page, 'saveBig', b, SENTINEL, 1, 4096);
      if ('error' in s) throw new Error(`the sentinel save failed: ${JSON.stringify(s.error)}`);
    }
  };
  for (const b of ['opfs', 'idb'] as const) await baseline(b);
  const started: Record<Backend, number[]> = { opfs: [], idb: [] };
  await page.close();
  page = await open(0);

  for (let i = 0; i < kills; i++) {
    const b: Backend = i % 3 === 2 ? 'idb' : 'opfs';
    const kind: KillKind = (['browser', 'renderer', 'page', 'renderer', 'browser', 'page', 'renderer'] as const)[i % 7]!;
    const at = rand() * 1.25; // > 1: a few ms after the last byte was written
    const gen = ++marker;
    started[b].push(gen);
    let fire!: () => void;
    const fired = new Promise<void>((r) => (fire = r));
    let done = false;
    onProgress = (d, total) => {
      if (done) return;
      if (at <= 1 && d >= at * total) { done = true; fire(); }
      else if (at > 1 && d === total) { done = true; setTimeout(fire, Math.floor((at - 1) * 160)); }
    };
    const r = await env.call(page, 'startBig', b, 'crash', gen, size);
    if (r !== true) throw new Error('startBig did not start');
    const timeout = setTimeout(() => { done = true; fire(); }, 30_000);
    await fired;
    clearTimeout(timeout);
    onProgress = undefined;
    if (at <= 1) st.duringWrite++; else st.afterWrite++;
    st.kills++;
    st.kinds[kind]++;
    st.backends[b]++;
    if (noMove(i)) st.noMove++;
    const t0 = Date.now();
    if (kind === 'browser') {
      await env.chrome().kill();
      await bind(await env.restart());
    } else if (kind === 'renderer') {
      const crashed = new Promise<void>((r) => { page.once('crash', () => r()); setTimeout(r, 10_000); });
      const cdp = await env.chrome().context.newCDPSession(page);
      cdp.send('Page.crash').catch(() => {});
      await crashed;
      await page.close().catch(() => {});
    } else {
      await page.close({ runBeforeUnload: false });
    }
    page = await open(i + 1);
    const loaded = await env.call(page, 'loadBig', b, 'crash');
    st.msByKind[kind] += Date.now() - t0;
    const allowed = [last[b], ...started[b]];
    if ('error' in loaded) {
      const sentinel = b === 'idb' && kind === 'browser' ? await env.call(page, 'loadBig', b, SENTINEL) : undefined;
      const gone = (e: unknown) => (e as { causeName?: string }).causeName === 'NotFoundError';
      if (sentinel && 'error' in sentinel && gone(sentinel.error) && gone(loaded.error)) {
        // The whole database is gone, not this save: start the slot and the sentinel again.
        st.idbDiscarded++;
        started[b] = [];
        await baseline(b);
        continue;
      }
      st.failures.push(`kill ${i + 1} (${kind}, ${b}, at ${at.toFixed(3)}): the slot does not load: ${JSON.stringify(loaded.error)}`);
      continue;
    }
    const v = loaded.value;
    if (!v.intact || v.size !== size) st.failures.push(`kill ${i + 1} (${kind}, ${b}): save ${v.gen} loaded broken (${v.size} bytes, intact ${v.intact})`);
    else if (!allowed.includes(v.gen)) st.failures.push(`kill ${i + 1} (${kind}, ${b}): loaded save ${v.gen}, expected one of ${allowed.join(', ')}`);
    if (v.gen === gen) { st.loadedNew++; st.newByKind[kind]++; }
    else st.loadedPrevious++;
    if (v.gen >= last[b]) {
      last[b] = v.gen;
      started[b] = started[b].filter((g) => g > v.gen);
    }
  }
  await page.close().catch(() => {});
  return st;
}
