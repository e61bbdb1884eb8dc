// A struct's (or union variant's) field plan at one data version: what is stored and how, what
// is defaulted on load, which hooks run. Computed once per (field list, version), shared by the
// interpreter and the compiler so both produce the same bytes.

import type { FieldDef, Schema, WasEntry } from '../schema/types.ts';
import { storedAt, wasAt } from '../schema/versions.ts';
import { perVersion } from './memo.ts';

/** One field written/read at this version. */
export interface StoredStep {
  readonly def: FieldDef;
  /** The type on disk at this version. */
  readonly type: Schema;
  /** Set when the field was stored as another type then. */
  readonly was?: WasEntry;
  /** False for removed fields: read and skipped, written from the zero value. */
  readonly inMemory: boolean;
}

/** The plan of a field list at one version. */
export interface FieldPlan {
  readonly stored: readonly StoredStep[];
  /** In-memory fields in declared order (the decoded object's key order). */
  readonly memory: readonly FieldDef[];
  /** Per `memory` field, the index in `stored` its value is read from, or -1 when it is defaulted. */
  readonly memoryFrom: readonly number[];
  /** In-memory fields this version does not store (defaulted on load). */
  readonly absent: readonly FieldDef[];
  /** Absent fields with an onSave hook (run on a shallow copy before writing). */
  readonly onSave: readonly FieldDef[];
  /** Absent fields with an onLoad hook (run after the object is read). */
  readonly onLoad: readonly FieldDef[];
}

/** The plan of `fields` at data version `v` (cached). */
export const fieldPlan: (fields: readonly FieldDef[], v: number) => FieldPlan = perVersion((fields: readonly FieldDef[], v: number): FieldPlan => {
  const stored: StoredStep[] = [];
  const absent: FieldDef[] = [];
  for (const f of fields) {
    if (storedAt(f, v)) {
      const w = wasAt(f, v);
      // A rename alone (same type, no convert) stores the value as it is: no conversion step.
      const was = w && (w.type !== f.schema || w.convert || w.revert) ? w : undefined;
      stored.push({ def: f, type: w?.type ?? f.schema, was, inMemory: !f.removed });
    } else if (!f.removed) {
      absent.push(f);
    }
  }
  const memory = fields.filter((f) => !f.removed);
  // Where each memory field is in `stored`: one map, not a search per field (a stored schema read
  // from a file may have 100,000s of fields).
  const from = new Map<FieldDef, number>();
  stored.forEach((st, i) => { if (st.inMemory && !from.has(st.def)) from.set(st.def, i); });
  return {
    stored, absent, memory,
    memoryFrom: memory.map((f) => from.get(f) ?? -1),
    onSave: absent.filter((f) => f.onSave),
    onLoad: absent.filter((f) => f.onLoad),
  };
});
