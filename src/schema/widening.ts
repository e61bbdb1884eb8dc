// Which stored-type changes are lossless widenings (allowed in `was` without `convert`).

import type { Schema } from './types.ts';
import { LEAF_KINDS, WIDENS_TO } from '../kinds/table.ts';

/**
 * True when every value of stored type `from` converts exactly to `to` with no conversion code.
 * Containers (vec, option, map, typed, ...) never qualify, even of the same kind: their items
 * would keep the old type, so a change inside one needs a `convert`.
 */
export function isWidening(from: Schema, to: Schema): boolean {
  if (from === to || (from.kind === to.kind && LEAF_KINDS.has(from.kind))) return true;
  if (from.kind === 'fixed' && to.kind === 'fixed') return from.length === to.length;
  return (WIDENS_TO[from.kind] ?? []).includes(to.kind);
}
