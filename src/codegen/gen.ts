// Shared machinery of the code generators: closure constants passed in as arguments (never
// pasted into source), fresh local names, one function per composite schema node.

import { layout } from '../layout/packed.ts';
import type { FieldDef, Schema } from '../schema/types.ts';
import { fieldPlan } from '../layout/plan.ts';
import { generate } from './mode.ts';

/** Kinds written as one fixed-width number. */
export const NUM_WIDTH: Record<string, number> = { u8: 1, i8: 1, u16: 2, i16: 2, u32: 4, i32: 4, f32: 4, f64: 8, u64: 8, i64: 8 };
/** DataView method suffix per number kind. */
export const DV: Record<string, string> = {
  u8: 'Uint8', i8: 'Int8', u16: 'Uint16', i16: 'Int16', u32: 'Uint32', i32: 'Int32',
  f32: 'Float32', f64: 'Float64', u64: 'BigUint64', i64: 'BigInt64',
};
const TAG: Record<string, number> = { u8: 1, u16: 2, u32: 4 };

/** A generator of one module of functions. */
export class Gen {
  readonly args: unknown[] = [];
  readonly fns: string[] = [];
  readonly names = new Map<Schema | readonly FieldDef[], string>();
  #n = 0;

  constructor(readonly v: number) {}

  /** A closure constant; returns its name in the generated source (`$N`: locals never start with `$`). */
  arg(x: unknown): string {
    this.args.push(x);
    return `$${this.args.length - 1}`;
  }

  /** A fresh local variable name. */
  local(prefix = 't'): string {
    return `${prefix}${this.#n++}`;
  }

  /** Builds the module; it returns `entry` (source of a function expression, e.g. a depth-0 wrapper of the root). */
  build<F>(entry: string): F {
    const body = `"use strict";\n${this.fns.join('\n')}\nreturn ${entry};`;
    return generate<F>(this.args.map((_, i) => `$${i}`), body, this.args);
  }

  /** Size of `s` when it is written as fixed-width inline code at this version, else undefined. */
  fixedSize(s: Schema, depth = 0): number | undefined {
    if (depth > 32) return undefined;
    const w = NUM_WIDTH[s.kind];
    if (w !== undefined) return w;
    switch (s.kind) {
      case 'bool': return 1;
      case 'unit': return 0;
      case 'canary': return 4;
      case 'enum': return TAG[s.size];
      case 'array': {
        const n = this.fixedSize(s.item, depth + 1);
        return n === undefined || s.length > 64 ? undefined : n * s.length;
      }
      case 'struct': {
        const p = fieldPlan(s.fields, this.v);
        if (p.onSave.length || p.onLoad.length) return undefined;
        let total = 0;
        for (const st of p.stored) {
          if (st.was) return undefined;
          const n = this.fixedSize(st.type, depth + 1);
          if (n === undefined) return undefined;
          total += n;
        }
        if (p.absent.some((f) => f.hasDefault && typeof f.default === 'function')) return undefined;
        return total;
      }
      default: return undefined;
    }
  }
}

/** A property access expression `obj["name"]`. */
export function prop(obj: string, name: string): string {
  return `${obj}[${JSON.stringify(name)}]`;
}

/** Alignment of a records struct. */
export function recordsAlign(s: Schema): number {
  return s.kind === 'records' ? layout(s.struct).align! : 1;
}
