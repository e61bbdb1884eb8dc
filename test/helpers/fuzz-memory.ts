// Shared measuring tools of fuzz-memory.test.ts and fuzz-encode.test.ts: memory growth of a call
// after a full GC, and header-only files around a payload.
import { getHeapStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { type Codec } from '../../src/index.ts';

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

