// A `gc()` without needing `--expose-gc` on the command line: the flag is set at run time and the
// function taken from a fresh context. Collecting before each task keeps one task's garbage from
// being billed to the next. Falls back to a no-op if the runtime refuses.

import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

function findGc(): () => void {
  const existing = (globalThis as { gc?: () => void }).gc;
  if (typeof existing === 'function') return existing;
  try {
    setFlagsFromString('--expose-gc');
    const f = runInNewContext('gc') as unknown;
    if (typeof f === 'function') return f as () => void;
  } catch {
    // fall through
  }
  return () => {};
}

export const gc: () => void = findGc();

/**
 * Puts the C allocator in the same state in every row's process: glibc serves a large block by
 * mmap until a block of that size was freed once, then raises its mmap and trim thresholds (up to
 * 32 MB) and reuses the memory. Without this, a row that allocates 8 MB per call (W1p's copies,
 * the allocate + copy limit) ran in a fast mode (~1 ms per 8 MB: memory reused) or a slow one
 * (4-5 ms: two brk calls and 2,048 page faults per call) depending on what the process happened
 * to allocate and free first (measured: one savepack row 2.6-5.1 ms in four processes, 1.1-1.4 ms
 * in four with this warm-up). Every row gets it, so no row is favoured.
 */
export function warmAllocator(): void {
  for (let i = 0; i < 2; i++) {
    let block: Uint8Array | undefined = new Uint8Array(24 << 20);
    block[block.length - 1] = 1;
    block = undefined;
    gc();
  }
}
