// The Chromium harness of the browser-slots*.test.ts files (test/helpers/chromium.ts finds the
// browser; without one the tests are skipped with one loud line, and with SAVEPACK_REQUIRE_BROWSER=1
// that is a failure): the slot test page bundled from src/ by esbuild, served with the example page
// examples/browser/, one browser on a fresh profile per test file, and calls into the page.
// Each file registers its tests through slotSuite(); uvu runs the files one after the other, so
// the state here (browser, server, page) belongs to the file that is running.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import type { Route } from './drive.ts';
import { bundle, jsRoute, noChromium, ok, pageRoute, serverHooks } from './served-chromium.ts';

export { bundle, ok };
import { startChromium, type OwnedChromium } from './chromium-proc.ts';
import type { SlotsApi } from './slots-page.ts';
import { findChromium, type FoundChromium } from '../helpers/chromium.ts';
import { exampleRoutes } from './slots-example.ts';

/** A storage back end of savepack/browser. */
export type Backend = 'opfs' | 'idb';
/** Both back ends. */
export const BACKENDS: Backend[] = ['opfs', 'idb'];
/** One MiB. */
export const MB = 1 << 20;
/** Kills in the crash test, and the size of each interrupted save. */
export const KILLS = Number(process.env.SAVEPACK_SLOT_KILLS ?? 50);
/** Size in MB of each save the crash test interrupts. */
export const CRASH_MB = 16;

const found = await findChromium();
let setupError: string | undefined;
/** The origin of the test server (set in the file's before hook). */
export let origin = '';
/** The browser of the running file. */
export let chrome: OwnedChromium | undefined;
let profile = '';
let routes = new Map<string, Route>();

/** Starts (or restarts, on the same profile) the browser. */
export async function start(): Promise<OwnedChromium> {
  chrome = await startChromium(found as FoundChromium, profile, origin);
  return chrome;
}

/** A fresh tab on the slot test page. */
export async function openPage(init?: string): Promise<Page> {
  const page = await chrome!.context.newPage();
  if (init) await page.addInitScript(init);
  await page.goto(`${origin}/slots/`, { timeout: 30_000 });
  await page.waitForFunction(() => document.title === 'slots ready', undefined, { timeout: 30_000 });
  return page;
}

/** Calls window.__slots[fn](...args) in `page`. */
export function call<K extends keyof SlotsApi>(page: Page, fn: K, ...args: Parameters<SlotsApi[K]>): Promise<Awaited<ReturnType<SlotsApi[K]>>> {
  return page.evaluate(([f, a]) => (window as unknown as { __slots: Record<string, (...x: unknown[]) => unknown> }).__slots[f]!(...a), [fn, args] as const) as never;
}

/** Fails the running test with `message`. */
export function die(message: string): never {
  assert.unreachable(message);
  throw new Error(message);
}
/** Fails the running test when the setup failed or the browser is not up. */
export function ready(): void {
  if (setupError) die(setupError);
  if (!chrome) die('the browser did not start');
}

/** The slot test page in the running file's browser (set in the before hook). */
export let page: Page;

/** Registers the file's hooks (server, browser on a fresh profile) and, when a Chromium is found, its `tests`. */
export function slotSuite(tests: () => void): void {
  if ('missing' in found) {
    noChromium(found.missing, 'browser: a Chromium to run the slot tests (SAVEPACK_REQUIRE_BROWSER=1)', 'BROWSER SLOT TESTS');
  } else if ('error' in found) {
    test('browser: Chromium lookup', () => die(found.error));
  } else {
    serverHooks({
      routes: async () => {
        setupError = undefined;
        chrome = undefined;
        profile = mkdtempSync(join(tmpdir(), 'savepack-slots-'));
        routes = new Map<string, Route>();
        const pageJs = await bundle('test/browser/slots-page.ts');
        routes.set('/slots/', pageRoute('slots', '/slots.js'));
        routes.set('/slots.js', jsRoute(pageJs.js));
        for (const [k, v] of await exampleRoutes()) routes.set(k, v);
        return routes;
      },
      up: async (at) => {
        origin = at;
        await start();
        page = await openPage();
      },
      failed: (message) => (setupError = message),
      chrome: () => chrome,
      profile: () => profile,
    });
    tests();
  }
}
