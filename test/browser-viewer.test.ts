// The web viewer in real headless Chromium (found by test/helpers/chromium.ts, driven by
// playwright-core as in test/browser.test.ts): the CLI and the viewer are built as the package
// ships them (test/helpers/cli-build.ts), `savepack view` serves a save of a million records, and
// files are also loaded through the page's file picker (what a drop does). The page must open the
// big save at once with a handful of rows in the DOM, expand paths and show their values, and
// show a damaged file's SavepackError code and path. A screenshot is kept as an artifact in
// <tmpdir>/savepack-artifacts/ (SAVEPACK_DOCS_SCREENSHOT=1 also writes docs/viewer.png).
// Without a browser the tests are skipped with one loud line; SAVEPACK_REQUIRE_BROWSER=1 fails.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { codec, RecordArray, t } from '../src/index.ts';
import { repoRoot } from './browser/docs-snippets.ts';
import { launch, PAGE_TIMEOUT, visit, type Observed } from './browser/drive.ts';
import { buildCli, startView, type ViewServer } from './helpers/cli-build.ts';
import { findChromium, type FoundChromium } from './helpers/chromium.ts';
import { noChromium } from './browser/served-chromium.ts';

const ROWS = 1_000_000;
const ARTIFACTS = join(tmpdir(), 'savepack-artifacts');
const golden = readFileSync(join(repoRoot, 'test/fixtures/player-v2.sp'));
const hostile = readFileSync(join(repoRoot, 'test/hostile/utf8-ff.sp'));
const hostileExpect = (JSON.parse(readFileSync(join(repoRoot, 'test/hostile/manifest.json'), 'utf8')) as { file: string; expect: { code: string; path: string } }[])
  .find((e) => e.file === 'utf8-ff.sp')!.expect;

/** What the page showed, read from its DOM. */
const seen: Record<string, unknown> = {};
let observed: Observed | undefined;
let setupError: string | undefined;

/** A save of ROWS positions in a records history (8 MB), plus a few fields. */
function bigSave(): Uint8Array {
  const Pos = t.struct('game.Position', { x: t.u32, y: t.u32 });
  const World = t.struct('game.World', { name: t.string, seed: t.u64, history: t.records(Pos) });
  const bytes = new Uint8Array(ROWS * 8);
  const v = new DataView(bytes.buffer);
  for (let i = 0; i < ROWS; i++) { v.setUint32(i * 8, i, true); v.setUint32(i * 8 + 4, (i * 7) % 1000, true); }
  return codec(World, { version: 3 }).encode({ name: 'Big world', seed: 2n ** 63n, history: RecordArray.fromBytes(Pos, bytes) });
}

const text = (page: Page, selector: string) => page.locator(selector).first().textContent({ timeout: 10_000 });
const state = (page: Page, s: string) => page.waitForSelector(`body[data-state="${s}"]`, { timeout: PAGE_TIMEOUT });
/** Clicks the row of `path` (expanding or collapsing it) and waits for the redraw. */
async function toggle(page: Page, path: string): Promise<void> {
  await page.locator(`.row[data-path="${path}"]`).first().click({ timeout: 10_000 });
}
/** Loads `bytes` through the page's file picker, as a person picking (or dropping) a file. */
async function pick(page: Page, name: string, bytes: Uint8Array, expect: 'loaded' | 'error'): Promise<void> {
  await page.setInputFiles('#pick', { name, mimeType: 'application/octet-stream', buffer: Buffer.from(bytes) });
  await page.waitForFunction((n) => document.getElementById('title')?.textContent === n, name, { timeout: PAGE_TIMEOUT });
  await state(page, expect);
}

/** Everything the browser does, once: the tests below read `seen`. */
async function drive(found: FoundChromium): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'savepack-viewer-'));
  let context: BrowserContext | undefined;
  let server: ViewServer | undefined;
  try {
    const cli = await buildCli();
    writeFileSync(join(dir, 'big.sp'), bigSave());
    server = await startView(cli, join(dir, 'big.sp'), dir);
    const origin = new URL(server.url).origin;
    context = await launch(found, join(dir, 'profile'), origin);
    observed = await visit(context, server.url, async (page) => {
      await page.setViewportSize({ width: 1100, height: 720 });
      // 1. The million-record save, served by `savepack view`.
      await state(page, 'loaded');
      seen.bigStatus = await text(page, '#status');
      seen.bigTitle = await text(page, '#title');
      seen.bigHistoryNote = await text(page, '.row[data-path="history"] .note');
      seen.bigSeed = await text(page, '.row[data-path="seed"] .value');
      await toggle(page, 'history');
      seen.bigFirst = await text(page, '.row[data-path="history[1]"] .note');
      await page.$eval('#tree', (el) => { el.scrollTop = el.scrollHeight; });
      await page.waitForSelector(`.row[data-path="history[${ROWS - 1}]"]`, { timeout: 10_000 });
      seen.bigLast = await text(page, `.row[data-path="history[${ROWS - 1}]"] .note`);
      seen.bigDomRows = await page.$$eval('.row', (rows) => rows.length);
      await page.fill('#goto-path', 'history[500000].y');
      await page.click('#goto button');
      await page.waitForSelector('.row.selected[data-path="history[500000].y"]', { timeout: 10_000 });
      seen.bigGoto = await text(page, '.row.selected[data-path="history[500000].y"] .value');
      seen.bigDomRowsAfter = await page.$$eval('.row', (rows) => rows.length);
      mkdirSync(ARTIFACTS, { recursive: true });
      await page.screenshot({ path: join(ARTIFACTS, 'viewer-big.png') });

      // 2. A golden file through the file picker.
      await pick(page, 'player-v2.sp', golden, 'loaded');
      seen.facts = await page.$$eval('#facts-list dt', (dts) => dts.map((dt) => `${dt.textContent}: ${dt.nextElementSibling?.textContent}`));
      seen.schema = await text(page, '#schema-text');
      seen.name = await text(page, '.row[data-path="name"] .value');
      seen.classValue = await text(page, '.row[data-path="class"] .value');
      await toggle(page, 'stats');
      seen.hp = await text(page, '.row[data-path="stats.hp"] .value');
      await toggle(page, 'weapon');
      seen.weaponNote = await text(page, '.row[data-path="weapon"] .note');
      seen.range = await text(page, '.row[data-path="weapon.range"] .value');
      await toggle(page, 'inventory');
      seen.inventory2 = await text(page, '.row[data-path="inventory[2]"] .value');
      await toggle(page, 'history');
      await toggle(page, 'history[1]');
      seen.history1y = await text(page, '.row[data-path="history[1].y"] .value');
      await page.click('#verify');
      seen.verify = await text(page, '#verify-result');
      const shot = await page.screenshot({ path: join(ARTIFACTS, 'viewer.png') });
      if (process.env.SAVEPACK_DOCS_SCREENSHOT === '1') writeFileSync(join(repoRoot, 'docs/viewer.png'), shot);
      // The keyboard: a click selects a row; arrows move, right/left expand and collapse.
      const selected = () => page.$eval('.row.selected', (el) => (el as HTMLElement).dataset.path);
      await toggle(page, 'level');
      await page.keyboard.press('ArrowDown');
      seen.keyDown = await selected();
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('ArrowLeft');
      seen.keyCollapsed = await page.$eval('.row[data-path="stats"]', (el) => el.className);
      await page.keyboard.press('ArrowRight');
      await page.keyboard.press('ArrowRight');
      seen.keyInto = await selected();

      // 3. Damaged files: a flipped payload byte (the checksum catches it on open), and a hostile
      // file whose string is bad UTF-8 (found when the row is read, and by "Verify").
      const flipped = new Uint8Array(golden);
      flipped[flipped.length - 20] ^= 0x40;
      await pick(page, 'flipped.sp', flipped, 'error');
      seen.flipCode = await text(page, '#error-code');
      seen.flipMessage = await text(page, '#error-message');
      seen.flipValueHidden = await page.$eval('#value', (el) => (el as HTMLElement).hidden);
      await pick(page, 'utf8-ff.sp', hostile, 'loaded');
      seen.rowCode = await page.$eval('.row[data-path="s"] .value', (el) => (el as HTMLElement).dataset.code);
      await page.click('#verify');
      await state(page, 'error');
      seen.verifyCode = await text(page, '#error-code');
      seen.verifyPath = await text(page, '#error-path');
      await pick(page, 'not-a-save.txt', new TextEncoder().encode('hello, this is not a save file at all'), 'error');
      seen.magicCode = await text(page, '#error-code');
      return undefined;
    });
  } finally {
    await context?.close().catch(() => {});
    if (server) seen.viewExit = await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

const browser = await findChromium();
if ('missing' in browser) {
  noChromium(browser.missing, 'viewer: a Chromium to run the browser tests (SAVEPACK_REQUIRE_BROWSER=1)', 'BROWSER VIEWER TESTS');
} else if ('error' in browser) {
  setupError = browser.error;
} else {
  test.before(async () => {
    try { await drive(browser); } catch (e) { setupError = `viewer run failed (${browser.source}): ${e instanceof Error ? e.stack ?? e.message : String(e)}`; }
  });
  test.after(() => console.log(`  viewer run (${browser.source}): ${observed?.ms ?? '?'} ms; 1M-record save ${String(seen.bigStatus)}; screenshots in ${ARTIFACTS}`));
}

/** The page's observations, or a loud failure when the run did not happen. */
function page(): Record<string, unknown> {
  if (setupError) assert.unreachable(setupError);
  if (!observed) assert.unreachable('the viewer page was not visited');
  if (observed!.error) assert.unreachable(`viewer page: ${observed!.error}`);
  return seen;
}

if (!('missing' in browser)) {
  test('a million-record save served by `savepack view` opens with only the rows in view in the DOM', () => {
    const s = page();
    assert.is(s.bigTitle, 'big.sp');
    assert.match(String(s.bigStatus), /^opened in \d+ ms$/);
    assert.is(s.bigHistoryNote, `${ROWS} items`);
    assert.is(s.bigSeed, '9223372036854775808n');
    assert.is(s.bigFirst, '{ x: 1, y: 7 }');
    assert.is(s.bigLast, `{ x: ${ROWS - 1}, y: ${((ROWS - 1) * 7) % 1000} }`);
    assert.ok((s.bigDomRows as number) < 200, `rows in the DOM: ${s.bigDomRows}`);
    assert.ok((s.bigDomRowsAfter as number) < 200, `rows in the DOM after going to a path: ${s.bigDomRowsAfter}`);
    assert.is(s.bigGoto, String((500000 * 7) % 1000));
    assert.is(s.viewExit, 0, '`savepack view` exits 0 on SIGTERM');
  });

  test('a golden file: header facts, schema, values of expanded paths, verify, the keyboard', () => {
    const s = page();
    assert.ok((s.facts as string[]).includes('data version: 2'), String(s.facts));
    assert.ok((s.facts as string[]).includes('flags: 0x3 (schema, checksum, uncompressed)'), String(s.facts));
    assert.match(String(s.schema), /\n {2}history: records<game\.Position>\n {4}x: u32\n/);
    assert.is(s.name, '"Stéve 🏹"');
    assert.is(s.classValue, '"Rogue"');
    assert.is(s.hp, '80');
    assert.is(s.weaponNote, 'Bow');
    assert.is(s.range, '40');
    assert.is(s.inventory2, '"épée"');
    assert.is(s.history1y, '999');
    assert.is(s.verify, 'ok: the whole value decodes');
    assert.is(s.keyDown, 'playtime');
    assert.match(String(s.keyCollapsed), /\bcollapsed\b/);
    assert.is(s.keyInto, 'stats.hp');
  });

  test('damaged files show the SavepackError code and path (the code decode gives)', () => {
    const s = page();
    assert.is(s.flipCode, 'CHECKSUM');
    assert.match(String(s.flipMessage), /^CHECKSUM: XXH64 mismatch/);
    assert.is(s.flipValueHidden, true);
    assert.is(s.rowCode, hostileExpect.code);
    assert.is(s.verifyCode, hostileExpect.code);
    assert.is(s.verifyPath, hostileExpect.path);
    assert.is(s.magicCode, 'BAD_MAGIC');
  });

  test('no uncaught errors, no console errors, no request outside the local server', () => {
    const o = page() && observed!;
    assert.equal(o.pageErrors, []);
    assert.equal(o.consoleErrors, []);
    assert.equal(o.requests.filter((u) => !/^http:\/\/127\.0\.0\.1:\d+\//.test(u)), []);
  });
}

test.run();
