// The library's core cases (test/browser/core-cases.ts) in real headless Chromium, driven by
// playwright-core through a real Chromium found by test/helpers/chromium.ts (SAVEPACK_CHROMIUM, the
// system's, or the one the @sparticuz/chromium devDependency ships; no browser download).
//
// The cases run first in Node (compiled codecs, WASM kernels), then on pages served from a local
// server on 127.0.0.1 under four policies:
//
//   plain       no CSP                                  compiled codecs, WASM kernels as in Node
//   csp         script-src 'self'                       interpreter (new Function refused), JS kernels
//   csp-wasm    script-src 'self' 'wasm-unsafe-eval'    interpreter, WASM kernels
//   csp-opt-out script-src 'self' 'wasm-unsafe-eval', setCompileDefault(false) before any codec:
//               interpreter, WASM kernels, and not a single CSP violation (the documented recipe)
//
// Every case must pass on every page and produce exactly the bytes it produced in Node. No page may
// log a console error or throw; the only CSP violations allowed are savepack's single detection
// attempts. A fifth page runs the docs' <script type="module"> example against the one-file
// browser build. Without a browser anywhere the browser tests are skipped with one loud line saying
// how to enable them, and with SAVEPACK_REQUIRE_BROWSER=1 (CI) that is a failing test instead.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { cases } from './browser/core-cases.ts';
import { repoRoot, snippets } from './browser/docs-snippets.ts';
import { bundlePage, bundleStandalone, launch, LISTENER, PAGE_TIMEOUT, serve, visit, type Observed, type Route } from './browser/drive.ts';
import type { PageReport } from './browser/page.ts';
import { findChromium, type FoundChromium } from './helpers/chromium.ts';
import { noChromium } from './browser/served-chromium.ts';
import * as savepack from '../src/index.ts';

interface PageSpec {
  name: string;
  csp?: string;
  query?: string;
  /** Expected: codecs created with default options use generated code. */
  compiled: boolean;
  /** Expected: WASM kernels ('node' = whatever Node uses). */
  wasm: 'node' | false;
  /** CSP violations savepack may cause on this page: at most one detection attempt of each kind. */
  allowedViolations: string[];
}

const PAGES: PageSpec[] = [
  { name: 'plain', compiled: true, wasm: 'node', allowedViolations: [] },
  { name: 'csp', csp: "script-src 'self'", compiled: false, wasm: false, allowedViolations: ['eval', 'wasm-eval'] },
  { name: 'csp-wasm', csp: "script-src 'self' 'wasm-unsafe-eval'", compiled: false, wasm: 'node', allowedViolations: ['eval'] },
  { name: 'csp-opt-out', csp: "script-src 'self' 'wasm-unsafe-eval'", query: '?opt-out', compiled: false, wasm: 'node', allowedViolations: [] },
];

const pageHtml = `<!doctype html>
<meta charset="utf-8">
<title>savepack core cases</title>
<script src="/listener.js"></script>
<script type="module" src="/cases.js"></script>
`;

// ---------------------------------------------------------------------------------------------
// Node side first: the reference digests.

const nodeResults = new Map<string, { ok: boolean; digest?: string; error?: string }>();
const fixtures = loadFixtures();

function loadFixtures(): Record<string, Uint8Array> {
  const dir = join(repoRoot, 'test/fixtures');
  const out: Record<string, Uint8Array> = {};
  const walk = (d: string): void => {
    if (!existsSync(d)) return;
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.sp') && statSync(p).size <= 16 << 20) out[relative(dir, p).split('\\').join('/')] = new Uint8Array(readFileSync(p));
    }
  };
  walk(dir);
  return out;
}

for (const [name, fn] of Object.entries(cases)) {
  test(`node: ${name}`, () => {
    try {
      const digest = fn({ fixtures }) ?? undefined;
      nodeResults.set(name, { ok: true, ...(digest ? { digest } : {}) });
    } catch (e) {
      nodeResults.set(name, { ok: false, error: String(e) });
      throw e;
    }
  });
}

// ---------------------------------------------------------------------------------------------
// The browser run: find Chromium, bundle, serve, visit every page once (the `before` hook), then
// one uvu test per case per page reads the results. A hook's failure is kept in `setupError` (uvu
// would swallow a throw from a hook) and fails every browser test with it.

const browser = await findChromium();
const observed = new Map<string, Observed>();
let setupError: string | undefined;
const snippetOut: { text?: string; observed?: Observed } = {};
let browserMs = 0;

if ('missing' in browser) {
  noChromium(browser.missing, 'browser: a Chromium to run the browser tests (SAVEPACK_REQUIRE_BROWSER=1)', 'BROWSER TESTS');
} else if ('error' in browser) {
  setupError = browser.error;
} else {
  test.before(async () => {
    try {
      await runPages(browser);
    } catch (e) {
      setupError = `browser run failed (${browser.source}: ${browser.executablePath}): ${e instanceof Error ? e.stack ?? e.message : String(e)}`;
    }
  });
  test.after(() => {
    const per = [...observed].map(([k, o]) => `${k} ${o.ms} ms`).join(', ');
    console.log(`  browser run (${browser.source}): ${(browserMs / 1000).toFixed(1)} s (${per})`);
    if (process.env.SAVEPACK_BROWSER_VERBOSE) {
      for (const [k, o] of observed) console.log(`  ${k}: ${JSON.stringify(o.report?.env)} violations ${JSON.stringify(o.violations)}`);
    }
  });
}

/** Bundles and serves the pages, launches Chromium and visits every page once. */
async function runPages(found: FoundChromium): Promise<void> {
  const t0 = Date.now();
  const userDataDir = mkdtempSync(join(tmpdir(), 'savepack-chromium-'));
  let context: BrowserContext | undefined;
  let server: Server | undefined;
  try {
    const [casesJs, standalone] = await Promise.all([bundlePage(), bundleStandalone()]);
    const fixturesJson = JSON.stringify(Object.fromEntries(Object.entries(fixtures).map(([k, v]) => [k, Buffer.from(v).toString('base64')])));
    const js = 'text/javascript; charset=utf-8';
    const routes = new Map<string, Route>([
      ['/listener.js', { type: js, body: LISTENER }],
      ['/cases.js', { type: js, body: casesJs }],
      ['/fixtures.json', { type: 'application/json', body: fixturesJson }],
      ['/snippet/savepack.js', { type: js, body: standalone }],
      ['/snippet/', { type: 'text/html; charset=utf-8', body: snippets('script-module')[0]!.code }],
    ]);
    for (const p of PAGES) routes.set(`/${p.name}/`, { type: 'text/html; charset=utf-8', body: pageHtml, ...(p.csp ? { csp: p.csp } : {}) });
    server = await serve(routes);
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    context = await launch(found, userDataDir, origin);

    for (const p of PAGES) {
      const o = await visit(context, `${origin}/${p.name}/${p.query ?? ''}`, async (page) => {
        await page.waitForFunction(() => (window as unknown as { __savepack?: PageReport }).__savepack?.done === true, undefined, { timeout: PAGE_TIMEOUT });
        return page.evaluate(() => (window as unknown as { __savepack: PageReport }).__savepack);
      });
      observed.set(p.name, o);
    }
    snippetOut.observed = await visit(context, `${origin}/snippet/`, async (page) => {
      await page.waitForFunction(() => (document.getElementById('out')?.textContent ?? '') !== '', undefined, { timeout: PAGE_TIMEOUT });
      snippetOut.text = (await page.textContent('#out')) ?? '';
      return undefined;
    });
  } finally {
    await context?.close().catch(() => {});
    server?.closeAllConnections();
    await new Promise((r) => (server ? server.close(r) : r(undefined)));
    rmSync(userDataDir, { recursive: true, force: true });
    browserMs = Date.now() - t0;
  }
}

/** Fails the current test with `message`. */
function die(message: string): never {
  assert.unreachable(message);
  throw new Error(message);
}

/** The observations of a page, or a loud failure when the browser run did not happen. */
function seen(page: string): Observed & { report: PageReport } {
  if (setupError) die(setupError);
  const o = observed.get(page);
  if (!o) die(`page ${page} was not visited (see the browser run's error above)`);
  if (o.error) die(`page ${page}: ${o.error}`);
  if (!o.report) die(`page ${page}: no report`);
  if (o.report.fatal) die(`page ${page}: ${o.report.fatal}`);
  return o as Observed & { report: PageReport };
}

/** One test per page and case, plus the page checks and the docs' page: they read what the hook saw. */
function browserTests(): void {
  for (const p of PAGES) {
    test(`${p.name}: environment (${p.csp ? `CSP ${p.csp}` : 'no CSP'}${p.query ? `, ${p.query}` : ''})`, () => {
      const env = seen(p.name).report!.env!;
      assert.ok(env, 'the page reported its environment');
      assert.is(env.compiledByDefault, p.compiled, `codecs with default options ${p.compiled ? 'compile' : 'use the interpreter'} (describe: ${env.describe})`);
      const nodeKernels = (savepack as { kernelStatus?: () => { wasm: boolean } }).kernelStatus?.();
      const kernels = env.kernels as { wasm?: boolean; reason?: string } | undefined;
      assert.ok(kernels && typeof kernels.wasm === 'boolean', `kernelStatus() is exported and reports { wasm } (got ${JSON.stringify(env.kernels)})`);
      const want = p.wasm === 'node' ? nodeKernels!.wasm : false;
      assert.is(kernels!.wasm, want, `WASM kernels ${want ? 'on' : 'off'} here (kernelStatus: ${JSON.stringify(kernels)}; Node: ${JSON.stringify(nodeKernels)})`);
      if (!want) assert.ok(kernels!.reason, 'kernelStatus() says why the JS kernels are used');
    });

    for (const name of Object.keys(cases)) {
      test(`${p.name}: ${name}`, () => {
        const r = seen(p.name).report!.results.find((x) => x.name === name);
        assert.ok(r, `case ${name} ran`);
        if (!r!.ok) die(`failed in Chromium: ${r!.error}`);
        const node = nodeResults.get(name);
        assert.ok(node?.ok, 'the same case passes in Node (see "node: ..." above)');
        assert.is(r!.digest, node!.digest, 'the page wrote exactly the bytes Node wrote');
      });
    }

    test(`${p.name}: no console errors, no uncaught errors, CSP violations only from detection`, () => {
      const o = seen(p.name);
      assert.equal(o.pageErrors, [], 'uncaught errors');
      assert.equal(o.consoleErrors, [], 'console errors/warnings');
      const kinds = o.violations.map((v) => v.directive === 'script-src' || v.directive === 'script-src-elem' ? v.blocked : `${v.directive}:${v.blocked}`);
      const unexpected = kinds.filter((k) => !p.allowedViolations.includes(k));
      assert.equal(unexpected, [], `CSP violations savepack must not cause here: ${JSON.stringify(o.violations)}`);
      for (const k of p.allowedViolations) {
        assert.ok(kinds.filter((x) => x === k).length <= 1, `at most one '${k}' detection attempt per page: ${JSON.stringify(o.violations)}`);
      }
      const foreign = o.requests.filter((u) => !/^http:\/\/127\.0\.0\.1:\d+\//.test(u));
      assert.equal(foreign, [], 'requests outside the local server');
    });
  }

  test('script-module: the docs\' <script type="module"> example runs on the one-file browser build', () => {
    if (setupError) die(setupError);
    const o = snippetOut.observed;
    assert.ok(o, 'the example page was visited');
    if (o!.error) die(o!.error);
    assert.equal(o!.pageErrors, []);
    assert.equal(o!.consoleErrors, []);
    const all = snippets('script-module');
    for (const s of all) {
      assert.is(s.code, all[0]!.code, `${s.doc} shows the page that was run (${all[0]!.doc})`);
      assert.is(`${snippetOut.text}\n`, s.output, `${s.doc}: the page shows the docs' output`);
    }
  });
}

if (!('missing' in browser)) browserTests();

test.run();
