// The library's core cases (test/browser/core-cases.ts) in real headless Chromium, driven by
// playwright-core through the system browser (Debian's `chromium`; no browser download).
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
// browser build. Without a browser every test here fails, saying how to install one.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import * as esbuild from 'esbuild';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { cases } from './browser/core-cases.ts';
import { repoRoot, snippets } from './browser/docs-snippets.ts';
import type { PageReport } from './browser/page.ts';
import * as savepack from '../src/index.ts';
import { browserBundleOptions } from '../scripts/esbuild-options.mjs';

const CHROMIUM_CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser'];
const INSTALL_HINT = 'Install it with `apt-get install -y chromium` (Debian/Ubuntu, as root), or set SAVEPACK_CHROMIUM to a Chromium/Chrome binary.';
const PAGE_TIMEOUT = 60_000;

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

interface Observed {
  report?: PageReport;
  consoleErrors: string[];
  pageErrors: string[];
  violations: { directive: string; blocked: string; sample: string; source: string }[];
  requests: string[];
  ms: number;
  error?: string;
}

/** Collects securitypolicyviolation events; loaded as a classic script before anything else. */
const LISTENER = `window.__violations = [];
addEventListener('securitypolicyviolation', (e) => {
  window.__violations.push({ directive: e.effectiveDirective || e.violatedDirective, blocked: e.blockedURI, sample: e.sample || '', source: e.sourceFile + ':' + e.lineNumber });
});
`;

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
// The browser run: bundle, serve, visit every page once (in a `before`-like first test), then one
// uvu test per case per page reads the results.

const observed = new Map<string, Observed>();
let setupError: string | undefined;
const snippetOut: { text?: string; observed?: Observed } = {};
let browserMs = 0;

function findChromium(): string | undefined {
  const env = process.env.SAVEPACK_CHROMIUM;
  if (env) return existsSync(env) ? env : undefined;
  return CHROMIUM_CANDIDATES.find((p) => existsSync(p));
}

async function bundlePage(): Promise<string> {
  const r = await esbuild.build({
    absWorkingDir: repoRoot,
    entryPoints: [join(repoRoot, 'test/browser/page.ts')],
    bundle: true, format: 'esm', platform: 'browser', target: 'es2022',
    write: false, outfile: join(repoRoot, 'cases.js'), sourcemap: 'inline', logLevel: 'silent', metafile: true,
  });
  const builtins = Object.keys(r.metafile.inputs).filter((p) => p.startsWith('node:'));
  if (builtins.length) throw new Error(`the page bundle reaches Node built-ins: ${builtins.join(', ')}`);
  return r.outputFiles[0]!.text;
}

async function bundleStandalone(): Promise<string> {
  const r = await esbuild.build(browserBundleOptions({ root: repoRoot }));
  return r.outputFiles![0]!.text;
}

function serve(routes: Map<string, { type: string; body: string; csp?: string }>): Promise<Server> {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const route = routes.get(url.pathname);
    if (!route) {
      res.writeHead(url.pathname === '/favicon.ico' ? 204 : 404, { 'cache-control': 'no-store' });
      res.end();
      return;
    }
    res.writeHead(200, { 'content-type': route.type, 'cache-control': 'no-store', ...(route.csp ? { 'content-security-policy': route.csp } : {}) });
    res.end(route.body);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
}

async function visit(context: BrowserContext, url: string, done: (page: Page) => Promise<PageReport | undefined>): Promise<Observed> {
  const page = await context.newPage();
  const o: Observed = { consoleErrors: [], pageErrors: [], violations: [], requests: [], ms: 0 };
  page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') o.consoleErrors.push(`${m.type()}: ${m.text()}`); });
  page.on('pageerror', (e) => o.pageErrors.push(String(e)));
  page.on('request', (r) => o.requests.push(r.url()));
  // Messages the browser itself logs (CSP refusals, network errors) reach the Log domain.
  const cdp = await context.newCDPSession(page);
  cdp.on('Log.entryAdded', (e) => { if (e.entry.level === 'error' || e.entry.level === 'warning') o.consoleErrors.push(`browser ${e.entry.level}: ${e.entry.text}`); });
  await cdp.send('Log.enable');
  const t0 = Date.now();
  // An uncaught error ends the wait at once (instead of waiting for a report that never comes).
  const crashed = new Promise<never>((_, reject) => page.once('pageerror', (e) => reject(new Error(`uncaught in the page: ${String(e)}`))));
  crashed.catch(() => {});
  try {
    await page.goto(url, { timeout: PAGE_TIMEOUT });
    const report = await Promise.race([done(page), crashed]);
    if (report) o.report = report;
    o.violations = await page.evaluate(() => (window as unknown as { __violations: Observed['violations'] }).__violations ?? []);
  } catch (e) {
    o.error = String(e);
  }
  o.ms = Date.now() - t0;
  await page.close();
  return o;
}

test('browser: start Chromium and run every page', async () => {
  const t0 = Date.now();
  const executablePath = findChromium();
  if (!executablePath) {
    setupError = `No Chromium found (${process.env.SAVEPACK_CHROMIUM ? `SAVEPACK_CHROMIUM=${process.env.SAVEPACK_CHROMIUM} does not exist` : `looked at ${CHROMIUM_CANDIDATES.join(', ')}`}). ${INSTALL_HINT}`;
    die(setupError);
  }
  const userDataDir = mkdtempSync(join(tmpdir(), 'savepack-chromium-'));
  let context: BrowserContext | undefined;
  let server: Server | undefined;
  try {
    const [casesJs, standalone] = await Promise.all([bundlePage(), bundleStandalone()]);
    const fixturesJson = JSON.stringify(Object.fromEntries(Object.entries(fixtures).map(([k, v]) => [k, Buffer.from(v).toString('base64')])));
    const js = 'text/javascript; charset=utf-8';
    const routes = new Map<string, { type: string; body: string; csp?: string }>([
      ['/listener.js', { type: js, body: LISTENER }],
      ['/cases.js', { type: js, body: casesJs }],
      ['/fixtures.json', { type: 'application/json', body: fixturesJson }],
      ['/snippet/savepack.js', { type: js, body: standalone }],
      ['/snippet/', { type: 'text/html; charset=utf-8', body: snippets('script-module')[0]!.code }],
    ]);
    for (const p of PAGES) routes.set(`/${p.name}/`, { type: 'text/html; charset=utf-8', body: pageHtml, ...(p.csp ? { csp: p.csp } : {}) });
    server = await serve(routes);
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath,
      headless: true,
      timeout: 30_000,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
        '--disable-component-update', '--disable-sync', '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1'],
    });
    // Nothing but the local server.
    await context.route('**/*', (route) => (route.request().url().startsWith(`${origin}/`) ? route.continue() : route.abort()));

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
  } catch (e) {
    setupError = `browser run failed: ${e instanceof Error ? e.stack ?? e.message : String(e)}`;
    throw e;
  } finally {
    await context?.close().catch(() => {});
    server?.closeAllConnections();
    await new Promise((r) => (server ? server.close(r) : r(undefined)));
    rmSync(userDataDir, { recursive: true, force: true });
    browserMs = Date.now() - t0;
  }
});

/** Fails the current test with `message`. */
function die(message: string): never {
  assert.unreachable(message);
  throw new Error(message);
}

/** The observations of a page, or a loud failure when the browser run did not happen. */
function seen(page: string): Observed & { report: PageReport } {
  if (setupError) die(setupError);
  const o = observed.get(page);
  if (!o) die(`page ${page} was not visited (see the first browser test)`);
  if (o.error) die(`page ${page}: ${o.error}`);
  if (!o.report) die(`page ${page}: no report`);
  if (o.report.fatal) die(`page ${page}: ${o.report.fatal}`);
  return o as Observed & { report: PageReport };
}

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

test('browser: timing', () => {
  const per = [...observed].map(([k, o]) => `${k} ${o.ms} ms`).join(', ');
  console.log(`  browser run: ${(browserMs / 1000).toFixed(1)} s (${per})`);
  if (process.env.SAVEPACK_BROWSER_VERBOSE) {
    for (const [k, o] of observed) console.log(`  ${k}: ${JSON.stringify(o.report?.env)} violations ${JSON.stringify(o.violations)}`);
  }
});

test.run();
