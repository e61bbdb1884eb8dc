// Entry of the log test page (bundled by esbuild in test/browser-log.test.ts): window.__log runs
// an op on the page, window.__logWorker runs it in a dedicated worker (/log-worker.js); lines the
// ops `say` go to the test through the page binding __logSay.

import { ops, setSay } from './log-ops.ts';

const sayOut = (line: string) => (window as unknown as { __logSay?: (l: string) => void }).__logSay?.(line);
setSay(sayOut);

let worker: Worker | undefined;
let next = 0;
const pending = new Map<number, (r: unknown) => void>();
function inWorker(op: keyof typeof ops, ...args: unknown[]): Promise<unknown> {
  if (!worker) {
    worker = new Worker('/log-worker.js', { type: 'module' });
    worker.onmessage = (e: MessageEvent<{ id?: number; result?: unknown; say?: string }>) => {
      if (e.data.say !== undefined) sayOut(e.data.say);
      else pending.get(e.data.id!)?.(e.data.result);
    };
  }
  const id = next++;
  return new Promise((resolve) => {
    pending.set(id, resolve);
    worker!.postMessage({ id, op, args });
  });
}

Object.assign(window, { __log: ops, __logWorker: inWorker });
document.title = 'log ready';
