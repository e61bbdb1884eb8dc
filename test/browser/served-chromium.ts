// The server and browser lifecycle shared by the Chromium test files (browser-log.test.ts and the
// browser-slots*.test.ts files through slots-harness.ts): serve the routes on a local origin,
// and close the browser and server and remove the profile again.
import { rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve, type Route } from './drive.ts';
import type { OwnedChromium } from './chromium-proc.ts';

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
