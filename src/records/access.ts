// Per-struct accessors for packed records: read a record at a byte offset into a plain object and
// write one back, compiled into straight-line DataView code (interpreted where code generation is
// forbidden), built with the codecs' generator (codegen/). The struct is packed-eligible, so
// offsets are fixed.

import { SavepackError } from '../errors.ts';
import { leaves, type Leaf } from '../layout/leaves.ts';
import { layout } from '../layout/packed.ts';
import type { EnumSchema, Schema, StructSchema } from '../schema/types.ts';
import { CHECK_EXPR, numberProblem, toBig } from '../kinds/checks.ts';
import { canCompile } from '../codegen/mode.ts';
import { isStoredSchema } from '../schema/binary.ts';
import { Gen } from '../codegen/gen.ts';
import { key, num, prop } from '../codegen/source.ts';
import { NUMBER, type TypedKind } from '../kinds/table.ts';
import { LATEST, storedAt } from '../schema/versions.ts';

/** The fields of a record in memory (the newest stored ones; removed fields are not in memory). */
const memoryFields = (s: StructSchema) => s.fields.filter((f) => storedAt(f, LATEST));

/** Reads the record at byte `offset` of `view`. */
export type RecordGetter<T> = (view: DataView, offset: number) => T;
/** Writes `value` as the record at byte `offset`; throws INVALID_VALUE (path relative to the record). */
export type RecordSetter<T> = (view: DataView, offset: number, value: T) => void;

/** DataView method suffix of a leaf kind (a number kind, `bool`, or an enum's discriminant size). */
const dv = (kind: string): string => (kind === 'bool' ? 'Uint8' : NUMBER[kind as TypedKind].dv);

/** Compiled (or interpreted) get/set for records of struct `s`. */
export interface RecordAccess<T> { size: number; get: RecordGetter<T>; set: RecordSetter<T> }

const cache = new WeakMap<StructSchema, RecordAccess<any>>();

/** Accessors for records of `s`, cached per struct. */
export function recordAccess<T>(s: StructSchema): RecordAccess<T> {
  let a = cache.get(s);
  // A struct read from a file's schema section (inspect, open, readNewer) is never compiled: its names are data.
  if (!a) cache.set(s, (a = canCompile() && !isStoredSchema(s) ? compileAccess(s) : interpretAccess(s)));
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
      for (const f of memoryFields(schema)) setOwn(obj, f.name, build(v, o, f.schema, leafIdx));
      return obj;
    }
    if (schema.kind === 'array') return Array.from({ length: schema.length }, () => build(v, o, schema.item, leafIdx));
    if (schema.kind === 'unit') return undefined;
    const i = leafIdx.i++;
    const l = ls[i]!;
    const raw = (v as any)[`get${dv(l.kind)}`](o + l.offset, true);
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
    (v as any)[`set${dv(l.kind)}`](at, d, true);
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
    (v as any)[`set${dv(l.kind)}`](at, x, true);
  }
}

function compileAccess<T>(s: StructSchema): RecordAccess<T> {
  const ls = leaves(s);
  const g = new Gen(LATEST);
  let interp: RecordAccess<unknown> | undefined;
  // Anything the straight-line setter does not accept is handed to the interpreter, which names the problem.
  const slow = g.arg((v: DataView, o: number, value: unknown) => (interp ??= interpretAccess<unknown>(s)).set(v, o, value));
  let li = 0;
  const getExpr = (schema: Schema): string => {
    while (schema.kind === 'lazy') schema = schema.get();
    if (schema.kind === 'struct') return `{${memoryFields(schema).map((f) => `${key(f.name)}: ${getExpr(f.schema)}`).join(', ')}}`;
    if (schema.kind === 'array') return `[${Array.from({ length: schema.length }, () => getExpr(schema.item)).join(', ')}]`;
    if (schema.kind === 'unit') return 'undefined';
    const l = ls[li++]!;
    const read = `d.get${dv(l.kind)}(o + ${num(l.offset)}, true)`;
    if (l.enum) return `${g.arg(enumTables(l.enum).names)}.get(${read})`;
    return l.kind === 'bool' ? `(${read} !== 0)` : read;
  };
  const getBody = `return ${getExpr(s)};`;
  const access = (path: readonly (string | number)[]) => path.reduce<string>((e, p) => (typeof p === 'number' ? `${e}[${num(p)}]` : prop(e, p)), 'value');
  const setLines: string[] = [];
  ls.forEach((l, i) => {
    const x = g.local('x'), at = `o + ${num(l.offset)}`, setter = `set${dv(l.kind)}`;
    const guard = l.path.slice(0, -1).map((_, j) => access(l.path.slice(0, j + 1)));
    if (guard.length) setLines.push(`if (${guard.map((e) => `typeof ${e} !== "object" || ${e} === null`).join(' || ')}) return ${slow}(d, o, value);`);
    setLines.push(`const ${x} = ${access(l.path)};`);
    if (l.enum) {
      const e = g.local('e');
      setLines.push(`const ${e} = ${g.arg(enumTables(l.enum).values)}.get(${x}); if (${e} === undefined) return ${slow}(d, o, value);`);
      setLines.push(`d.${setter}(${at}, ${e}, true);`);
    } else if (l.kind === 'bool') {
      setLines.push(`if (${CHECK_EXPR.bool!(x)}) d.setUint8(${at}, ${x} ? 1 : 0); else return ${slow}(d, o, value);`);
    } else if (l.kind === 'u64' || l.kind === 'i64') {
      setLines.push(`if (typeof ${x} === "bigint" && BigInt.as${l.kind === 'u64' ? 'Uint' : 'Int'}N(64, ${x}) === ${x}) d.${setter}(${at}, ${x}, true); else return ${slow}(d, o, value);`);
    } else {
      setLines.push(`if (!(${CHECK_EXPR[l.kind]!(x)})) return ${slow}(d, o, value);`);
      setLines.push(`d.${setter}(${at}, ${x}, true);`);
    }
  });
  const fns = g.build<{ get: RecordGetter<T>; set: RecordSetter<T> }>(`{
  get: function (d, o) { ${getBody} },
  set: function (d, o, value) { if (typeof value !== "object" || value === null) return ${slow}(d, o, value);
    ${setLines.join('\n    ')} }
}`);
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
