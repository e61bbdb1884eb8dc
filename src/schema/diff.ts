// diffSchema: every difference between two stored schemas, as text with paths and, where it can,
// what to do about it. Fields and variants are matched by name, not by position.

import type { FieldDef, Schema } from './types.ts';
import { LATEST } from './versions.ts';
import { schemaAt } from './project.ts';
import { printable } from './printable.ts';
import { describeType, type TypeStyle } from './type-text.ts';
import { isStoredSchema } from './binary.ts';
import { isWidening } from './widening.ts';
import { LEAF_KINDS, PARTLESS_KINDS } from '../kinds/table.ts';

/** How many lines a report lists before it sums up the rest (hostile sections stay bounded). */
const MAX_LINES = 200;
/** How many enum variants (or field names) one line lists. */
const MAX_VARIANTS = 12;

/** How messages name a type: names through printable, 3 levels deep. */
const MESSAGE_STYLE: TypeStyle = { name: printable, maxDepth: 3, detail: false };

/** Short human name of a schema: `u16`, `vec<string>`, `struct game.Pos`. */
export function describeSchema(s: Schema, depth = 0): string {
  return describeType(s, MESSAGE_STYLE, depth);
}

/** The `t.*` expression of a schema, for advice: `t.u16`, `t.vec(t.string)`, `game.Pos` for a named type. */
function builderText(s: Schema, depth = 0): string {
  if (depth > 3) return '…';
  s = resolve(s);
  if (LEAF_KINDS.has(s.kind)) return `t.${s.kind}`;
  switch (s.kind) {
    case 'array': return `t.array(${builderText(s.item, depth + 1)}, ${s.length})`;
    case 'vec': case 'option': return `t.${s.kind}(${builderText(s.item, depth + 1)})`;
    case 'tuple': return `t.tuple(${s.items.map((x: Schema) => builderText(x, depth + 1)).join(', ')})`;
    case 'map': return `t.map(${builderText(s.key, depth + 1)}, ${builderText(s.value, depth + 1)})`;
    case 'typed': return `t.typed('${s.element}')`;
    case 'fixed': return `t.fixed(${s.length})`;
    case 'records': return `t.records(${printable(s.struct.name)})`;
    case 'struct': case 'enum': case 'union': case 'custom': return printable(s.name);
    default: return s.kind;
  }
}

const resolve = (s: Schema): Schema => { for (let i = 0; s.kind === 'lazy' && i < 64; i++) s = s.get(); return s; };

/** `name=value, …` of enum variants, at most {@link MAX_VARIANTS} of them. */
const variantList = (vs: readonly { name: string; value: number }[]): string =>
  vs.slice(0, MAX_VARIANTS).map((v) => `${printable(v.name)}=${v.value}`).join(', ') + (vs.length > MAX_VARIANTS ? `, … (${vs.length} in all)` : '');

/** `a, b, c` of names, at most {@link MAX_VARIANTS} of them. */
const nameList = (ns: readonly string[]): string =>
  ns.slice(0, MAX_VARIANTS).map(printable).join(', ') + (ns.length > MAX_VARIANTS ? `, … (${ns.length} in all)` : '');

/** First occurrence of each name (a hostile file may repeat one). */
function byName<X extends { name: string }>(xs: readonly X[]): Map<string, X> {
  const m = new Map<string, X>();
  for (const x of xs) if (!m.has(x.name)) m.set(x.name, x);
  return m;
}

/** Options of {@link diffSchema}. */
export interface DiffOptions {
  /** The data version of the file whose schema is `a`: makes the advice name versions. */
  version?: number;
}

/**
 * Compares schema `a` (as found, e.g. in a file) with `b` (as expected). Returns `undefined` when
 * both read the same bytes, else every difference (fields and variants matched by name), one per
 * line with its path and, where it can, what to do; at most 200 lines, then a count of the rest.
 * Schemas with version metadata are compared as they stand at their newest version. Names are
 * shown through {@link printable} (escaped, cut when long): a file's names are data, not message text.
 */
export function diffSchema(a: Schema, b: Schema, options?: DiffOptions): string | undefined {
  const out: string[] = [];
  let more = 0;
  const known = typeof options?.version === 'number' && Number.isSafeInteger(options.version) && options.version >= 0;
  const V = known ? String(options!.version) : 'N';
  const next = known ? String(options!.version! + 1) : 'N+1';
  const seen = new Set<string>();
  const ids = new Map<Schema, number>();
  const id = (s: Schema) => { let n = ids.get(s); if (n === undefined) ids.set(s, (n = ids.size)); return n; };
  const note = (path: string, msg: string) => { if (out.length < MAX_LINES) out.push(`${path}: ${msg}`); else more++; };
  const mismatch = (path: string, x: Schema, y: Schema, advice = '') => note(path, `${describeSchema(x)} in file, ${describeSchema(y)} expected${advice}`);

  const fields = (path: string, fa: readonly FieldDef[], fb: readonly FieldDef[]) => {
    const ma = byName(fa), mb = byName(fb);
    for (const y of mb.values()) {
      const at = `${path}.${printable(y.name)}`;
      const x = ma.get(y.name);
      if (!x) {
        // The file's field at the same position, gone from the schema: perhaps this one renamed.
        const j = fb.indexOf(y), old = j < fa.length ? fa[j]! : undefined;
        const renamed = old && !mb.has(old.name) ? `, or if it is '${printable(old.name)}' renamed: add was: [{ until: ${V}, name: '${printable(old.name)}' }]` : '';
        note(at, `field missing in file (${describeSchema(y.schema)} expected): new field '${printable(y.name)}': mark it t.field(..., { since: ${next} })${renamed}`);
        continue;
      }
      const rx = resolve(x.schema), ry = resolve(y.schema);
      // A retyped field (another kind, custom type or element): the `was` advice; named
      // types of both sides are compared part by part below.
      const retyped = rx.kind !== ry.kind || (rx.kind === 'custom' && rx.name !== (ry as typeof rx).name)
        || (rx.kind === 'typed' && rx.element !== (ry as typeof rx).element);
      if (retyped) {
        const how = isWidening(rx, ry) ? '' : ' with a convert (and a revert to write it back)';
        mismatch(at, rx, ry, `: field '${printable(y.name)}' was retyped: add was: [{ until: ${V}, type: ${builderText(rx)} }]${how}`);
        continue;
      }
      walk(at, x.schema, y.schema);
    }
    for (const x of ma.values()) {
      if (mb.has(x.name)) continue;
      note(`${path}.${printable(x.name)}`, `extra field in file (${describeSchema(x.schema)}), not expected: field '${printable(x.name)}' is gone: ` +
        `keep it as t.removed(${builderText(x.schema)}, { until: ${V} }) to read files of version ${V}`);
    }
    const common = (m: Map<string, FieldDef>, other: Map<string, FieldDef>) => [...m.keys()].filter((n) => other.has(n));
    const ca = common(ma, mb), cb = common(mb, ma);
    if (ca.some((n, i) => n !== cb[i])) {
      note(path, `fields stored in another order (file: ${nameList(ca)}; expected: ${nameList(cb)}): fields are written in declared order, keep the old order`);
    }
  };

  const variants = (path: string, kind: string, va: readonly Variant[], vb: readonly Variant[], union: boolean) => {
    const ma = byName(va), mb = byName(vb);
    for (const y of mb.values()) {
      const at = `${path}.${printable(y.name)}`;
      const x = ma.get(y.name);
      if (!x) {
        note(at, `variant missing in file: new variant '${printable(y.name)}'=${y.value}: mark it ${union ? `t.variant(..., { since: ${next} })` : `with opts.since { ${printable(y.name)}: ${next} }`}`);
        continue;
      }
      if (x.value !== y.value) { note(at, `${kind} variant '${printable(y.name)}' is ${x.value} in the file, ${y.value} now: discriminants never change (give it back ${x.value})`); continue; }
      if (!union) continue;
      if (!x.fields !== !y.fields) { note(at, `variant is ${x.fields ? 'a struct' : 'unit'} in file, ${y.fields ? 'a struct' : 'unit'} expected`); continue; }
      if (x.fields && y.fields) fields(at, x.fields, y.fields);
    }
    for (const x of ma.values()) {
      if (mb.has(x.name)) continue;
      note(`${path}.${printable(x.name)}`, `extra variant in file, not expected: variant '${printable(x.name)}'=${x.value} is gone: keep it with { until: ${V} } to read files of version ${V}`);
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
    const renamed = (n: string, m: string) => {
      if (n !== m) mismatch(path, x, y, `: a renamed type (type names are stored): name it '${printable(n)}' again to read these files`);
    };
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
        renamed(x.name, ys.name);
        return fields(path, x.fields, ys.fields);
      }
      case 'enum': {
        const ye = y as typeof x;
        renamed(x.name, ye.name);
        if (x.size !== ye.size) return note(path, `enum ${printable(x.name)} discriminant ${x.size} in file, ${ye.size} expected`);
        const same = x.variants.length === ye.variants.length &&
          x.variants.every((v: Variant, i: number) => v.name === ye.variants[i]!.name && v.value === ye.variants[i]!.value);
        if (same) return;
        note(path, `enum ${printable(x.name)} variants [${variantList(x.variants)}] in file, [${variantList(ye.variants)}] expected`);
        return variants(path, 'enum', x.variants, ye.variants, false);
      }
      case 'union': {
        const yu = y as typeof x;
        renamed(x.name, yu.name);
        if (x.size !== yu.size) return note(path, `union ${printable(x.name)} discriminant ${x.size} in file, ${yu.size} expected`);
        return variants(path, 'union', x.variants, yu.variants, true);
      }
      default: return;
    }
  };
  const root = (s: Schema) => { const r = resolve(s); return 'name' in r && typeof r.name === 'string' ? printable(r.name) : '(root)'; };
  // A decoded schema section has no version metadata: no projection (nor its copy) needed.
  const plain = (s: Schema) => (isStoredSchema(s) ? s : schemaAt(s, LATEST));
  walk(root(b), plain(a), plain(b));
  if (more) out.push(`… and ${more} more difference${more === 1 ? '' : 's'}`);
  return out.length ? out.join('\n') : undefined;
}

/** A variant as both enums and unions hold it. */
interface Variant { readonly name: string; readonly value: number; readonly fields?: readonly FieldDef[] | null }
