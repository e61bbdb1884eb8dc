// The plan of one records conversion between two layouts of an evolving t.records struct: the
// layout stored at a data version and the in-memory (newest) layout. Leaves are matched by their
// field path (current names, so renames cost nothing). A target leaf is copied from the source
// (same kind: runs of bytes), converted (a widened field: widened on load, range-checked narrowing
// on write), or filled from a template record (fields the source lacks: defaults on load, the zero
// value of t.removed fields on write). A plan is computed once per (struct, version, direction).

import { leaves, type Leaf } from '../layout/leaves.ts';
import { packedLayout } from '../layout/packed.ts';
import { perVersion } from '../layout/memo.ts';
import type { StructSchema } from '../schema/types.ts';
import { LATEST } from '../schema/versions.ts';
import { FIXED_SIZE } from '../kinds/table.ts';

/** A run of `len` bytes copied from source offset `from` to target offset `to` (within a record). */
export interface CopyOp { readonly k: 'copy'; readonly from: number; readonly to: number; readonly len: number }
/** One leaf read as `fromKind` and written as `toKind` (widened, or narrowed with a range check). */
export interface ConvOp { readonly k: 'conv'; readonly from: number; readonly to: number; readonly fromKind: string; readonly toKind: string; readonly leaf: Leaf }
/** Bytes [to, to + len) of each target record taken from the template record. */
export interface FillOp { readonly k: 'fill'; readonly to: number; readonly len: number }
/** One step applied to every record. */
export type Op = CopyOp | ConvOp | FillOp;

/** How every record of one layout becomes a record of the other. */
export interface ConvertPlan {
  readonly struct: StructSchema;
  /** The data version of the stored side. */
  readonly version: number;
  /** 'load': stored at `version` -> memory; 'save': memory -> stored at `version`. */
  readonly dir: 'load' | 'save';
  readonly fromSize: number;
  readonly toSize: number;
  readonly ops: readonly Op[];
  /** True when the two layouts are the same bytes (no conversion: the bulk path applies). */
  readonly identity: boolean;
}

const pathKey = (l: Leaf): string => JSON.stringify(l.path);
const width = (kind: string): number => FIXED_SIZE[kind]!;

function build(s: StructSchema, version: number, dir: 'load' | 'save'): ConvertPlan {
  const [fv, tv] = dir === 'load' ? [version, LATEST] : [LATEST, version];
  const src = new Map(leaves(s, fv).map((l) => [pathKey(l), l]));
  const ops: Op[] = [];
  const push = (op: Op): void => {
    const last = ops[ops.length - 1];
    // Neighbouring runs merge into one: fewer, wider copies per record.
    if (op.k === 'copy' && last?.k === 'copy' && last.from + last.len === op.from && last.to + last.len === op.to) {
      ops[ops.length - 1] = { ...last, len: last.len + op.len };
    } else if (op.k === 'fill' && last?.k === 'fill' && last.to + last.len === op.to) {
      ops[ops.length - 1] = { ...last, len: last.len + op.len };
    } else ops.push(op);
  };
  for (const l of leaves(s, tv)) {
    const from = src.get(pathKey(l));
    if (!from) push({ k: 'fill', to: l.offset, len: width(l.kind) });
    else if (from.kind === l.kind) push({ k: 'copy', from: from.offset, to: l.offset, len: width(l.kind) });
    else push({ k: 'conv', from: from.offset, to: l.offset, fromKind: from.kind, toKind: l.kind, leaf: l });
  }
  const fromSize = packedLayout(s, fv).size!, toSize = packedLayout(s, tv).size!;
  const only = ops[0];
  const identity = ops.length === 1 && only!.k === 'copy' && only!.from === 0 && only!.to === 0 && only!.len === toSize && fromSize === toSize;
  return { struct: s, version, dir, fromSize, toSize, ops, identity };
}

const loadPlans = perVersion((s: StructSchema, v: number) => build(s, v, 'load'));
const savePlans = perVersion((s: StructSchema, v: number) => build(s, v, 'save'));

/** The plan converting records of `s` stored at version `v` into the in-memory layout ('load') or back ('save'); cached. */
export function convertPlan(s: StructSchema, v: number, dir: 'load' | 'save'): ConvertPlan {
  return dir === 'load' ? loadPlans(s, v) : savePlans(s, v);
}

/** True when records of `s` at data version `v` are stored in another layout than memory's (a conversion pass is needed). */
export function evolves(s: StructSchema, v: number): boolean {
  return v !== LATEST && !loadPlans(s, v).identity;
}
