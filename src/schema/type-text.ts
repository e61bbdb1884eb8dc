// describeType: the one-line name of a schema (`u16`, `vec<string>`, `struct game.Pos`), in one of
// two styles: messages (describeSchema: names through printable, 3 levels deep) and the CLI/viewer
// (names bare or quoted, 6 levels, enum/union sizes, custom bases, a recursive reference marked).

import type { Schema } from './types.ts';

/** How {@link describeType} shows a schema. */
export interface TypeStyle {
  /** How a name from the schema is shown (names may come from a file: they are data). */
  readonly name: (s: string) => string;
  /** Nesting depth past which `…` stands for the rest. */
  readonly maxDepth: number;
  /** Adds enum/union discriminant sizes and a custom type's base, and marks a lazy reference `(recursive)` instead of following it. */
  readonly detail: boolean;
}

/** One-line name of a type in the given style; `depth` is how deep this type already sits. */
export function describeType(s: Schema, style: TypeStyle, depth = 0): string {
  if (depth > style.maxDepth) return '…';
  const sub = (x: Schema) => describeType(x, style, depth + 1);
  switch (s.kind) {
    case 'lazy': {
      const t = s.get();
      return style.detail ? `${t.kind} ${style.name((t as { name?: string }).name ?? '')} (recursive)` : describeType(t, style, depth);
    }
    case 'array': return `array<${sub(s.item)}, ${s.length}>`;
    case 'vec': case 'option': return `${s.kind}<${sub(s.item)}>`;
    case 'tuple': return `tuple<${s.items.map(sub).join(', ')}>`;
    case 'map': return `map<${sub(s.key)}, ${sub(s.value)}>`;
    case 'typed': return `typed<${s.element}>`;
    case 'fixed': return `fixed<${s.length}>`;
    case 'records': return `records<${style.name(s.struct.name)}>`;
    case 'custom': return `custom ${style.name(s.name)}${style.detail ? `<${sub(s.base)}>` : ''}`;
    case 'enum': case 'union': return `${s.kind} ${style.name(s.name)}${style.detail ? ` (${s.size})` : ''}`;
    case 'struct': case 'versioned': return `${s.kind} ${style.name(s.name)}`;
    default: return s.kind;
  }
}
