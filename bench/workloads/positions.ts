// The position history shared by W1 (objects) and W1p (packed): x and y uniform over the whole
// u32 range, so no codec gains from small-number encodings the schema does not promise.

import type { Pos } from '../types.ts';
import { rng } from './rng.ts';

export const HISTORY_LENGTH = 1_000_000;
export const SMALL_HISTORY_LENGTH = 257;
const SEED = 0x5a7e_0001;

/** Interleaved x0, y0, x1, y1, ... */
export function packedPositions(n: number): Uint32Array {
  const r = rng(SEED);
  const a = new Uint32Array(2 * n);
  for (let i = 0; i < a.length; i++) a[i] = r.u32();
  return a;
}

/** The same positions as plain objects. */
export function objectPositions(n: number): Pos[] {
  const a = packedPositions(n);
  const out: Pos[] = new Array(n);
  for (let i = 0; i < n; i++) out[i] = { x: a[2 * i]!, y: a[2 * i + 1]! };
  return out;
}
