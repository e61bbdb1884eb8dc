// Entry of the browser test page (bundled by esbuild in test/browser.test.ts). Runs every core
// case and leaves the results on `window.__savepack` for the Node side to collect.
//
// `?opt-out` first turns generated code off with the public setting, before any codec exists, so
// that a page whose CSP forbids eval never even attempts `new Function`.

import * as savepack from '../../src/index.ts';
import { cases, type CaseContext } from './core-cases.ts';

export interface CaseResult { name: string; ok: boolean; error?: string; digest?: string; ms: number }
export interface PageEnv {
  userAgent: string;
  /** Whether a codec created with default options uses generated code. */
  compiledByDefault: boolean;
  /** kernelStatus() when the package exports it (WASM or JS kernels, and why). */
  kernels?: unknown;
  /** First line of codec.describe(). */
  describe?: string;
}
export interface PageReport { env?: PageEnv; results: CaseResult[]; fatal?: string; done: boolean }

declare global {
  interface Window { __savepack: PageReport }
}

const report: PageReport = { results: [], done: false };
window.__savepack = report;

async function main(): Promise<void> {
  if (new URLSearchParams(location.search).has('opt-out')) savepack.setCompileDefault(false);
  const fixtures: CaseContext['fixtures'] = {};
  const res = await fetch('/fixtures.json');
  if (!res.ok) throw new Error(`GET /fixtures.json: ${res.status}`);
  for (const [name, b64] of Object.entries((await res.json()) as Record<string, string>)) {
    fixtures[name] = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
  }
  for (const [name, fn] of Object.entries(cases)) {
    const t0 = performance.now();
    try {
      const digest = fn({ fixtures });
      report.results.push({ name, ok: true, ms: performance.now() - t0, ...(digest ? { digest } : {}) });
    } catch (e) {
      report.results.push({ name, ok: false, ms: performance.now() - t0, error: e instanceof Error ? `${e.name}: ${e.message}\n${e.stack ?? ''}` : String(e) });
    }
  }
  const probe = savepack.codec(savepack.t.u8, { version: 0 });
  const k = savepack as unknown as { kernelStatus?: () => unknown };
  report.env = {
    userAgent: navigator.userAgent,
    compiledByDefault: probe.compiled,
    ...(k.kernelStatus ? { kernels: k.kernelStatus() } : {}),
    ...(typeof probe.describe === 'function' ? { describe: probe.describe().split('\n')[0] } : {}),
  };
}

main().catch((e: unknown) => {
  report.fatal = e instanceof Error ? `${e.name}: ${e.message}\n${e.stack ?? ''}` : String(e);
}).finally(() => {
  report.done = true;
});
