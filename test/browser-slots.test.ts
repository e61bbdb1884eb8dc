// savepack/browser in real headless Chromium (test/helpers/chromium.ts finds it; without one the
// tests are skipped with one loud line, and with SAVEPACK_REQUIRE_BROWSER=1 that is a failure):
// save slots through both back ends (OPFS and IndexedDB), backup, progress, name checks, the
// back-end detection, a quota failure that must leave the old slot intact, and 50 kills of the
// browser, its renderer or the page in the middle of large saves, after each of which the slot
// must load as the previous or the new save, never a broken one. Last, the example page
// examples/browser/ is clicked through. The page is bundled from src/ by esbuild.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, rmSync } from 'node:fs';
import { builtinModules } from 'node:module';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as esbuild from 'esbuild';
import type { Page } from 'playwright-core';
import { repoRoot } from './browser/docs-snippets.ts';
import { serve, type Route } from './browser/drive.ts';
import { startChromium, type OwnedChromium } from './browser/chromium-proc.ts';
import type { SlotsApi } from './browser/slots-page.ts';
import { ENABLE_HINT, findChromium, type FoundChromium } from './helpers/chromium.ts';
import { crashLoop } from './browser/slots-crash.ts';
import { click, exampleRoutes, openExample, screenshot, view } from './browser/slots-example.ts';

type Backend = 'opfs' | 'idb';
const BACKENDS: Backend[] = ['opfs', 'idb'];
const MB = 1 << 20;
/** Kills in the crash test, and the size of each interrupted save. */
const KILLS = Number(process.env.SAVEPACK_SLOT_KILLS ?? 50);
const CRASH_MB = 16;

/** The slot test page, bundled from src/ for the browser; fails on any Node built-in in the graph. */
async function bundle(entry: string): Promise<{ js: string; inputs: string[] }> {
  const r = await esbuild.build({
    absWorkingDir: repoRoot, entryPoints: [join(repoRoot, entry)], bundle: true, format: 'esm', platform: 'browser',
    target: 'es2022', write: false, outfile: join(repoRoot, 'out.js'), logLevel: 'silent', metafile: true,
  });
  return { js: r.outputFiles[0]!.text, inputs: Object.keys(r.metafile.inputs) };
}

test('savepack/browser bundles for the browser without a single Node built-in', async () => {
  const { inputs } = await bundle('src/browser.ts');
  const builtins = new Set(builtinModules);
  assert.ok(inputs.includes('src/browser/slots.ts'), 'the slots are in the bundle');
  assert.equal(inputs.filter((p) => p.startsWith('node:') || builtins.has(p) || p.startsWith('(disabled)')), []);
  assert.equal(inputs.filter((p) => p.startsWith('src/node')), [], 'nothing of savepack/node');
});

const found = await findChromium();
let setupError: string | undefined;
let server: Server | undefined;
let origin = '';
let chrome: OwnedChromium | undefined;
const profile = mkdtempSync(join(tmpdir(), 'savepack-slots-'));
const routes = new Map<string, Route>();

/** Starts (or restarts, on the same profile) the browser. */
async function start(): Promise<OwnedChromium> {
  chrome = await startChromium(found as FoundChromium, profile, origin);
  return chrome;
}

/** A fresh tab on the slot test page. */
async function openPage(init?: string): Promise<Page> {
  const page = await chrome!.context.newPage();
  if (init) await page.addInitScript(init);
  await page.goto(`${origin}/slots/`, { timeout: 30_000 });
  await page.waitForFunction(() => document.title === 'slots ready', undefined, { timeout: 30_000 });
  return page;
}

/** Calls window.__slots[fn](...args) in `page`. */
function call<K extends keyof SlotsApi>(page: Page, fn: K, ...args: Parameters<SlotsApi[K]>): Promise<Awaited<ReturnType<SlotsApi[K]>>> {
  return page.evaluate(([f, a]) => (window as unknown as { __slots: Record<string, (...x: unknown[]) => unknown> }).__slots[f]!(...a), [fn, args] as const) as never;
}

/** The value of a call that must succeed. */
function ok<T>(r: { value: T } | { error: unknown }, what: string): T {
  if ('error' in r) assert.unreachable(`${what} failed: ${JSON.stringify(r.error)}`);
  return (r as { value: T }).value;
}

function die(message: string): never {
  assert.unreachable(message);
  throw new Error(message);
}
function ready(): void {
  if (setupError) die(setupError);
  if (!chrome) die('the browser did not start');
}

let page: Page;

if ('missing' in found) {
  const line = `No Chromium found (${found.missing}). To run them: ${ENABLE_HINT}.`;
  if (process.env.SAVEPACK_REQUIRE_BROWSER === '1') test('browser: a Chromium to run the slot tests (SAVEPACK_REQUIRE_BROWSER=1)', () => die(line));
  else console.warn(`\n!! BROWSER SLOT TESTS SKIPPED: ${line}\n`);
} else if ('error' in found) {
  test('browser: Chromium lookup', () => die(found.error));
} else {
  test.before(async () => {
    try {
      const pageJs = await bundle('test/browser/slots-page.ts');
      routes.set('/slots/', { type: 'text/html; charset=utf-8', body: '<!doctype html><meta charset="utf-8"><title>slots</title><script type="module" src="/slots.js"></script>' });
      routes.set('/slots.js', { type: 'text/javascript; charset=utf-8', body: pageJs.js });
      for (const [k, v] of await exampleRoutes()) routes.set(k, v);
      server = await serve(routes);
      origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      await start();
      page = await openPage();
    } catch (e) {
      setupError = `setup failed: ${e instanceof Error ? e.stack ?? e.message : String(e)}`;
    }
  });
  test.after(async () => {
    await chrome?.close().catch(() => {});
    server?.closeAllConnections();
    await new Promise((r) => (server ? server.close(r) : r(undefined)));
    rmSync(profile, { recursive: true, force: true });
  });
  browserTests();
}

function browserTests(): void {
  test('detection: OPFS in Chromium; IndexedDB on a page where navigator.storage.getDirectory is missing', async () => {
    ready();
    assert.equal(await call(page, 'backend'), { value: 'opfs' });
    const p2 = await openPage('delete StorageManager.prototype.getDirectory;');
    try {
      assert.equal(await call(p2, 'backend'), { value: 'idb' });
      // and a save made there is an IndexedDB save
      ok(await call(p2, 'save', 'idb', 'detected', 7), 'save');
      assert.equal(ok(await call(page, 'load', 'idb', 'detected'), 'load idb'), { n: 7, s: 'value 7' });
      ok(await call(page, 'del', 'idb', 'detected'), 'delete');
    } finally {
      await p2.close();
    }
  });

  test('slot names: separators, dot names, control characters, over 100 characters are INVALID_VALUE', async () => {
    ready();
    const r = await call(page, 'badNames');
    assert.is(Object.keys(r).length, 8);
    for (const [name, code] of Object.entries(r)) assert.is(code, 'INVALID_VALUE', `slot name ${JSON.stringify(name)}`);
  });

  test('opfs: an incomplete newer generation is skipped; a damaged save is CHECKSUM naming the slot; the next save clears both', async () => {
    ready();
    ok(await call(page, 'save', 'opfs', 'dmg', 1), 'save 1');
    ok(await call(page, 'save', 'opfs', 'dmg', 2), 'save 2');
    assert.equal((await call(page, 'opfsFiles')).filter((f) => f.startsWith('dmg')), ['dmg.2.sp']);
    const listed = ok(await call(page, 'list', 'opfs'), 'list').find((x) => x.name === 'dmg');
    await call(page, 'opfsCopyTruncated', 'dmg.2.sp', 'dmg.3.sp', 40);
    assert.equal(ok(await call(page, 'load', 'opfs', 'dmg'), 'load'), { n: 2, s: 'value 2' }, 'the complete generation loads');
    assert.equal(ok(await call(page, 'list', 'opfs'), 'list').find((x) => x.name === 'dmg'), listed, 'and is the one listed');
    await call(page, 'opfsFlip', 'dmg.2.sp', 12);
    const bad = await call(page, 'load', 'opfs', 'dmg');
    assert.ok('error' in bad, 'a damaged save does not load');
    const e = (bad as { error: { code?: string; message: string } }).error;
    assert.is(e.code, 'CHECKSUM', e.message);
    assert.match(e.message, /^CHECKSUM: slot "dmg": /);
    ok(await call(page, 'save', 'opfs', 'dmg', 4), 'save 4');
    assert.equal((await call(page, 'opfsFiles')).filter((f) => f.startsWith('dmg')), ['dmg.4.sp'], 'the incomplete and the replaced generation are gone');
    assert.equal(ok(await call(page, 'load', 'opfs', 'dmg'), 'load'), { n: 4, s: 'value 4' });
    ok(await call(page, 'del', 'opfs', 'dmg'), 'delete');
  });

  test('opfs without FileSystemHandle.move (older browsers): the new generation is written in place; save, backup, load work', async () => {
    ready();
    const p2 = await openPage('delete FileSystemHandle.prototype.move; delete FileSystemFileHandle.prototype.move;');
    try {
      assert.is(await p2.evaluate(() => typeof (FileSystemFileHandle.prototype as { move?: unknown }).move), 'undefined', 'move() is gone on this page');
      assert.is(await page.evaluate(() => typeof (FileSystemFileHandle.prototype as { move?: unknown }).move), 'function', 'Chromium has move() (the other tests use it)');
      ok(await call(p2, 'save', 'opfs', 'nomove', 1), 'save 1');
      ok(await call(p2, 'save', 'opfs', 'nomove', 2, { backup: true }), 'save 2');
      assert.equal((await call(p2, 'opfsFiles')).filter((f) => f.includes('nomove')), ['nomove.1.sp', 'nomove.2.sp']);
      assert.equal(ok(await call(p2, 'load', 'opfs', 'nomove'), 'load'), { n: 2, s: 'value 2' });
      assert.equal(ok(await call(p2, 'load', 'opfs', 'nomove', { backup: true }), 'load backup'), { n: 1, s: 'value 1' });
      assert.equal(await call(p2, 'del', 'opfs', 'nomove'), { value: true });
    } finally {
      await p2.close();
    }
  });

  for (const b of BACKENDS) {
    test(`${b}: save, load, list (name, size, data version, time), delete`, async () => {
      ready();
      const t0 = Date.now();
      ok(await call(page, 'save', b, 'alpha', 1), 'save alpha');
      ok(await call(page, 'save', b, 'beta.2', 2), 'save beta.2');
      ok(await call(page, 'save', b, 'alpha', 3), 'save alpha again');
      assert.equal(ok(await call(page, 'load', b, 'alpha'), 'load'), { n: 3, s: 'value 3' });
      assert.equal(ok(await call(page, 'load', b, 'beta.2'), 'load'), { n: 2, s: 'value 2' });
      const list = ok(await call(page, 'list', b), 'list').filter((s) => s.name === 'alpha' || s.name === 'beta.2');
      assert.equal(list.map((s) => s.name), ['alpha', 'beta.2']);
      for (const s of list) {
        assert.is(s.dataVersion, 3);
        assert.ok(s.size > 32 && s.size < 200, `size ${s.size}`);
        assert.ok(s.time >= t0 - 2000 && s.time <= Date.now() + 2000, `time ${s.time}`);
        assert.is(s.backup, undefined, 'no backup without backup: true');
      }
      assert.equal(await call(page, 'del', b, 'alpha'), { value: true });
      assert.equal(await call(page, 'del', b, 'alpha'), { value: false });
      const missing = await call(page, 'load', b, 'alpha');
      assert.ok('error' in missing && missing.error.code === 'IO' && missing.error.name === 'NotFoundError', JSON.stringify(missing));
      assert.not.ok(ok(await call(page, 'list', b), 'list').some((s) => s.name === 'alpha'));
      ok(await call(page, 'del', b, 'beta.2'), 'delete beta.2');
    });

    test(`${b}: backup: true keeps the previous save (loadable and listed); a save without it leaves the backup`, async () => {
      ready();
      ok(await call(page, 'save', b, 'hero', 1), 'save 1');
      assert.ok('error' in (await call(page, 'load', b, 'hero', { backup: true })), 'no backup yet');
      ok(await call(page, 'save', b, 'hero', 2, { backup: true }), 'save 2');
      assert.equal(ok(await call(page, 'load', b, 'hero'), 'load'), { n: 2, s: 'value 2' });
      assert.equal(ok(await call(page, 'load', b, 'hero', { backup: true }), 'load backup'), { n: 1, s: 'value 1' });
      ok(await call(page, 'save', b, 'hero', 3), 'save 3');
      assert.equal(ok(await call(page, 'load', b, 'hero'), 'load'), { n: 3, s: 'value 3' });
      assert.equal(ok(await call(page, 'load', b, 'hero', { backup: true }), 'load backup'), { n: 1, s: 'value 1' }, 'the backup stays');
      ok(await call(page, 'save', b, 'hero', 4, { backup: true }), 'save 4');
      assert.equal(ok(await call(page, 'load', b, 'hero', { backup: true }), 'load backup'), { n: 3, s: 'value 3' });
      const s = ok(await call(page, 'list', b), 'list').find((x) => x.name === 'hero');
      assert.ok(s?.backup && s.backup.dataVersion === 3 && s.backup.size === s.size, JSON.stringify(s));
      if (b === 'opfs') assert.equal((await call(page, 'opfsFiles')).filter((f) => f.includes('hero')), ['hero.3.sp', 'hero.4.sp']);
      assert.equal(await call(page, 'del', b, 'hero'), { value: true });
      assert.ok('error' in (await call(page, 'load', b, 'hero', { backup: true })), 'the backup went with the slot');
    });

    test(`${b}: onProgress on a 10 MB save and load: at most 4 MB apart, ending at (total, total)`, async () => {
      ready();
      const saved = await call(page, 'saveBig', b, 'progress', 5, 10 * MB);
      ok(saved, 'saveBig');
      const loaded = await call(page, 'loadBig', b, 'progress');
      assert.equal(ok(loaded, 'loadBig'), { gen: 5, size: 10 * MB, intact: true });
      for (const [what, calls] of [['save', saved.progress], ['load', loaded.progress]] as const) {
        assert.ok(calls.length >= 3, `${what}: ${calls.length} calls`);
        const total = calls[0]![1];
        assert.ok(total > 10 * MB, `${what}: total ${total}`);
        let last = 0;
        for (const [d, t] of calls) {
          assert.is(t, total);
          assert.ok(d >= last && d - last <= 4 * MB, `${what}: ${last} -> ${d}`);
          last = d;
        }
        assert.is(last, total, `${what}: the last call is (total, total)`);
      }
      ok(await call(page, 'del', b, 'progress'), 'delete');
    });

    test(`${b}: an onProgress that throws aborts the save with its own error; the old save stays`, async () => {
      ready();
      ok(await call(page, 'saveBig', b, 'stopped', 1, MB), 'the first save');
      const r = await call(page, 'progressThrows', b, 'stopped', 2);
      assert.ok('error' in r, 'the save fails');
      const e = (r as { error: { code?: string; message: string } }).error;
      assert.equal([e.code, e.message], [undefined, 'stop here'], 'the callback\'s error, not IO');
      assert.equal(ok(await call(page, 'loadBig', b, 'stopped'), 'load'), { gen: 1, size: MB, intact: true });
      if (b === 'opfs') assert.equal((await call(page, 'opfsFiles')).filter((f) => f.includes('stopped')), ['stopped.1.sp'], 'no temporary left');
      ok(await call(page, 'del', b, 'stopped'), 'delete');
    });

    test(`${b}: a QuotaExceededError (a small quota; injected for IDB) rejects with IO and the cause, and leaves the old slot intact`, async () => {
      ready();
      ok(await call(page, 'saveBig', b, 'quota', 1, MB), 'the first save');
      const before = ok(await call(page, 'list', b), 'list').find((s) => s.name === 'quota');
      const { usage } = await call(page, 'estimate');
      const cdp = await chrome!.context.newCDPSession(page);
      await cdp.send('Storage.overrideQuotaForOrigin', { origin, quotaSize: usage + 3 * MB });
      try {
        // OPFS: the quota override is enforced; IndexedDB ignores it, so there the failure is injected.
        if (b === 'idb') await call(page, 'injectIdbQuota', 6);
        const r = await call(page, 'saveBig', b, 'quota', 2, 12 * MB);
        assert.ok('error' in r, 'the save over the quota fails');
        const e = (r as { error: { code?: string; name?: string; message: string } }).error;
        assert.is(e.code, 'IO', e.message);
        assert.is(e.name, 'QuotaExceededError', e.message);
        assert.match(e.message, /previous save is unchanged/);
        assert.equal(ok(await call(page, 'loadBig', b, 'quota'), 'load after the failure'), { gen: 1, size: MB, intact: true });
        assert.equal(ok(await call(page, 'list', b), 'list').find((s) => s.name === 'quota'), before, 'the listing is unchanged');
        if (b === 'opfs') assert.equal((await call(page, 'opfsFiles')).filter((f) => f.includes('quota')), ['quota.1.sp'], 'no temporary left');
        // within the quota, saving works again
        ok(await call(page, 'saveBig', b, 'quota', 3, MB), 'a save that fits');
      } finally {
        await cdp.send('Storage.overrideQuotaForOrigin', { origin });
        await cdp.detach();
      }
      assert.equal(ok(await call(page, 'loadBig', b, 'quota'), 'load'), { gen: 3, size: MB, intact: true });
      ok(await call(page, 'del', b, 'quota'), 'delete');
    });
  }

  test('examples/browser: play, save, save with a backup, load, load the backup, a bad name, a second slot (the DOM after each click)', async () => {
    ready();
    const { page: ex, errors } = await openExample(chrome!.context, origin);
    try {
      assert.match(await ex.textContent('#backend') ?? '', /Origin Private File System/);
      for (const id of ['explore', 'explore', 'fight', 'explore', 'rest']) await click(ex, id, false);
      let v = await view(ex);
      assert.is(v.turn, '5');
      assert.is(v.history, 6);
      await ex.fill('#slot', 'slot-1');
      v = await click(ex, 'save');
      assert.is(v.status, 'Saved turn 5 in "slot-1".');
      assert.equal(v.slots.map((r) => [r[0], r[2], r[4]]), [['slot-1', 'v1', '—']]);
      for (const id of ['explore', 'fight']) await click(ex, id, false);
      await ex.check('#backup');
      v = await click(ex, 'save');
      assert.is(v.status, 'Saved turn 7 in "slot-1".');
      assert.ok(/^\d+ B$/.test(v.slots[0]![4]!), `a backup is listed: ${JSON.stringify(v.slots)}`);
      v = await click(ex, 'new-game');
      assert.equal([v.turn, v.history], ['0', 1]);
      v = await click(ex, 'load');
      assert.equal([v.status, v.turn, v.history], ['Loaded "slot-1": turn 7.', '7', 8]);
      v = await click(ex, 'load-backup');
      assert.equal([v.status, v.turn, v.history], ['Loaded the backup of "slot-1": turn 5.', '5', 6]);
      await ex.fill('#slot', 'saves/one');
      v = await click(ex, 'save');
      assert.ok(v.error && /^Save failed: INVALID_VALUE: slot name "saves\/one" contains a path separator/.test(v.status), v.status);
      await ex.fill('#slot', 'slot-2');
      await ex.uncheck('#backup');
      await click(ex, 'explore', false);
      v = await click(ex, 'save');
      assert.is(v.status, 'Saved turn 6 in "slot-2".');
      assert.equal(v.slots.map((r) => r[0]), ['slot-1', 'slot-2']);
      assert.equal(errors, [], 'no console errors');
      const shot = await screenshot(ex);
      console.log(`  example page: ${shot.written ? 'wrote' : 'kept'} docs/browser-example.png (${(shot.bytes / 1024).toFixed(1)} KiB)`);
      assert.ok(shot.bytes > 0 && shot.bytes < 150 * 1024, `the screenshot is under 150 KB (${shot.bytes})`);
      v = await click(ex, 'delete');
      assert.is(v.status, 'Deleted "slot-2".');
      await ex.fill('#slot', 'slot-1');
      await click(ex, 'delete');
    } finally {
      await ex.close();
    }
  });

  test(`crash safety: ${KILLS} kills (browser SIGKILL, renderer crash, page close) in the middle of ${CRASH_MB} MB saves; every load is the previous or the new save, whole`, async () => {
    ready();
    const t0 = Date.now();
    const seed = Number(process.env.SAVEPACK_CRASH_SEED ?? Date.now() % 1e9);
    const st = await crashLoop({
      chrome: () => chrome!,
      restart: start,
      openPage: (init) => openPage(init),
      call,
    }, KILLS, CRASH_MB * MB, seed);
    console.log(`\n  crash test (seed ${seed}): ${st.kills} kills (browser ${st.kinds.browser}, renderer ${st.kinds.renderer}, page ${st.kinds.page}; `
      + `opfs ${st.backends.opfs} (${st.noMove} of them without move()), idb ${st.backends.idb}; ${st.duringWrite} aimed inside the write, ${st.afterWrite} after its last byte): `
      + `the previous save loaded ${st.loadedPrevious} times, the new one ${st.loadedNew} times, broken ${st.failures.length} times; ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    const kinds = ['browser', 'renderer', 'page'] as const;
    console.log(`  new save loaded after: ${kinds.map((k) => `${k} ${st.newByKind[k]}/${st.kinds[k]}`).join(', ')}; ms per kill + reopen + load: ${kinds.map((k) => `${k} ${Math.round(st.msByKind[k] / Math.max(1, st.kinds[k]))}`).join(', ')}`);
    assert.equal(st.failures, []);
    assert.is(st.kills, KILLS);
    assert.ok(st.loadedPrevious > 0 && st.loadedNew > 0, 'kills landed both before and after saves took effect');
    // one more save cleans what the kills left: one file for the slot in OPFS
    page = await openPage();
    for (const b of BACKENDS) ok(await call(page, 'saveBig', b, 'crash', 999_999, MB), `a save after the kills (${b})`);
    assert.equal((await call(page, 'opfsFiles')).filter((f) => f.includes('crash')), [`crash.${(await call(page, 'opfsFiles')).filter((f) => /^crash\.\d+\.sp$/.test(f))[0]!.split('.')[1]}.sp`], 'no leftovers after the next save');
    for (const b of BACKENDS) assert.equal(ok(await call(page, 'loadBig', b, 'crash'), 'load'), { gen: 999_999, size: MB, intact: true });
  });
}

test.run();
