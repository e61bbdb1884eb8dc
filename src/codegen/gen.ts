// Shared machinery of the code generators: closure constants passed in as arguments (never
// pasted into source), fresh local names, one function per composite schema node.

import { layout } from '../layout/packed.ts';
import type { FieldDef, Schema } from '../schema/types.ts';
import { inlineSize } from '../layout/sizes.ts';
import { generate } from './mode.ts';

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

/** Alignment of a records struct. */
export function recordsAlign(s: Schema): number {
  return s.kind === 'records' ? layout(s.struct).align! : 1;
}
