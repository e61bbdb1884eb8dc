// Shared measuring tools of fuzz-memory.test.ts and fuzz-encode.test.ts: memory growth of a call
// after a full GC, a SavepackError check, and header-only files around a payload.
import * as assert from 'uvu/assert';
import { getHeapStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { SavepackError, type Codec } from '../../src/index.ts';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
/** This isolate's heap in use plus memory held outside it (ArrayBuffers). */
export const heap = () => {
  const h = getHeapStatistics();
  return h.used_heap_size + h.external_memory;
};
/** Runs `fn` after a full GC and returns the memory growth it caused (its result is kept alive until measured). */
export function growth(fn: () => unknown): { bytes: number; result?: unknown; error?: unknown; ms: number } {
  gc();
  gc();
  const m0 = heap();
  const t0 = performance.now();
  let result: unknown, error: unknown;
  try {
    result = fn();
  } catch (e) {
    error = e;
  }
  const ms = performance.now() - t0;
  return { bytes: heap() - m0, result, error, ms };
}


/** Asserts `fn` throws a SavepackError of `code` (optionally with `path` and a message matching `msg`). */
export function throwsCode(fn: () => unknown, code: string, path?: string, msg?: RegExp): SavepackError {
  try {
    fn();
  } catch (e) {
    if (!(e instanceof SavepackError)) throw new assert.Assertion({ message: `expected SavepackError ${code}, got ${String(e)}`, operator: 'throws', expects: code, actual: String(e) });
    assert.is(e.code, code, e.message);
    if (path !== undefined) assert.is(e.path, path, e.message);
    if (msg) assert.match(e.message, msg);
    return e;
  }
  throw new assert.Assertion({ message: `expected SavepackError ${code}, nothing was thrown`, operator: 'throws', expects: code, actual: 'no error' });
}


/** A header-only file (no schema, no checksum) around `payload`, as `c` writes it. */
export function rawFile(c: Codec<any>, empty: unknown, payload: ArrayLike<number>): Uint8Array {
  const head = c.encode(empty).subarray(0, 32);
  const f = new Uint8Array(32 + payload.length);
  f.set(head);
  f.set(payload, 32);
  const v = new DataView(f.buffer);
  v.setUint32(20, payload.length, true);
  v.setUint32(24, payload.length, true);
  return f;
}

