// What the viewer's tree asks of a file: for a path and its stored schema, whether it is a leaf
// (and its text), a list (and how many items) or a set of named parts (fields, a variant's fields,
// map keys). Everything is read lazily through open(bytes): a row costs one get/length/keys.

import type { FieldDef, Schema } from '../schema/types.ts';
import { childPath } from '../inspect/path.ts';
import { typeText } from '../cli/schema-text.ts';
import { inline, scalarText, SHOW_DEFAULTS, summary } from '../cli/show.ts';

/** The lazy reader the tree uses (open(bytes) of savepack). */
export interface Lazy {
  /** The value at `path`. */
  get(path: string): unknown;
  /** The field names or map keys at `path`. */
  keys(path: string): unknown[];
  /** The number of items at `path`. */
  length(path: string): number;
}

/** One child of a node: its label, path and stored schema (undefined inside values already in memory). */
export interface Child { label: string; path: string; schema: Schema | undefined }

/** What a node is: a leaf with its text, or a container with its children (made on demand). */
export type Shape =
  | { kind: 'leaf'; type: string; text: string }
  | { kind: 'container'; type: string; note: string; count: number; child(i: number): Child; indexOf(step: string | number): number };

const VALUE_OPTIONS = { ...SHOW_DEFAULTS, width: 120 };

/** `s` without lazy references and custom wrappers. */
function bare(s: Schema): Schema {
  for (let i = 0; i < 64; i++) {
    if (s.kind === 'lazy') s = s.get();
    else if (s.kind === 'custom') s = s.base;
    else return s;
  }
  return s;
}

/** True for a struct whose fields are all leaves (a one-line preview reads it at once). */
function small(s: Schema): boolean {
  s = bare(s);
  return s.kind === 'struct' && s.fields.length <= 8 && s.fields.every((f) => LEAF.has(bare(f.schema).kind));
}
const LEAF = new Set(['bool', 'u8', 'u16', 'u32', 'i8', 'i16', 'i32', 'f32', 'f64', 'u64', 'i64', 'string', 'bytes', 'unit', 'enum', 'fixed',
  'uvarint', 'varint', 'uvarint64', 'varint64', 'canary']);

/** A one-line preview of a small struct, or undefined (too long, or unreadable: its rows will say why). */
function previewOf(file: Lazy, path: string): string | undefined {
  try {
    return inline(file.get(path), VALUE_OPTIONS);
  } catch {
    return undefined;
  }
}

/** A container over named children. */
function named(type: string, note: string, names: string[], path: string, schemaOf: (i: number) => Schema | undefined): Shape {
  return {
    kind: 'container', type, note, count: names.length,
    child: (i) => ({ label: names[i]!, path: childPath(path, names[i]!), schema: schemaOf(i) }),
    indexOf: (step) => names.indexOf(String(step)),
  };
}

/** A container over indexed children. */
function indexed(type: string, count: number, path: string, schemaOf: (i: number) => Schema | undefined): Shape {
  return {
    kind: 'container', type, note: `${count} item${count === 1 ? '' : 's'}`, count,
    child: (i) => ({ label: `[${i}]`, path: childPath(path, i), schema: schemaOf(i) }),
    indexOf: (step) => (typeof step === 'number' && step >= 0 && step < count ? step : -1),
  };
}

/** A value already in memory (inside a record): its shape from the value itself. */
function plainShape(v: unknown, path: string): Shape {
  const text = scalarText(v, VALUE_OPTIONS);
  if (text !== undefined) return { kind: 'leaf', type: '', text };
  if (Array.isArray(v) || ArrayBuffer.isView(v)) return indexed(summary(v), (v as ArrayLike<unknown>).length, path, () => undefined);
  const names = Object.keys(v as object);
  return named('', summary(v), names, path, () => undefined);
}

/** The shape of the value at `path`, stored by schema `schema` (undefined: a value in memory). */
export function shapeOf(file: Lazy, path: string, schema: Schema | undefined): Shape {
  if (!schema) return plainShape(file.get(path), path);
  const s = bare(schema);
  const type = typeText(schema);
  switch (s.kind) {
    case 'option': {
      // Only the presence is wanted: for a big item, ask for its parts rather than the whole value.
      const item = bare(s.item);
      if (LEAF.has(item.kind)) { const v = file.get(path); return v === undefined ? { kind: 'leaf', type, text: 'none' } : { kind: 'leaf', type, text: scalarText(v, VALUE_OPTIONS) ?? '' }; }
      const v = file.get(path);
      if (v === undefined) return { kind: 'leaf', type, text: 'none' };
      const inner = shapeOf(file, path, s.item);
      return inner.kind === 'container' ? { ...inner, type } : inner;
    }
    case 'struct': {
      const fields: readonly FieldDef[] = s.fields;
      const preview = small(s) ? previewOf(file, path) : undefined;
      return named(type, preview ?? `${fields.length} field${fields.length === 1 ? '' : 's'}`, fields.map((f) => f.name), path, (i) => fields[i]!.schema);
    }
    case 'union': {
      const variant = String(file.get(childPath(path, 'kind')));
      const v = s.variants.find((x) => x.name === variant);
      const fields = v?.fields ?? [];
      return named(type, variant, fields.map((f) => f.name), path, (i) => fields[i]!.schema);
    }
    case 'array': case 'vec': return indexed(type, file.length(path), path, () => s.item);
    case 'tuple': return indexed(type, s.items.length, path, (i) => s.items[i]);
    case 'typed': return indexed(type, file.length(path), path, () => ({ kind: s.element }) as Schema);
    case 'records': return indexed(type, file.length(path), path, () => s.struct);
    case 'map': {
      const keys = file.keys(path);
      const label = (k: unknown) => (typeof k === 'string' ? JSON.stringify(k) : String(k));
      return {
        kind: 'container', type, note: `${keys.length} entr${keys.length === 1 ? 'y' : 'ies'}`, count: keys.length,
        child: (i) => {
          const k = keys[i];
          return { label: `[${label(k)}]`, path: childPath(path, k), schema: s.value };
        },
        indexOf: (step) => keys.findIndex((k) => k === step || (typeof k === 'bigint' && typeof step === 'number' && k === BigInt(step))),
      };
    }
    default: {
      const v = file.get(path);
      const text = scalarText(v, VALUE_OPTIONS);
      return text !== undefined ? { kind: 'leaf', type, text } : plainShape(v, path);
    }
  }
}
