// diffSchema: the first differences between two stored schemas, as text with paths.

import type { FieldDef, Schema } from './types.ts';
import { LATEST } from './versions.ts';
import { schemaAt } from './project.ts';
import { printable } from './printable.ts';
import { isStoredSchema } from './binary.ts';
import { PARTLESS_KINDS } from '../kinds/table.ts';

/** How many differences a report lists before it stops. */
const MAX_DIFFS = 8;
/** How many enum variants a report lists. */
const MAX_VARIANTS = 12;

/** Short human name of a schema: `u16`, `vec<string>`, `struct game.Pos`. */
export function describeSchema(s: Schema, depth = 0): string {
  if (depth > 3) return '…';
  switch (s.kind) {
    case 'lazy': return describeSchema(s.get(), depth);
    case 'array': return `array<${describeSchema(s.item, depth + 1)}, ${s.length}>`;
    case 'vec': case 'option': return `${s.kind}<${describeSchema(s.item, depth + 1)}>`;
    case 'tuple': return `tuple<${s.items.map((x: Schema) => describeSchema(x, depth + 1)).join(', ')}>`;
    case 'map': return `map<${describeSchema(s.key, depth + 1)}, ${describeSchema(s.value, depth + 1)}>`;
    case 'typed': return `typed<${s.element}>`;
    case 'fixed': return `fixed<${s.length}>`;
    case 'records': return `records<${printable(s.struct.name)}>`;
    case 'struct': case 'enum': case 'union': case 'custom': return `${s.kind} ${printable(s.name)}`;
    default: return s.kind;
  }
}


const resolve = (s: Schema): Schema => { while (s.kind === 'lazy') s = s.get(); return s; };

/** `name=value, …` of enum variants, at most {@link MAX_VARIANTS} of them. */
const variantList = (vs: readonly { name: string; value: number }[]): string =>
  vs.slice(0, MAX_VARIANTS).map((v) => `${printable(v.name)}=${v.value}`).join(', ') + (vs.length > MAX_VARIANTS ? `, … (${vs.length} in all)` : '');

/**
 * Compares schema `a` (as found, e.g. in a file) with `b` (as expected). Returns `undefined` when
 * both read the same bytes, else the first differences, one per line with its path. Schemas with
 * version metadata are compared as they stand at their newest version. Names are shown through
 * {@link printable} (escaped, cut when long): a file's names are data, not message text.
 */
export function diffSchema(a: Schema, b: Schema): string | undefined {
  const out: string[] = [];
  const seen = new Set<string>();
  const ids = new Map<Schema, number>();
  const id = (s: Schema) => { let n = ids.get(s); if (n === undefined) ids.set(s, (n = ids.size)); return n; };
  const note = (path: string, msg: string) => { if (out.length < MAX_DIFFS) out.push(`${path}: ${msg}`); };
  const mismatch = (path: string, x: Schema, y: Schema) => note(path, `${describeSchema(x)} in file, ${describeSchema(y)} expected`);

  const fields = (path: string, fa: readonly FieldDef[], fb: readonly FieldDef[]) => {
    const n = Math.max(fa.length, fb.length);
    for (let i = 0; i < n && out.length < MAX_DIFFS; i++) {
      const x = fa[i], y = fb[i];
      if (!x) { note(`${path}.${printable(y!.name)}`, `field missing in file (${describeSchema(y!.schema)} expected)`); continue; }
      if (!y) { note(`${path}.${printable(x.name)}`, `extra field in file (${describeSchema(x.schema)}), not expected`); continue; }
      if (x.name !== y.name) { note(`${path}.${printable(y.name)}`, `field #${i} is '${printable(x.name)}' in file, '${printable(y.name)}' expected`); continue; }
      walk(`${path}.${printable(x.name)}`, x.schema, y.schema);
    }
  };
  const walk = (path: string, x: Schema, y: Schema): void => {
    x = resolve(x); y = resolve(y);
    if (x.kind !== y.kind) return mismatch(path, x, y);
    if (!PARTLESS_KINDS.has(x.kind)) {
      // Each pair of composite nodes once: this ends cycles through references (leaves are shared
      // nodes, e.g. every u8 of a decoded section, and are compared wherever they occur).
      const key = `${id(x)}:${id(y)}`;
      if (seen.has(key)) return;
      seen.add(key);
    }
    switch (x.kind) {
      case 'array':
        if (x.length !== (y as typeof x).length) return note(path, `array of ${x.length} in file, ${(y as typeof x).length} expected`);
        return walk(`${path}[]`, x.item, (y as typeof x).item);
      case 'vec': return walk(`${path}[]`, x.item, (y as typeof x).item);
      case 'option': return walk(`${path}?`, x.item, (y as typeof x).item);
      case 'tuple': {
        const yi = (y as typeof x).items;
        if (x.items.length !== yi.length) return note(path, `tuple of ${x.items.length} in file, ${yi.length} expected`);
        x.items.forEach((s: Schema, i: number) => walk(`${path}[${i}]`, s, yi[i]));
        return;
      }
      case 'map':
        walk(`${path}{key}`, x.key, (y as typeof x).key);
        return walk(`${path}{value}`, x.value, (y as typeof x).value);
      case 'typed': if (x.element !== (y as typeof x).element) mismatch(path, x, y); return;
      case 'fixed': if (x.length !== (y as typeof x).length) note(path, `fixed of ${x.length} bytes in file, ${(y as typeof x).length} expected`); return;
      case 'records': return walk(`${path}[]`, x.struct, (y as typeof x).struct);
      case 'custom':
        if (x.name !== (y as typeof x).name) return mismatch(path, x, y);
        return walk(path, x.base, (y as typeof x).base);
      case 'struct': {
        const ys = y as typeof x;
        if (x.name !== ys.name) return mismatch(path, x, y);
        return fields(path, x.fields, ys.fields);
      }
      case 'enum': {
        const ye = y as typeof x;
        if (x.name !== ye.name) return mismatch(path, x, y);
        if (x.size !== ye.size) return note(path, `enum ${printable(x.name)} discriminant ${x.size} in file, ${ye.size} expected`);
        const same = x.variants.length === ye.variants.length &&
          x.variants.every((v: { name: string; value: number }, i: number) => v.name === ye.variants[i]!.name && v.value === ye.variants[i]!.value);
        if (!same) note(path, `enum ${printable(x.name)} variants [${variantList(x.variants)}] in file, [${variantList(ye.variants)}] expected`);
        return;
      }
      case 'union': {
        const yu = y as typeof x;
        if (x.name !== yu.name) return mismatch(path, x, y);
        if (x.size !== yu.size) return note(path, `union ${printable(x.name)} discriminant ${x.size} in file, ${yu.size} expected`);
        const n = Math.max(x.variants.length, yu.variants.length);
        for (let i = 0; i < n && out.length < MAX_DIFFS; i++) {
          const va = x.variants[i], vb = yu.variants[i];
          if (!va) { note(`${path}.${printable(vb!.name)}`, 'variant missing in file'); continue; }
          if (!vb) { note(`${path}.${printable(va.name)}`, 'extra variant in file, not expected'); continue; }
          if (va.name !== vb.name || va.value !== vb.value) { note(`${path}.${printable(vb.name)}`, `variant #${i} is ${printable(va.name)}=${va.value} in file, ${printable(vb.name)}=${vb.value} expected`); continue; }
          if (!va.fields !== !vb.fields) { note(`${path}.${printable(vb.name)}`, `variant is ${va.fields ? 'a struct' : 'unit'} in file, ${vb.fields ? 'a struct' : 'unit'} expected`); continue; }
          if (va.fields && vb.fields) fields(`${path}.${printable(va.name)}`, va.fields, vb.fields);
        }
        return;
      }
      default: return;
    }
  };
  const root = (s: Schema) => { const r = resolve(s); return 'name' in r && typeof r.name === 'string' ? printable(r.name) : '(root)'; };
  // A decoded schema section has no version metadata: no projection (nor its copy) needed.
  const plain = (s: Schema) => (isStoredSchema(s) ? s : schemaAt(s, LATEST));
  walk(root(b), plain(a), plain(b));
  return out.length ? out.join('\n') : undefined;
}
