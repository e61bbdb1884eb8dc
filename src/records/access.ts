// Per-struct accessors for packed records: read a record at a byte offset into a plain object and
// write one back, compiled into straight-line DataView code (interpreted where code generation is
// forbidden). The struct is packed-eligible, so offsets are fixed.

import { SavepackError } from '../errors.ts';
import { leaves, type Leaf } from '../layout/leaves.ts';
import { layout } from '../layout/packed.ts';
import type { EnumSchema, Schema, StructSchema } from '../schema/types.ts';
import { CHECK_EXPR, numberProblem, toBig } from '../kinds/checks.ts';
import { canCompile, generate } from '../codegen/mode.ts';

/** Reads the record at byte `offset` of `view`. */
export type RecordGetter<T> = (view: DataView, offset: number) => T;
/** Writes `value` as the record at byte `offset`; throws INVALID_VALUE (path relative to the record). */
export type RecordSetter<T> = (view: DataView, offset: number, value: T) => void;

const GET: Record<string, string> = {
  u8: 'getUint8', i8: 'getInt8', u16: 'getUint16', i16: 'getInt16', u32: 'getUint32', i32: 'getInt32',
  u64: 'getBigUint64', i64: 'getBigInt64', f32: 'getFloat32', f64: 'getFloat64', bool: 'getUint8',
};
const SIZE: Record<string, number> = { u8: 1, i8: 1, u16: 2, i16: 2, u32: 4, i32: 4, u64: 8, i64: 8, f32: 4, f64: 8, bool: 1 };

/** Compiled (or interpreted) get/set for records of struct `s`. */
export interface RecordAccess<T> { size: number; get: RecordGetter<T>; set: RecordSetter<T> }

const cache = new WeakMap<StructSchema, RecordAccess<any>>();

/** Accessors for records of `s`, cached per struct. */
export function recordAccess<T>(s: StructSchema): RecordAccess<T> {
  let a = cache.get(s);
  if (!a) cache.set(s, (a = canCompile() ? compileAccess(s) : interpretAccess(s)));
  return a;
}

function enumTables(e: EnumSchema): { names: Map<number, string>; values: Map<string, number> } {
  return { names: new Map(e.variants.map((v) => [v.value, v.name])), values: new Map(e.variants.map((v) => [v.name, v.value])) };
}

function badValue(path: (string | number)[], message: string): never {
  throw new SavepackError('INVALID_VALUE', message, path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${p}`)).join('').replace(/^\./, ''));
}

function interpretAccess<T>(s: StructSchema): RecordAccess<T> {
  const ls = leaves(s);
  const tables = ls.map((l) => (l.enum ? enumTables(l.enum) : undefined));
  const build = (v: DataView, o: number, schema: Schema, leafIdx: { i: number }): unknown => {
    while (schema.kind === 'lazy') schema = schema.get();
    if (schema.kind === 'struct') {
      const obj: Record<string, unknown> = {};
      for (const f of schema.fields) setOwn(obj, f.name, build(v, o, f.schema, leafIdx));
      return obj;
    }
    if (schema.kind === 'array') return Array.from({ length: schema.length }, () => build(v, o, schema.item, leafIdx));
    if (schema.kind === 'unit') return undefined;
    const i = leafIdx.i++;
    const l = ls[i]!;
    const raw = (v as any)[GET[l.kind]!](o + l.offset, true);
    if (l.enum) return tables[i]!.names.get(raw);
    return l.kind === 'bool' ? raw !== 0 : raw;
  };
  return {
    size: layout(s).size!,
    get: (v, o) => build(v, o, s, { i: 0 }) as T,
    set: (v, o, value) => {
      ls.forEach((l, i) => {
        let x: any = value;
        for (const p of l.path) {
          if (typeof x !== 'object' || x === null) badValue(l.path, 'missing field (expected an object)');
          x = x[p];
        }
        writeLeaf(v, o, l, x, tables[i]);
      });
    },
  };
}

function writeLeaf(v: DataView, o: number, l: Leaf, x: any, table?: { values: Map<string, number> }): void {
  const at = o + l.offset;
  if (l.enum) {
    const d = table!.values.get(x);
    if (d === undefined) badValue(l.path, `unknown variant ${JSON.stringify(x)} of enum ${l.enum.name}`);
    (v as any)['set' + GET[l.kind]!.slice(3)](at, d, true);
  } else if (l.kind === 'bool') {
    if (x !== true && x !== false) badValue(l.path, `expected a boolean, got ${typeof x}`);
    v.setUint8(at, x ? 1 : 0);
  } else if (l.kind === 'u64' || l.kind === 'i64') {
    const b = toBig(l.kind, x);
    if (typeof b === 'string') badValue(l.path, b);
    l.kind === 'u64' ? v.setBigUint64(at, b, true) : v.setBigInt64(at, b, true);
  } else {
    const p = numberProblem(l.kind, x);
    if (p) badValue(l.path, p);
    (v as any)['set' + GET[l.kind]!.slice(3)](at, x, true);
  }
}

function compileAccess<T>(s: StructSchema): RecordAccess<T> {
  const ls = leaves(s);
  const args: unknown[] = [];
  const arg = (x: unknown) => { args.push(x); return `k${args.length - 1}`; };
  let interp: RecordAccess<unknown> | undefined;
  const slow = arg((v: DataView, o: number, value: unknown) => (interp ??= interpretAccess<unknown>(s)).set(v, o, value));
  let li = 0;
  const getExpr = (schema: Schema): string => {
    while (schema.kind === 'lazy') schema = schema.get();
    if (schema.kind === 'struct') return `{${schema.fields.map((f) => `${key(f.name)}: ${getExpr(f.schema)}`).join(', ')}}`;
    if (schema.kind === 'array') return `[${Array.from({ length: schema.length }, () => getExpr(schema.item)).join(', ')}]`;
    if (schema.kind === 'unit') return 'undefined';
    const l = ls[li++]!;
    const read = `d.${GET[l.kind]}(o + ${l.offset}, true)`;
    if (l.enum) return `${arg(enumTables(l.enum).names)}.get(${read})`;
    return l.kind === 'bool' ? `(${read} !== 0)` : read;
  };
  const getBody = `return ${getExpr(s)};`;
  const setLines: string[] = [];
  ls.forEach((l, i) => {
    const acc = 'value' + l.path.map((p) => `[${JSON.stringify(p)}]`).join('');
    const x = `x${i}`;
    const guard = l.path.slice(0, -1).map((_, j) => 'value' + l.path.slice(0, j + 1).map((p) => `[${JSON.stringify(p)}]`).join(''));
    setLines.push(guard.length ? `if (${guard.map((g) => `typeof ${g} !== "object" || ${g} === null`).join(' || ')}) return ${slow}(d, o, value);` : '');
    setLines.push(`const ${x} = ${acc};`);
    const setter = `set${GET[l.kind]!.slice(3)}`;
    if (l.enum) {
      setLines.push(`const e${i} = ${arg(enumTables(l.enum).values)}.get(${x}); if (e${i} === undefined) return ${slow}(d, o, value);`);
      setLines.push(`d.${setter}(o + ${l.offset}, e${i}, true);`);
    } else if (l.kind === 'bool') {
      setLines.push(`if (${CHECK_EXPR.bool!(x)}) d.setUint8(o + ${l.offset}, ${x} ? 1 : 0); else return ${slow}(d, o, value);`);
    } else if (l.kind === 'u64' || l.kind === 'i64') {
      setLines.push(`if (typeof ${x} === "bigint" && BigInt.as${l.kind === 'u64' ? 'Uint' : 'Int'}N(64, ${x}) === ${x}) d.${setter}(o + ${l.offset}, ${x}, true); else return ${slow}(d, o, value);`);
    } else {
      setLines.push(`if (!(${CHECK_EXPR[l.kind]!(x)})) return ${slow}(d, o, value);`);
      setLines.push(`d.${setter}(o + ${l.offset}, ${x}, true);`);
    }
  });
  const body = `"use strict";
return {
  get: function (d, o) { ${getBody} },
  set: function (d, o, value) { if (typeof value !== "object" || value === null) return ${slow}(d, o, value);
    ${setLines.join('\n    ')} }
};`;
  const fns = generate<{ get: RecordGetter<T>; set: RecordSetter<T> }>(args.map((_, i) => `k${i}`), body, args);
  return { size: layout(s).size!, get: fns.get, set: fns.set };
}

/**
 * Sets `name` on `o` as an own enumerable data property: a define for names that
 * Object.prototype has (`__proto__` would set the prototype; others would hit a frozen prototype).
 */
export function setOwn(o: Record<string, unknown>, name: string, value: unknown): void {
  if (name in Object.prototype) Object.defineProperty(o, name, { value, enumerable: true, writable: true, configurable: true });
  else o[name] = value;
}

/** A JS object-literal key for `name`, safe in generated code (`__proto__` as a computed key). */
export function key(name: string): string {
  return name === '__proto__' ? '["__proto__"]' : JSON.stringify(name);
}

/** The byte size of one element of a number/bool leaf kind. */
export function leafSize(kind: string): number {
  return SIZE[kind]!;
}
