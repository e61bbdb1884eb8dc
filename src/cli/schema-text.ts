// A stored schema as indented text, one field or variant a line (for `savepack schema` and the
// viewer). Names come from the file: they are printed as data (quoted when not plain identifiers,
// control characters escaped), never evaluated. Bounded: a hostile section prints at most
// MAX_LINES lines, and a type referring to an enclosing one prints as a reference.

import type { FieldDef, Schema } from '../schema/types.ts';
import { describeType, type TypeStyle } from '../schema/type-text.ts';

/** How many lines one schema prints before it sums up the rest. */
export const MAX_LINES = 2000;

const BARE = /^[A-Za-z_$][A-Za-z0-9_$.]*$/;
/** A name from a file, printable: bare when a plain dotted identifier, else a JSON string. */
function nameText(s: string): string {
  return BARE.test(s) ? s : JSON.stringify(s);
}

/** How the CLI and viewer name a type: bare or quoted names, 6 levels, sizes, bases, recursion marked. */
const CLI_STYLE: TypeStyle = { name: nameText, maxDepth: 6, detail: true };

/** One-line name of a type: `u16`, `vec<string>`, `struct game.Pos`, `records<game.Pos>`. */
export function typeText(s: Schema): string {
  return describeType(s, CLI_STYLE);
}

/** The named types a type's line introduces (their fields/variants print below it). */
function inner(s: Schema): Schema | undefined {
  switch (s.kind) {
    case 'struct': case 'union': case 'enum': return s;
    case 'records': return s.struct;
    case 'vec': case 'option': case 'array': return inner(s.item);
    case 'map': return inner(s.value);
    case 'custom': return inner(s.base);
    default: return undefined;
  }
}

/** The schema as lines of text, two spaces of indent per level. */
export function schemaLines(root: Schema): string[] {
  const lines: string[] = [];
  let dropped = 0;
  const push = (depth: number, text: string) => {
    if (lines.length < MAX_LINES) lines.push(`${'  '.repeat(Math.min(depth, 40))}${text}`);
    else dropped++;
  };
  const shown = new Set<Schema>();
  const body = (s: Schema | undefined, depth: number): void => {
    if (!s || lines.length >= MAX_LINES) return;
    if (shown.has(s)) return; // the same named type was printed above (or encloses this one)
    if (s.kind === 'struct') { shown.add(s); fields(s.fields, depth); shown.delete(s); }
    else if (s.kind === 'enum') for (const v of s.variants) push(depth, `${nameText(v.name)} = ${v.value}`);
    else if (s.kind === 'union') {
      shown.add(s);
      for (const v of s.variants) {
        push(depth, `${nameText(v.name)} = ${v.value}${v.fields ? '' : ' (no fields)'}`);
        if (v.fields) fields(v.fields, depth + 1);
      }
      shown.delete(s);
    }
  };
  const fields = (fs: readonly FieldDef[], depth: number) => {
    for (const f of fs) {
      if (lines.length >= MAX_LINES) { dropped++; continue; }
      push(depth, `${nameText(f.name)}: ${typeText(f.schema)}`);
      body(inner(f.schema), depth + 1);
    }
  };
  push(0, typeText(root));
  body(inner(root), 1);
  if (dropped) lines.push(`… ${dropped} more line${dropped > 1 ? 's' : ''}`);
  return lines;
}
