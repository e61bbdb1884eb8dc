// The check codec() runs over every schema tree it is given, before anything is generated from it:
// schemas are plain objects and may be built by hand, so every fact that generated code relies on
// (kinds, lengths and discriminants pasted as numbers, typed kinds, tag sizes, names, version
// ranges, packed records) is verified here, and t.lazy is resolved. Anything malformed is
// INVALID_SCHEMA with the path of the offending part.

import { SavepackError } from '../errors.ts';
import { FIXED_MAX, LEAF_KINDS, TAG_MAX, TAG_SIZES, TYPED_KINDS, type TagSize } from '../kinds/table.ts';
import { encodeSchema } from '../schema/binary.ts';
import { schemaAt } from '../schema/project.ts';
import type { FieldDef, Schema } from '../schema/types.ts';
import { LATEST } from '../schema/versions.ts';
import { packedLayout } from './packed.ts';
import { recordsProblem } from './records-versions.ts';

const U32 = 0xffffffff;

const bad = (path: string, what: string): never => {
  throw new SavepackError('INVALID_SCHEMA', `malformed schema: ${what}`, path);
};
const isInt = (x: unknown, max = Number.MAX_SAFE_INTEGER): x is number => typeof x === 'number' && Number.isInteger(x) && x >= 0 && x <= max;
const isVersion = (x: unknown): boolean => isInt(x);
const isUntil = (x: unknown): boolean => x === Infinity || isInt(x);
const isObj = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null;

/**
 * Checks the whole tree under `root` (resolving every t.lazy): its shape is well formed, and no
 * two different types share a name. Throws INVALID_SCHEMA with the path of the first problem.
 */
export function checkSchemaTree(root: Schema): void {
  const byName = new Map<string, Schema>();
  const seen = new Set<Schema>();
  // Schemas on the current walk path, with the number of t.lazy crossed when each was entered: a
  // schema reaching itself without crossing a t.lazy contains itself, and would never end.
  const open = new Map<unknown, number>();
  let lazies = 0;
  const walk = (s: unknown, path: string): void => {
    if (!isObj(s) || typeof s.kind !== 'string') return bad(path, 'expected a schema object');
    const entered = open.get(s);
    if (entered !== undefined && entered === lazies) return bad(path, 'a schema that contains itself other than through t.lazy');
    if (seen.has(s as unknown as Schema)) return;
    seen.add(s as unknown as Schema);
    open.set(s, lazies);
    shape(s as unknown as Schema, path);
    open.delete(s);
  };
  const named = (s: Schema & { name: string }, path: string): void => {
    if (typeof s.name !== 'string') bad(path, `${s.kind} name must be a string`);
    const other = byName.get(s.name);
    if (other && other !== s) {
      // The same stored shape at every version where either one changes, not only the newest.
      const versions = new Set([...changeVersions(other), ...changeVersions(s)]);
      const same = [...versions].every((v) => bytesEqual(encodeSchema(schemaAt(other, v)), encodeSchema(schemaAt(s, v))));
      if (!same) throw new SavepackError('INVALID_SCHEMA', `two different types are named '${s.name}'; names identify types in the stored schema`, s.name);
    }
    byName.set(s.name, s);
  };
  const fields = (fs: unknown, path: string): void => {
    if (!Array.isArray(fs)) return bad(path, 'fields must be an array');
    const names = new Set<string>();
    for (const f of fs as unknown[]) {
      if (!isObj(f) || typeof f.name !== 'string') return bad(path, 'a field needs a string name');
      const at = `${path}.${f.name}`;
      if (names.has(f.name)) bad(at, `duplicate field name ${JSON.stringify(f.name)}`);
      names.add(f.name);
      if (!isVersion(f.since) || !isUntil(f.until)) bad(at, 'field since/until must be versions');
      if (!Array.isArray(f.was)) bad(at, 'field was must be an array');
      for (const w of f.was as unknown[]) {
        if (!isObj(w) || !isVersion(w.until)) bad(at, 'a was entry needs an integer until');
        if ((w as { name?: unknown }).name !== undefined && typeof (w as { name?: unknown }).name !== 'string') bad(at, 'a was entry name must be a string');
        walk((w as { type: unknown }).type, at);
      }
      walk(f.schema, at);
    }
  };
  const variants = (vs: unknown, size: TagSize, path: string, union: boolean): void => {
    if (!Array.isArray(vs)) return bad(path, 'variants must be an array');
    for (const x of vs as unknown[]) {
      if (!isObj(x) || typeof x.name !== 'string') return bad(path, 'a variant needs a string name');
      const at = `${path}?${x.name}`;
      if (!isInt(x.value, TAG_MAX[size])) bad(at, `discriminant must be an integer 0..${TAG_MAX[size]}, got ${String(x.value)}`);
      if (!isVersion(x.since) || !isUntil(x.until)) bad(at, 'variant since/until must be versions');
      if (union && x.fields != null) fields(x.fields, at);
    }
  };
  const shape = (s: Schema, path: string): void => {
    if (LEAF_KINDS.has(s.kind)) return;
    switch (s.kind) {
      case 'array':
        if (!isInt(s.length, U32)) bad(path, `array length must be an integer 0..${U32}, got ${typeof s.length === 'number' ? s.length : typeof s.length}`);
        return walk(s.item, `${path}[]`);
      case 'vec': case 'option': return walk(s.item, `${path}[]`);
      case 'tuple':
        if (!Array.isArray(s.items)) return bad(path, 'tuple items must be an array');
        return (s.items as readonly unknown[]).forEach((x, i) => walk(x, `${path}[${i}]`));
      case 'map': walk(s.key, `${path}{key}`); return walk(s.value, `${path}{value}`);
      case 'fixed':
        if (!isInt(s.length, FIXED_MAX)) bad(path, `fixed length must be an integer 0..${FIXED_MAX}, got ${typeof s.length === 'number' ? s.length : typeof s.length}`);
        return;
      case 'typed':
        if (!TYPED_KINDS.includes(s.element)) bad(path, `typed kind must be one of ${TYPED_KINDS.join(', ')}`);
        return;
      case 'records': {
        const st = s.struct as unknown;
        if (!isObj(st) || st.kind !== 'struct') return bad(path, 'records needs a struct');
        walk(st, path);
        const l = packedLayout(s.struct);
        if (!l.packed || !isInt(l.size) || l.size === 0 || !isInt(l.align)) bad(path, 'records needs a packed-eligible struct of non-zero size');
        const p = recordsProblem(s.struct); // every data version's layout, and no per-record user code
        if (p) bad(path, p.message);
        return;
      }
      case 'custom':
        if (typeof s.name !== 'string' || typeof s.encode !== 'function' || typeof s.decode !== 'function') bad(path, 'custom needs a name and encode/decode functions');
        return walk(s.base, path);
      case 'lazy':
        if (typeof s.get !== 'function') return bad(path, 'lazy needs a function');
        lazies++; // a recursion through t.lazy is a tree of any depth
        walk(s.get(), path);
        lazies--;
        return;
      case 'struct': named(s, path); return fields(s.fields, path ? `${path}` : s.name);
      case 'versioned': return generations(s, path);
      case 'enum':
        named(s, path);
        if (!TAG_SIZES.includes(s.size)) bad(path || s.name, 'enum size must be u8, u16 or u32');
        return variants(s.variants, s.size, path || s.name, false);
      case 'union':
        named(s, path);
        if (!TAG_SIZES.includes(s.size)) bad(path || s.name, 'union size must be u8, u16 or u32');
        if (typeof s.tag !== 'string') bad(path || s.name, 'union tag must be a string');
        return variants(s.variants, s.size, path || s.name, true);
      default: return bad(path, `unknown schema kind ${JSON.stringify((s as { kind: string }).kind)}`);
    }
  };
  // t.versioned: a name, generations ordered by since from 0, conversions where the codec calls them.
  const generations = (s: Schema & { kind: 'versioned' }, path: string): void => {
    const at = path || String(s.name);
    if (typeof s.name !== 'string') bad(at, 'versioned name must be a string');
    if (!Array.isArray(s.generations) || s.generations.length === 0) return bad(at, 'versioned needs a non-empty generations array');
    let prev = -1;
    for (const [i, g] of (s.generations as readonly unknown[]).entries()) {
      if (!isObj(g)) return bad(at, `generation ${i} must be an object`);
      if (!isVersion(g.since) || (g.since as number) <= prev || (i === 0 && g.since !== 0)) bad(at, `generation ${i} needs a since after the previous one's (the first 0)`);
      if ((i > 0 && typeof g.from !== 'function') || (g.to !== undefined && typeof g.to !== 'function')) bad(at, `generation ${i} needs a from function (and to, when given, a function)`);
      prev = g.since as number;
      walk(g.schema, at);
    }
  };
  walk(root, rootPath(root));
}

function rootPath(s: unknown): string {
  for (let i = 0; i < 64 && isObj(s) && s.kind === 'lazy' && typeof s.get === 'function'; i++) s = (s.get as () => unknown)();
  return isObj(s) && typeof s.name === 'string' && (s.kind === 'struct' || s.kind === 'enum' || s.kind === 'union') ? s.name : '';
}

/** The data versions at which a named type's own fields or variants change (plus the newest). */
function changeVersions(s: Schema): number[] {
  const out = [0, LATEST];
  const range = (since: number, until: number) => { out.push(since); if (until !== Infinity) out.push(until + 1); };
  const fields = (fs: readonly FieldDef[]) => { for (const f of fs) { range(f.since, f.until); for (const w of f.was) out.push(w.until + 1); } };
  if (s.kind === 'struct') fields(s.fields);
  if (s.kind === 'union') for (const x of s.variants) { range(x.since, x.until); fields(x.fields ?? []); }
  if (s.kind === 'enum') for (const x of s.variants) range(x.since, x.until);
  return out;
}

function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** A field or variant of a schema tree: its path (`game.Player.skills`, `game.Color.Red`) and version range. */
export interface Bound { readonly path: string; readonly since: number; readonly until: number }

/** Calls `see` for every field and variant anywhere in `schema` (through t.lazy, once per type). */
export function eachBound(schema: Schema, see: (b: Bound) => void): void {
  const seen = new Set<Schema>();
  const fields = (fs: readonly FieldDef[], owner: string) => {
    for (const f of fs) {
      see({ path: `${owner}.${f.name}`, since: f.since, until: f.until });
      for (const w of f.was) { see({ path: `${owner}.${f.name}`, since: 0, until: w.until }); if (w.type) walk(w.type); }
      walk(f.schema);
    }
  };
  const walk = (s: Schema): void => {
    if (seen.has(s)) return;
    seen.add(s);
    switch (s.kind) {
      case 'struct': return fields(s.fields, s.name);
      case 'enum': for (const v of s.variants) see({ path: `${s.name}.${v.name}`, since: v.since, until: v.until }); return;
      case 'union': for (const v of s.variants) { see({ path: `${s.name}.${v.name}`, since: v.since, until: v.until }); if (v.fields) fields(v.fields, `${s.name}.${v.name}`); } return;
      case 'array': case 'vec': case 'option': return walk(s.item);
      case 'tuple': for (const i of s.items as readonly Schema[]) walk(i); return;
      case 'map': walk(s.key); return walk(s.value);
      case 'records': return walk(s.struct);
      case 'lazy': return walk(s.get());
      case 'custom': return walk(s.base);
      case 'versioned': for (const [i, g] of s.generations.entries()) { see({ path: `${s.name}(generation ${i})`, since: g.since, until: Infinity }); walk(g.schema); } return;
      default: return;
    }
  };
  walk(schema);
}

/** The first field or variant of `schema` added after data version `v` (its path and `since`), if any. */
export function addedAfter(schema: Schema, v: number): { path: string; since: number } | undefined {
  let found: { path: string; since: number } | undefined;
  eachBound(schema, (b) => { if (!found && b.since > v) found = { path: b.path, since: b.since }; });
  return found;
}

/**
 * The codec-version guard (API.md 10): a field or variant whose `since` is after the codec's
 * version could never be written — almost always a forgotten version bump. INVALID_SCHEMA naming it.
 */
export function checkCodecVersion(schema: Schema, version: number): void {
  const late = addedAfter(schema, version);
  if (late) {
    throw new SavepackError('INVALID_SCHEMA', `the codec writes version ${version}, but this field or variant is added in version ${late.since}: ` +
      `it could never be written (bump the codec's version to ${late.since} or more)`, late.path);
  }
}
