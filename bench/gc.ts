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
