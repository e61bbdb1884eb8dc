// A Chromium this test owns as a process (for test/browser-slots.test.ts): spawned headless in
// its own process group with a given profile directory, driven over CDP by playwright-core, and
// killable with SIGKILL (the whole group: browser, renderers, storage service) to simulate a crash.

import { spawn, type ChildProcess } from 'node:child_process';
import { chromium, type Browser, type BrowserContext } from 'playwright-core';
import type { FoundChromium } from '../helpers/chromium.ts';

/** A running browser: its process, the CDP connection and its default context. */
export interface OwnedChromium {
  child: ChildProcess;
  browser: Browser;
  context: BrowserContext;
  /** SIGKILLs the browser's whole process group and waits until the browser process is gone. */
  kill(): Promise<void>;
  /** Closes the browser normally (profile flushed). */
  close(): Promise<void>;
}

/** Starts `found` with profile `userDataDir`; only `origin` is reachable from its pages. */
export async function startChromium(found: FoundChromium, userDataDir: string, origin: string): Promise<OwnedChromium> {
  const child = spawn(found.executablePath, [
    '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--no-default-browser-check',
    '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-crash-reporter',
    '--disable-breakpad', '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1',
    '--remote-debugging-port=0', `--user-data-dir=${userDataDir}`, 'about:blank',
  ], { env: found.env as NodeJS.ProcessEnv, detached: true, stdio: ['ignore', 'ignore', 'pipe'] });
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const killGroup = () => { try { process.kill(-child.pid!, 'SIGKILL'); } catch { /* gone */ } };
  try {
    const ws = await new Promise<string>((resolve, reject) => {
      let err = '';
      const timer = setTimeout(() => reject(new Error(`Chromium did not start in 30 s: ${err.slice(-2000)}`)), 30_000);
      child.stderr!.on('data', (b: Buffer) => {
        err += b.toString();
        const m = /DevTools listening on (ws:\/\/\S+)/.exec(err);
        if (m) { clearTimeout(timer); resolve(m[1]!); }
      });
      child.once('exit', (code) => { clearTimeout(timer); reject(new Error(`Chromium exited (${code}): ${err.slice(-2000)}`)); });
    });
    child.stderr!.resume();
    const browser = await chromium.connectOverCDP(ws, { timeout: 30_000 });
    const context = browser.contexts()[0]!;
    await context.route('**/*', (route) => (route.request().url().startsWith(`${origin}/`) || route.request().url() === 'about:blank' ? route.continue() : route.abort()));
    return {
      child, browser, context,
      async kill() {
        killGroup();
        await exited;
        await browser.close().catch(() => {});
      },
      async close() {
        const t = setTimeout(killGroup, 10_000);
        // connectOverCDP's browser.close() only disconnects: ask the browser itself to quit.
        try {
          await (await browser.newBrowserCDPSession()).send('Browser.close');
        } catch {
          killGroup();
        }
        await exited;
        clearTimeout(t);
        await browser.close().catch(() => {});
      },
    };
  } catch (e) {
    killGroup();
    throw e;
  }
}
