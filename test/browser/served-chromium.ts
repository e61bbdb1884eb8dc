// The server and browser lifecycle shared by the Chromium test files (browser-log.test.ts and the
// browser-slots*.test.ts files through slots-harness.ts): serve the routes on a local origin,
// and close the browser and server and remove the profile again.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import * as esbuild from 'esbuild';
import { repoRoot } from './docs-snippets.ts';
import { serve, type Route } from './drive.ts';
import type { OwnedChromium } from './chromium-proc.ts';
import { ENABLE_HINT } from '../helpers/chromium.ts';

/**
 * No Chromium was found (`missing` says why): with SAVEPACK_REQUIRE_BROWSER=1 (CI) a failing test
 * named `testName`, else one loud line `!! <label> SKIPPED: ...`.
 */
export function noChromium(missing: string, testName: string, label: string): void {
  const line = `No Chromium found (${missing}). To run them: ${ENABLE_HINT}.`;
  if (process.env.SAVEPACK_REQUIRE_BROWSER === '1') test(testName, () => assert.unreachable(line));
  else console.warn(`\n!! ${label} SKIPPED: ${line}\n`);
}

/** `entry` bundled from the repository for the browser, and the files that went into it. */
export async function bundle(entry: string): Promise<{ js: string; inputs: string[] }> {
  const r = await esbuild.build({
    absWorkingDir: repoRoot, entryPoints: [join(repoRoot, entry)], bundle: true, format: 'esm', platform: 'browser',
    target: 'es2022', write: false, outfile: join(repoRoot, 'out.js'), logLevel: 'silent', metafile: true,
  });
  return { js: r.outputFiles[0]!.text, inputs: Object.keys(r.metafile.inputs) };
}

/** The value of a page call that must succeed. */
export function ok<T>(r: { value: T } | { error: unknown }, what: string): T {
  if ('error' in r) assert.unreachable(`${what} failed: ${JSON.stringify(r.error)}`);
  return (r as { value: T }).value;
}

/** A running test server and its origin. */
export interface Served {
  server: Server;
  origin: string;
}

/** Serves `routes` on 127.0.0.1; the server and its origin. */
export async function serveRoutes(routes: Map<string, Route>): Promise<Served> {
  const server = await serve(routes);
  return { server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

/** Closes the browser and the server (either may be absent) and removes the profile directory. */
export async function closeServed(chrome: OwnedChromium | undefined, server: Server | undefined, profile: string): Promise<void> {
  await chrome?.close().catch(() => {});
  server?.closeAllConnections();
  await new Promise((r) => (server ? server.close(r) : r(undefined)));
  if (profile) rmSync(profile, { recursive: true, force: true });
}

/** A route of a test page titled `title` that loads the module `src`. */
export function pageRoute(title: string, src: string): Route {
  return { type: 'text/html; charset=utf-8', body: `<!doctype html><meta charset="utf-8"><title>${title}</title><script type="module" src="${src}"></script>` };
}

/** A route of a JavaScript module. */
export function jsRoute(js: string): Route {
  return { type: 'text/javascript; charset=utf-8', body: js };
}

/** The message a test file's before hook keeps when its setup threw `e`. */
export function setupFailed(e: unknown): string {
  return `setup failed: ${e instanceof Error ? e.stack ?? e.message : String(e)}`;
}

/** What a test file gives serverHooks: its routes, its browser start, and where its state lives. */
export interface HookParts {
  /** The routes to serve (called first in the before hook). */
  routes(): Promise<Map<string, Route>>;
  /** Starts the browser and opens the first page, given the server's origin. */
  up(origin: string): Promise<void>;
  /** Keeps the setup failure for the tests to report. */
  failed(message: string): void;
  /** The browser to close in the after hook, if one started. */
  chrome(): OwnedChromium | undefined;
  /** The profile directory to remove in the after hook. */
  profile(): string;
}

/** Registers the file's before hook (serve the routes, then `up`; a throw goes to `failed`) and after hook (close all). */
export function serverHooks(parts: HookParts): void {
  let server: Server | undefined;
  test.before(async () => {
    server = undefined;
    try {
      const served = await serveRoutes(await parts.routes());
      server = served.server;
      await parts.up(served.origin);
    } catch (e) {
      parts.failed(setupFailed(e));
    }
  });
  test.after(() => closeServed(parts.chrome(), server, parts.profile()));
}
