// The machinery of the browser test (test/browser.test.ts): bundle the page, serve it from
// 127.0.0.1, launch Chromium, and visit a page collecting what it reports, logs and requests.

import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import * as esbuild from 'esbuild';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import type { FoundChromium } from '../helpers/chromium.ts';
import { repoRoot } from './docs-snippets.ts';
import type { PageReport } from './page.ts';
import { browserBundleOptions } from '../../scripts/esbuild-options.mjs';

/** How long a page may take to load and report. */
export const PAGE_TIMEOUT = 60_000;

/** What one page visit saw. */
export interface Observed {
  report?: PageReport;
  consoleErrors: string[];
  pageErrors: string[];
  violations: { directive: string; blocked: string; sample: string; source: string }[];
  requests: string[];
  ms: number;
  error?: string;
}

/** A served file: content type, body, and the CSP header to send with it. */
export interface Route { type: string; body: string; csp?: string }

/** Collects securitypolicyviolation events; loaded as a classic script before anything else. */
export const LISTENER = `window.__violations = [];
addEventListener('securitypolicyviolation', (e) => {
  window.__violations.push({ directive: e.effectiveDirective || e.violatedDirective, blocked: e.blockedURI, sample: e.sample || '', source: e.sourceFile + ':' + e.lineNumber });
});
`;

/** The test page (test/browser/page.ts) bundled for the browser; refuses Node built-ins. */
export async function bundlePage(): Promise<string> {
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

/** The one-file browser build (dist/browser/savepack.js), built in memory. */
export async function bundleStandalone(): Promise<string> {
  const r = await esbuild.build(browserBundleOptions({ root: repoRoot }));
  return r.outputFiles![0]!.text;
}

/** Serves `routes` on 127.0.0.1 (a free port); anything else is a 404. */
export function serve(routes: Map<string, Route>): Promise<Server> {
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

/** Launches `browser` headless with a fresh profile in `userDataDir`, reaching only `origin`. */
export async function launch(browser: FoundChromium, userDataDir: string, origin: string): Promise<BrowserContext> {
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: browser.executablePath,
    env: browser.env,
    headless: true,
    timeout: 30_000,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1'],
  });
  // Nothing but the local server.
  await context.route('**/*', (route) => (route.request().url().startsWith(`${origin}/`) ? route.continue() : route.abort()));
  return context;
}

/** Opens `url` in a new page, waits for `done`, and returns everything the page did. */
export async function visit(context: BrowserContext, url: string, done: (page: Page) => Promise<PageReport | undefined>): Promise<Observed> {
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
