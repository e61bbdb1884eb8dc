// The decode-time side of the per-decode allocation budget: what a default function produced is
// measured and charged when it runs. The static costs charged per container are layout/cost.ts's.

import { defaultInfo, heapSize } from '../layout/cost.ts';
import type { FieldDef } from '../schema/types.ts';
import type { Reader } from '../wire/reader.ts';
import { defaultOf } from './values.ts';

/**
 * The default (or zero value) of absent field `f` when loading version `v`. Its static cost was
 * charged with the object holding it; what a default function added is measured and charged here.
 */
export function chargedDefault(r: Reader, f: FieldDef, v: number): unknown {
  const x = defaultOf(f, v);
  const d = defaultInfo(f);
  if (d.dynamic) r.charge(Math.max(0, heapSize(x) - d.cost));
  return x;
}
