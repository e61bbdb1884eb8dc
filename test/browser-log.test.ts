// savepack/browser openLog in real headless Chromium (test/helpers/chromium.ts finds it; without
// one the tests are skipped with one loud line, and with SAVEPACK_REQUIRE_BROWSER=1 that is a
// failure): appends, reads, iteration, compaction into a slot, a torn tail, both on the page
// (writable streams) and in a dedicated worker (sync access handle); then a handful of kills of
// the renderer or the whole browser in the middle of appends, after each of which the log must
// reopen as exactly a prefix of the appended chunks.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import type { Route } from './browser/drive.ts';
import { bundle, jsRoute, noChromium, ok, pageRoute, serverHooks } from './browser/served-chromium.ts';
import { startChromium, type OwnedChromium } from './browser/chromium-proc.ts';
import type { LogOps } from './browser/log-ops.ts';
import { findChromium, type FoundChromium } from './helpers/chromium.ts';

const KILLS = Number(process.env.SAVEPACK_LOG_KILLS ?? 8);

const found = await findChromium();
let setupError: string | undefined;
let origin = '';
let chrome: OwnedChromium | undefined;
const profile = mkdtempSync(join(tmpdir(), 'savepack-browser-log-'));
const routes = new Map<string, Route>();
/** Lines the page's ops said, in order. */
let said: string[] = [];
let onSay: (() => void) | undefined;

async function start(): Promise<void> {
  chrome = await startChromium(found as FoundChromium, profile, origin);
  await chrome.context.exposeBinding('__logSay', (_src, line: string) => {
    said.push(line);
    onSay?.();
  });
}

async function openPage(): Promise<Page> {
  const page = await chrome!.context.newPage();
  await page.goto(`${origin}/log/`, { timeout: 30_000 });
  await page.waitForFunction(() => document.title === 'log ready', undefined, { timeout: 30_000 });
  return page;
}

type Where = 'page' | 'worker';
/** Runs ops[op](...args) on the page or in its worker. */
function call<K extends keyof LogOps>(page: Page, where: Where, op: K, ...args: Parameters<LogOps[K]>): Promise<Awaited<ReturnType<LogOps[K]>>> {
  return page.evaluate(([w, o, a]) => {
    const g = window as unknown as { __log: Record<string, (...x: unknown[]) => unknown>; __logWorker: (op: string, ...x: unknown[]) => unknown };
    return w === 'page' ? g.__log[o]!(...a) : g.__logWorker(o, ...a);
  }, [where, op, args] as const) as never;
}

/** Resolves when a line satisfying `f` has been said (or after `ms`). */
function until(f: (line: string) => boolean, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    onSay = () => {
      if (said.some(f)) {
        clearTimeout(timer);
        onSay = undefined;
        resolve();
      }
    };
    onSay();
  });
}

let page: Page;

if ('missing' in found) {
  noChromium(found.missing, 'browser: a Chromium to run the log tests (SAVEPACK_REQUIRE_BROWSER=1)', 'BROWSER LOG TESTS');
} else if ('error' in found) {
  test('browser: Chromium lookup', () => assert.unreachable(found.error));
} else {
  serverHooks({
    routes: async () => {
      routes.set('/log/', pageRoute('log', '/log.js'));
      routes.set('/log.js', jsRoute((await bundle('test/browser/log-page.ts')).js));
      routes.set('/log-worker.js', jsRoute((await bundle('test/browser/log-worker.ts')).js));
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

  for (const where of ['page', 'worker'] as const) {
    test(`${where}: append, read, reopen, iterate, compact into a slot`, async () => {
      if (setupError) assert.unreachable(setupError);
      const r = ok(await call(page, where, 'basic', `basic-${where}`, [3, 0, 5, 1000]), 'basic');
      assert.equal(r, {
        length: 1008, middle: [{ seq: 0, i: 1 }, { seq: 0, i: 2 }, { seq: 2, i: 0 }], lens: [3, 0, 5, 1000],
        reopened: 1008, recovered: 0, compacted: 1008,
      });
    });

    test(`${where}: a torn tail is dropped on open and cut off by the next append`, async () => {
      if (setupError) assert.unreachable(setupError);
      ok(await call(page, where, 'basic', `torn-${where}`, [4, 6]), 'basic');
      // close wrote an index chunk of two data chunks (24 + 40 + 8 bytes): cut it and 5 bytes of the last data chunk
      const r = ok(await call(page, where, 'tear', `torn-${where}`, 72 + 5), 'tear');
      assert.is(r.torn.length, 4);
      assert.ok(r.torn.recovered > 0);
      assert.equal(r.after, { length: 6, recovered: 0 });
    });

    test(`${where}: upgrade rewrites a version-0 log at version 1 through OPFS, then appends and reopens`, async () => {
      if (setupError) assert.unreachable(setupError);
      const r = ok(await call(page, where, 'upgrade', `upgrade-${where}`, [3, 0, 2000, 150_000]), 'upgrade');
      assert.equal(r, {
        version: 1, refused: 'NEWER_VERSION', lens: [3, 0, 2000, 150_000, 1], bad: '',
        reopened: { version: 1, length: 152_004, recovered: 0 },
      });
    });
  }

  test(`${KILLS} kills (renderer crash or browser SIGKILL) in the middle of appends: the log reopens as a prefix`, async () => {
    if (setupError) assert.unreachable(setupError);
    const counts: number[] = [];
    let durable = 0;
    const seen = { mid: 0, kept: 0, dropped: 0, unreported: 0, torn: 0, maxChunks: 0 };
    for (let k = 0; k < KILLS; k++) {
      const where: Where = k % 2 === 0 ? 'worker' : 'page';
      const kind = k % 4 < 2 ? 'renderer' : 'browser';
      said = [];
      void call(page, where, 'appendForever', 'crash', 1000 + k).catch(() => {});
      const dbg = (m: string) => process.env.LOG_DEBUG && console.log(`  [${k}] ${m} ${JSON.stringify(said.slice(-2))}`);
      await until((l) => l.startsWith('open'), 20_000);
      dbg('opened');
      await until((l) => l.startsWith('begin') && Number(l.split(' ')[2]) > 50_000, 4000);
      await new Promise((r) => setTimeout(r, Math.random() * 30));
      if (kind === 'renderer') {
        const crashed = new Promise<void>((r) => { page.once('crash', () => r()); setTimeout(r, 10_000); });
        const cdp = await chrome!.context.newCDPSession(page);
        cdp.send('Page.crash').catch(() => {}); // never answers: the renderer is gone
        await crashed;
        await page.close().catch(() => {});
      } else {
        await chrome!.kill();
        await start();
      }
      dbg('killed');
      const lines = [...said];
      const open = lines.find((l) => l.startsWith('open'));
      assert.ok(open, `kill ${k}: the log was never opened (${JSON.stringify(lines)})`);
      let begun: number | undefined;
      for (const l of lines) {
        const [what, seq, count] = l.split(' ');
        if (what === 'begin') { counts[Number(seq)] = Number(count); begun = Number(seq); }
        if (what === 'done') { durable = Number(seq) + 1; begun = undefined; }
      }
      page = await openPage();
      dbg('reopened page');
      const r = ok(await call(page, 'page', 'check', 'crash'), `check after kill ${k}`);
      dbg('checked');
      // The lines said after the last one that reached us before the kill are lost (a page's
      // binding calls, a worker's messages are asynchronous), so the log may hold more chunks than
      // were reported: every chunk must still be whole (each record is { seq: chunk, i: index }),
      // the reported ones of the reported sizes, and none reported durable missing.
      const c = r.counts.length;
      assert.ok(c >= durable, `kill ${k} (${kind}, ${where}): ${c} chunks, ${durable} were reported durable`);
      assert.is(r.bad, '', `kill ${k}: ${r.bad}`);
      const known = Math.min(c, counts.length);
      assert.equal(r.counts.slice(0, known), counts.slice(0, known), `kill ${k}: chunk sizes`);
      if (begun !== undefined && c <= begun + 1) {
        seen.mid++;
        seen[c === begun + 1 ? 'kept' : 'dropped']++;
      } else if (c > durable) seen.unreported++;
      counts.length = c;
      for (let j = known; j < c; j++) counts[j] = r.counts[j]!;
      durable = c;
      seen.maxChunks = Math.max(seen.maxChunks, c);
      if (r.recovered > 0) seen.torn++;
    }
    console.log(`  ${KILLS} kills: ${seen.mid} during a reported append (${seen.kept} kept that chunk, ${seen.dropped} dropped it), ` +
      `${seen.unreported} after appends whose lines were lost, ${seen.torn} reopens with a torn tail; up to ${seen.maxChunks} chunks; every reopen whole chunks, in order`);
  });
}

test.run();
