// The example page examples/browser/ in Chromium (for test/browser-slots.test.ts): served with the
// one-file build of the root + savepack/browser (what dist/browser/savepack-browser.js holds),
// clicked through (play, save, save with a backup, new game, load, load the backup, a bad slot
// name, a second slot), its DOM checked after every step; the README's screenshot
// (docs/browser-example.png) is taken once, when it is missing or with SAVEPACK_WRITE_SCREENSHOT=1.

import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import * as esbuild from 'esbuild';
import type { BrowserContext, Page } from 'playwright-core';
import { repoRoot } from './docs-snippets.ts';
import type { Route } from './drive.ts';
import { browserAllOptions } from '../../scripts/browser-entry.mjs';

/** Where the README's screenshot lives. */
export const SCREENSHOT = join(repoRoot, 'docs/browser-example.png');

/** The example's files under /example/, with /example/savepack.js built in memory like the package's. */
export async function exampleRoutes(): Promise<Map<string, Route>> {
  const built = await esbuild.build(browserAllOptions({ root: repoRoot }));
  const dir = join(repoRoot, 'examples/browser');
  const js = 'text/javascript; charset=utf-8';
  return new Map<string, Route>([
    ['/example/', { type: 'text/html; charset=utf-8', body: readFileSync(join(dir, 'index.html'), 'utf8') }],
    ['/example/game.js', { type: js, body: readFileSync(join(dir, 'game.js'), 'utf8') }],
    ['/example/savepack.js', { type: js, body: built.outputFiles![0]!.text }],
  ]);
}

/** What a step saw on the page. */
export interface ExampleView { turn: string; hp: string; history: number; status: string; error: boolean; slots: string[][] }

/** Reads the page's visible state. */
export function view(page: Page): Promise<ExampleView> {
  return page.evaluate(() => ({
    turn: document.getElementById('turn')!.textContent!,
    hp: document.getElementById('hp')!.textContent!,
    history: document.querySelectorAll('#history li').length,
    status: document.getElementById('status')!.textContent!,
    error: document.getElementById('status')!.className === 'error',
    slots: Array.from(document.querySelectorAll('#slots tr'), (tr) => Array.from(tr.querySelectorAll('td'), (td) => td.textContent!)),
  }));
}

/** Opens the example page; returns it with the console errors and uncaught errors it produces. */
export async function openExample(context: BrowserContext, origin: string): Promise<{ page: Page; errors: string[] }> {
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') errors.push(`${m.type()}: ${m.text()}`); });
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.setViewportSize({ width: 800, height: 600 });
  await page.goto(`${origin}/example/`, { timeout: 30_000 });
  await page.waitForFunction(() => document.body.dataset.ready === '1', undefined, { timeout: 30_000 });
  return { page, errors };
}

/** Clicks `id` and waits until the status line (or, for game buttons, the turn) changed. */
export async function click(page: Page, id: string, waitStatus = true): Promise<ExampleView> {
  const before = await page.evaluate(() => document.getElementById('status')!.textContent);
  await page.click(`#${id}`);
  if (waitStatus) await page.waitForFunction((b) => document.getElementById('status')!.textContent !== b, before, { timeout: 15_000 });
  // the slot table is refreshed after the status: give it its turn
  await page.evaluate(() => new Promise((r) => setTimeout(r, 50)));
  return view(page);
}

/** Takes the README's screenshot when asked to (or when it is missing); returns its size. */
export async function screenshot(page: Page): Promise<{ written: boolean; bytes: number }> {
  const write = process.env.SAVEPACK_WRITE_SCREENSHOT === '1' || !existsSync(SCREENSHOT);
  if (write) await page.screenshot({ path: SCREENSHOT, fullPage: true });
  return { written: write, bytes: existsSync(SCREENSHOT) ? statSync(SCREENSHOT).size : 0 };
}
