// The schema interpreter: walks a schema at a data version and writes/reads the payload. It is
// the reference for the compiled codecs (same bytes), the fallback where code generation is
// forbidden (CSP), and the slow path that finds the exact error path after a compiled call fails.

import { SavepackError } from '../errors.ts';
import { RecordArray } from '../records.ts';
import { layout } from '../schema/layout.ts';
import type { EnumSchema, FieldDef, Schema, StructSchema, UnionSchema } from '../schema/types.ts';
import { numberProblem, toBig, typeName } from './checks.ts';
import { keyGuard } from './map-guard.ts';
import { fieldPlan } from './plan.ts';
import { dataError, Reader } from './reader.ts';
import { setOwn } from './record-access.ts';
import { minSize, tagRead, tagWrite, variantTables, CANARY } from './shape.ts';
import { chargedDefault, COST, fieldsCost, objCost, staticCost } from './budget.ts';
import { validateRecords } from './packed.ts';
import { convertOld, revertNew, runHook, typedCtor, zeroValue } from './values.ts';
import { realLength, type Writer } from './writer.ts';

/** Encode state: target version, depth bound, the path to the current value (for errors). */
export interface EncodeState { v: number; maxDepth: number; depth: number; path: (string | number)[]; stack: unknown[] }
/** Decode state: source version, the path to the current value. */
export interface DecodeState { v: number; path: (string | number)[] }

/** Renders a path stack: names as `.name`, indexes as `[i]`, raw markers (`{key}`) as they are. */
export function renderPath(path: readonly (string | number)[]): string {
  let s = '';
  for (const p of path) s += typeof p === 'number' ? `[${p}]` : p.startsWith('{') || p.startsWith('?') || p.startsWith('[') ? p : s === '' ? p : `.${p}`;
  return s;
}

const bad = (msg: string): never => { throw new SavepackError('INVALID_VALUE', msg); };

const SET: Record<string, (d: DataView, p: number, x: any) => void> = {
  u8: (d, p, x) => d.setUint8(p, x), i8: (d, p, x) => d.setInt8(p, x),
  u16: (d, p, x) => d.setUint16(p, x, true), i16: (d, p, x) => d.setInt16(p, x, true),
  u32: (d, p, x) => d.setUint32(p, x, true), i32: (d, p, x) => d.setInt32(p, x, true),
  f32: (d, p, x) => d.setFloat32(p, x, true), f64: (d, p, x) => d.setFloat64(p, x, true),
  u64: (d, p, x) => d.setBigUint64(p, x, true), i64: (d, p, x) => d.setBigInt64(p, x, true),
};
const GET: Record<string, (d: DataView, p: number) => any> = {
  u8: (d, p) => d.getUint8(p), i8: (d, p) => d.getInt8(p),
  u16: (d, p) => d.getUint16(p, true), i16: (d, p) => d.getInt16(p, true),
  u32: (d, p) => d.getUint32(p, true), i32: (d, p) => d.getInt32(p, true),
  f32: (d, p) => d.getFloat32(p, true), f64: (d, p) => d.getFloat64(p, true),
  u64: (d, p) => d.getBigUint64(p, true), i64: (d, p) => d.getBigInt64(p, true),
};
const WIDTH: Record<string, number> = { u8: 1, i8: 1, u16: 2, i16: 2, u32: 4, i32: 4, f32: 4, f64: 8, u64: 8, i64: 8 };

/** Writes `x` as schema `s` at version `st.v`. */
export function encodeValue(w: Writer, s: Schema, x: unknown, st: EncodeState): void {
  switch (s.kind) {
    case 'bool':
      if (x !== true && x !== false) bad(`expected a boolean, got ${typeName(x)}`);
      w.reserve(1); w.buf[w.pos++] = x ? 1 : 0; return;
    case 'u8': case 'i8': case 'u16': case 'i16': case 'u32': case 'i32': case 'f32': case 'f64': {
      const p = numberProblem(s.kind, x);
      if (p) bad(p);
      w.reserve(8); SET[s.kind]!(w.view, w.pos, x); w.pos += WIDTH[s.kind]!; return;
    }
    case 'u64': case 'i64': {
      const b = toBig(s.kind, x);
      if (typeof b === 'string') bad(b);
      w.reserve(8); SET[s.kind]!(w.view, w.pos, b); w.pos += 8; return;
    }
    case 'string':
      if (typeof x !== 'string') bad(`expected a string, got ${typeName(x)}`);
      w.string(x as string); return;
    case 'bytes':
      if (!(x instanceof Uint8Array)) bad(`expected a Uint8Array, got ${typeName(x)}`);
      w.varint(realLength(x as Uint8Array)); w.bytes(x as Uint8Array); return;
    case 'unit': return;
    case 'canary': w.reserve(4); w.view.setUint32(w.pos, CANARY, true); w.pos += 4; return;
    case 'array': case 'vec': {
      if (!Array.isArray(x)) bad(`expected an array, got ${typeName(x)}`);
      const a = x as unknown[];
      const n = a.length; // read once: items written always match the prefix, even if `a` changes meanwhile
      if ((n >>> 0) !== n) bad(`the array's length is ${String(n)}`);
      if (s.kind === 'array') { if (n !== s.length) bad(`expected an array of length ${s.length}, got length ${n}`); }
      else w.varint(n);
      for (let i = 0; i < n; i++) { st.path.push(i); encodeValue(w, s.item, a[i], st); st.path.pop(); }
      return;
    }
    case 'option':
      w.reserve(1);
      if (x === undefined || x === null) { w.buf[w.pos++] = 0; return; }
      w.buf[w.pos++] = 1; encodeValue(w, s.item, x, st); return;
    case 'tuple': {
      if (!Array.isArray(x) || x.length !== s.items.length) bad(`expected a tuple of ${s.items.length} items, got ${Array.isArray(x) ? `length ${x.length}` : typeName(x)}`);
      s.items.forEach((item: Schema, i: number) => { st.path.push(i); encodeValue(w, item, (x as unknown[])[i], st); st.path.pop(); });
      return;
    }
    case 'map': {
      if (!(x instanceof Map)) bad(`expected a Map, got ${typeName(x)}`);
      const m = x as Map<unknown, unknown>;
      const n = m.size;
      if (!Number.isInteger(n) || n < 0 || n > 0xffffffff) bad(`the Map's size is ${String(n)}`);
      w.varint(n);
      let count = 0;
      for (const [k, v] of m) {
        if (++count > n) break;
        st.path.push(`{key ${String(k)}}`); encodeValue(w, s.key, k, st); st.path.pop();
        st.path.push(`[${JSON.stringify(typeof k === 'bigint' ? String(k) : k) ?? String(k)}]`); encodeValue(w, s.value, v, st); st.path.pop();
      }
      if (count !== n) bad(`the Map's size says ${n} entries but iterating it gave ${count > n ? 'more' : count}: a Map that changes while it is encoded, or whose size lies, cannot be written`);
      return;
    }
    case 'typed': {
      const C = typedCtor(s.element);
      if (!(x instanceof C)) bad(`expected a ${C.name}, got ${typeName(x)}`);
      const ta = x as ArrayBufferView, size = (C as unknown as { BYTES_PER_ELEMENT: number }).BYTES_PER_ELEMENT;
      const u = new Uint8Array(ta.buffer, ta.byteOffset, ta.byteLength); // the count comes from the bytes written
      if (u.length % size) bad(`a ${C.name} of ${u.length} bytes (its byteLength lies)`);
      w.varint(u.length / size); w.align(size); w.bytes(u); return;
    }
    case 'records': {
      if (!(x instanceof RecordArray) || x.schema !== s.struct) bad(`expected a RecordArray of ${s.struct.name}, got ${x instanceof RecordArray ? `one of ${x.schema.name}` : typeName(x)}`);
      const l = layout(s.struct), b = (x as RecordArray).bytes, n = realLength(b);
      if (n % l.size!) bad(`RecordArray bytes of ${n} bytes are not whole records of ${l.size} bytes`);
      w.varint(n / l.size!); w.align(l.align!); w.bytes(b); return;
    }
    case 'lazy': {
      if (++st.depth > st.maxDepth) {
        if (typeof x === 'object' && x !== null && st.stack.includes(x)) bad('the value contains itself (a cycle); savepack writes trees, not graphs');
        throw new SavepackError('LIMIT_EXCEEDED', `value nests deeper than limits.maxDepth (${st.maxDepth}) through t.lazy`);
      }
      st.stack.push(x);
      encodeValue(w, s.get(), x, st);
      st.stack.pop(); st.depth--;
      return;
    }
    case 'custom': {
      let base: unknown;
      try { base = s.encode(x); } catch (e) {
        if (e instanceof SavepackError) throw e;
        throw new SavepackError('INVALID_VALUE', `custom type ${s.name} encode threw: ${String((e as Error)?.message ?? e)}`, '', { cause: e });
      }
      encodeValue(w, s.base, base, st); return;
    }
    case 'enum': {
      const d = variantTables(s, st.v).byName.get(x as string);
      if (d === undefined) enumValueProblem(s, x, st.v);
      tagWrite(w, s.size, d!); return;
    }
    case 'struct': return encodeFields(w, s.fields, x, st, s.name);
    case 'union': {
      if (typeof x !== 'object' || x === null) bad(`expected an object for union ${s.name}, got ${typeName(x)}`);
      const name = (x as Record<string, unknown>)[s.tag];
      const tables = variantTables(s, st.v);
      const d = tables.byName.get(name as string);
      if (d === undefined) enumValueProblem(s, name, st.v, s.tag);
      tagWrite(w, s.size, d!);
      const fields = tables.fieldsOf.get(d!);
      if (fields) { st.path.push(`?${String(name)}`); encodeFields(w, fields, x, st, s.name); st.path.pop(); }
      return;
    }
  }
}

function enumValueProblem(s: EnumSchema | UnionSchema, x: unknown, v: number, tag?: string): never {
  const all = s.variants.find((y) => y.name === x);
  if (all) throw new SavepackError('NOT_SUPPORTED', `variant '${String(x)}' of ${s.name} does not exist in data version ${v} (exists in ${all.since}..${all.until === Infinity ? '' : all.until})`);
  const names = s.variants.map((y) => y.name).join(', ');
  return bad(`${tag ? `${tag} ` : ''}${typeof x === 'string' ? `'${x}'` : typeName(x)} is not a variant of ${s.name} (${names})`);
}

function encodeFields(w: Writer, fields: readonly FieldDef[], x: unknown, st: EncodeState, owner: string): void {
  if (typeof x !== 'object' || x === null || Array.isArray(x)) bad(`expected an object for ${owner}, got ${typeName(x)}`);
  const plan = fieldPlan(fields, st.v);
  let src = x as Record<string, unknown>;
  if (plan.onSave.length) {
    src = { ...src };
    for (const f of plan.onSave) runHook(f, 'onSave', src, st.v);
  }
  for (const step of plan.stored) {
    st.path.push(step.def.name);
    let value: unknown;
    if (!step.inMemory) value = zeroValue(step.type);
    else {
      value = src[step.def.name];
      if (value === undefined && !(step.def.name in src) && !acceptsUndefined(step.def.schema)) bad(`missing field '${step.def.name}' of ${owner}`);
      if (step.was) value = revertNew(step.def, step.was, value);
    }
    encodeValue(w, step.type, value, st);
    st.path.pop();
  }
}

function acceptsUndefined(s: Schema): boolean {
  while (s.kind === 'lazy') s = s.get();
  return s.kind === 'option' || s.kind === 'unit' || s.kind === 'canary';
}


/** Reads the root value of a payload: charges its static cost to the budget, then reads it. */
export function decodeRoot(r: Reader, s: Schema, st: DecodeState): unknown {
  r.charge(staticCost(s, st.v));
  return decodeValue(r, s, st);
}

/** Layouts of records structs (computing one walks the struct). */
const recordLayouts = new WeakMap<StructSchema, { size: number; align: number }>();

/** Reads a value of schema `s` stored at version `st.v`; its static cost was charged by its container. */
export function decodeValue(r: Reader, s: Schema, st: DecodeState): unknown {
  switch (s.kind) {
    case 'bool': {
      r.need(1);
      const b = r.buf[r.pos++]!;
      if (b > 1) dataError('INVALID_DATA', `bool byte ${b} (must be 0 or 1)`);
      return b === 1;
    }
    case 'u8': case 'i8': case 'u16': case 'i16': case 'u32': case 'i32': case 'f32': case 'f64': case 'u64': case 'i64': {
      const n = WIDTH[s.kind]!;
      r.need(n);
      const v = GET[s.kind]!(r.view, r.pos);
      r.pos += n;
      return v;
    }
    case 'string': return r.string();
    case 'bytes': { const n = r.count(1, 1, COST.VIEW); const b = r.buf.slice(r.pos, r.pos + n); r.pos += n; return b; }
    case 'unit': return undefined;
    case 'canary': {
      r.need(4);
      const v = r.view.getUint32(r.pos, true);
      if (v !== CANARY) dataError('INVALID_DATA', `canary mismatch (0x${v.toString(16)}): the data before it was not read as written — a custom encoder and decoder disagree`);
      r.pos += 4;
      return undefined;
    }
    case 'array': case 'vec': {
      const n = s.kind === 'array' ? s.length : r.count(minSize(s.item, st.v), COST.SLOT + staticCost(s.item, st.v), COST.ARRAY);
      const out = new Array(n);
      if (s.item.kind === 'unit') { for (let i = 0; i < n; i++) out[i] = undefined; return out; } // nothing to read
      // One path slot per vector, updated in place: a push and pop per item reallocates the path's storage.
      const path = st.path, at = path.push(0) - 1;
      for (let i = 0; i < n; i++) { path[at] = i; out[i] = decodeValue(r, s.item, st); }
      path.pop();
      return out;
    }
    case 'option': {
      r.need(1);
      const b = r.buf[r.pos++]!;
      if (b > 1) dataError('INVALID_DATA', `option flag ${b} (must be 0 or 1)`);
      if (!b) return undefined;
      r.charge(staticCost(s.item, st.v));
      return decodeValue(r, s.item, st);
    }
    case 'tuple': {
      // A loop, not a closure: a closure over r and st would make every decodeValue call allocate a context.
      const items = s.items as readonly Schema[], out = new Array(items.length);
      const path = st.path, at = path.push(0) - 1;
      for (let i = 0; i < items.length; i++) { path[at] = i; out[i] = decodeValue(r, items[i]!, st); }
      path.pop();
      return out;
    }
    case 'map': {
      const n = r.count(minSize(s.key, st.v) + minSize(s.value, st.v), COST.ENTRY + staticCost(s.key, st.v) + staticCost(s.value, st.v), COST.MAP);
      const m = new Map();
      const guard = keyGuard(n);
      for (let i = 0; i < n; i++) {
        st.path.push(`{key #${i}}`); const k = decodeValue(r, s.key, st); st.path.pop();
        st.path.push(`[${JSON.stringify(typeof k === 'bigint' ? String(k) : k) ?? String(k)}]`); m.set(k, decodeValue(r, s.value, st)); st.path.pop();
        if (guard) guard.add(k, m.size);
      }
      return m;
    }
    case 'typed': {
      const C = typedCtor(s.element) as unknown as { new (b: ArrayBufferLike, offset?: number, length?: number): ArrayBufferView; BYTES_PER_ELEMENT: number };
      const size = C.BYTES_PER_ELEMENT;
      const n = r.count(size, size, COST.VIEW);
      r.align(size);
      r.need(n * size);
      const at = r.pos;
      r.pos += n * size;
      // A view into the input when allowed and aligned in memory; else one copy (the safe default).
      const mem = r.buf.byteOffset + at; // positions are relative to the input's own bytes
      if (r.views && mem % size === 0) return new C(r.buf.buffer, mem, n);
      if (n === 0) return new (C as unknown as new (n: number) => ArrayBufferView)(0); // no copy, no ArrayBuffer of its own
      return new C(r.buf.slice(at, at + n * size).buffer);
    }
    case 'records': {
      let l = recordLayouts.get(s.struct);
      if (!l) { const x = layout(s.struct); recordLayouts.set(s.struct, (l = { size: x.size!, align: x.align! })); }
      const n = r.count(l.size, l.size, COST.RECORDS);
      r.align(l.align);
      if (n === 0 && !r.views) return new RecordArray(s.struct, 0); // nothing to copy or validate
      r.need(n * l.size);
      const copy = r.views ? r.buf.subarray(r.pos, r.pos + n * l.size) : r.buf.slice(r.pos, r.pos + n * l.size);
      validateRecords(s.struct, copy, n, l.size);
      r.pos += n * l.size;
      return RecordArray.fromBytes(s.struct, copy);
    }
    case 'lazy': {
      if (++r.depth > r.limits.maxDepth) dataError('LIMIT_EXCEEDED', `data nests deeper than limits.maxDepth (${r.limits.maxDepth})`);
      const target = s.get();
      r.charge(staticCost(target, st.v));
      const v = decodeValue(r, target, st);
      r.depth--;
      return v;
    }
    case 'custom': {
      const base = decodeValue(r, s.base, st);
      try { return s.decode(base); } catch (e) {
        if (e instanceof SavepackError) throw e;
        throw new SavepackError('INVALID_DATA', `custom type ${s.name} decode threw: ${String((e as Error)?.message ?? e)}`, '', { cause: e });
      }
    }
    case 'enum': {
      const d = tagRead(r, s.size);
      const name = variantTables(s, st.v).byValue.get(d);
      if (name === undefined) dataError('INVALID_DATA', `unknown discriminant ${d} of enum ${s.name}`);
      return name;
    }
    case 'struct': return decodeFields(r, s.fields, st, undefined);
    case 'union': {
      const d = tagRead(r, s.size);
      const tables = variantTables(s, st.v);
      const name = tables.byValue.get(d);
      if (name === undefined) dataError('INVALID_DATA', `unknown discriminant ${d} of union ${s.name}`);
      const fields = tables.fieldsOf.get(d);
      r.charge(fields ? fieldsCost(fields, st.v, 1) : objCost(1));
      if (!fields) return { [s.tag]: name };
      st.path.push(`?${name}`);
      const o = decodeFields(r, fields, st, [s.tag, name!]);
      st.path.pop();
      return o;
    }
  }
}

const NONE: unknown[] = [];

function decodeFields(r: Reader, fields: readonly FieldDef[], st: DecodeState, tag: [string, string] | undefined): Record<string, unknown> {
  const plan = fieldPlan(fields, st.v);
  const stored = plan.stored, n = stored.length;
  const got = n ? new Array<unknown>(n) : NONE; // values in stored order (no Map per object)
  if (n) {
    const path = st.path, at = path.push('') - 1;
    for (let i = 0; i < n; i++) {
      const step = stored[i]!;
      path[at] = step.def.name;
      let v = decodeValue(r, step.type, st);
      if (step.was) v = convertOld(step.def, step.was, v);
      got[i] = v;
    }
    path.pop();
  }
  const o: Record<string, unknown> = {};
  if (tag) setOwn(o, tag[0], tag[1]);
  const memory = plan.memory, from = plan.memoryFrom;
  for (let j = 0; j < memory.length; j++) {
    const f = memory[j]!, k = from[j]!;
    setOwn(o, f.name, k >= 0 ? got[k] : chargedDefault(r, f, st.v));
  }
  const onLoad = plan.onLoad;
  for (let j = 0; j < onLoad.length; j++) runHook(onLoad[j]!, 'onLoad', o, st.v); // no iterator object per struct
  return o;
}

export type { StructSchema };
