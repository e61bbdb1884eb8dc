// Shared machinery of the code generators: closure constants passed in as arguments (never
// pasted into source), fresh local names, one function per composite schema node.

import { layout } from '../layout/packed.ts';
import type { FieldDef, Schema } from '../schema/types.ts';
import { inlineSize } from '../layout/sizes.ts';
import { generate } from './mode.ts';

/** Kinds written as one fixed-width number. */
export const NUM_WIDTH: Record<string, number> = { u8: 1, i8: 1, u16: 2, i16: 2, u32: 4, i32: 4, f32: 4, f64: 8, u64: 8, i64: 8 };
/** DataView method suffix per number kind. */
export const DV: Record<string, string> = {
  u8: 'Uint8', i8: 'Int8', u16: 'Uint16', i16: 'Int16', u32: 'Uint32', i32: 'Int32',
  f32: 'Float32', f64: 'Float64', u64: 'BigUint64', i64: 'BigInt64',
};

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

  /** Size of `s` when it is written as fixed-width inline code at this version, else undefined (layout/sizes.ts). */
  fixedSize(s: Schema): number | undefined {
    return inlineSize(s, this.v);
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
