// The named tree of units given to snapshot/restore: `{ uart: [Uart, uart], vga: [t.unit, vga],
// nested: { rtc: [Rtc, rtc] } }`. A leaf is a pair [unit or t.unit, live object]; a plain object
// is a subtree. Flattened depth-first in key order to dotted paths ('nested.rtc').

import { SavepackError } from '../errors.ts';
import type { UnitSchema } from '../schema/types.ts';
import { stateType, type StateType } from './state.ts';
import { isNoState, unitCodec, type StateUnit } from './unit.ts';

/** A leaf of a unit tree: a state unit (or `t.unit`, no saved state) and the live object. */
export type UnitLeaf = readonly [StateUnit<any, any> | UnitSchema, unknown];
/** A named tree of units: leaves and nested trees. */
export interface UnitTree {
  /** A unit (`[unit, object]`) or a nested tree, by name. */
  readonly [name: string]: UnitLeaf | UnitTree;
}

/** One unit of a flattened tree. */
export interface UnitEntry {
  /** The dotted path of the unit in the tree. */
  readonly path: string;
  /** How its state is packed. */
  readonly st: StateType;
  /** The unit (undefined for t.unit). */
  readonly unit: StateUnit | undefined;
  /** The live object. */
  readonly obj: unknown;
}

/** Nesting bound of a unit tree. */
const MAX_TREE_DEPTH = 64;

/** The units of `tree` in depth-first key order, with their dotted paths; a malformed tree is INVALID_VALUE. */
export function flatten(tree: UnitTree, what: string): UnitEntry[] {
  const out: UnitEntry[] = [];
  const open = new Set<object>();
  const walk = (node: unknown, prefix: string, depth: number) => {
    if (typeof node !== 'object' || node === null || Array.isArray(node)) {
      throw new SavepackError('INVALID_VALUE', `${what}: expected a tree of units ({ name: [unit, object] or a nested tree })`, prefix);
    }
    if (open.has(node) || depth > MAX_TREE_DEPTH) throw new SavepackError('INVALID_VALUE', `${what}: the tree of units nests too deep (or contains itself)`, prefix);
    open.add(node);
    for (const key of Object.keys(node)) {
      if (key === '' || key.includes('.') || key.includes('/')) {
        throw new SavepackError('INVALID_VALUE', `${what}: unit names must be non-empty and hold no '.' or '/', got ${JSON.stringify(key)}`, prefix);
      }
      const path = prefix ? `${prefix}.${key}` : key;
      const v = (node as Record<string, unknown>)[key];
      if (!Array.isArray(v)) { walk(v, path, depth + 1); continue; }
      const [u, obj] = v as unknown as UnitLeaf;
      if (v.length !== 2 || !(isNoState(u) || unitCodec(u))) {
        throw new SavepackError('INVALID_VALUE', `${what}: a leaf must be [stateUnit(...) or t.unit, object]`, path);
      }
      out.push({ path, st: stateType(u, what), unit: isNoState(u) ? undefined : (u as StateUnit), obj });
    }
    open.delete(node);
  };
  walk(tree, '', 0);
  return out;
}
