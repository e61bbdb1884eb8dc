// The schema interpreter, encode side: walks a schema at a data version and writes the payload.
// It is the reference for the compiled encoder (same bytes) and the fallback where code
// generation is forbidden (CSP).

import { SavepackError } from '../../errors.ts';
import { CANARY, NUMBER, type TypedKind } from '../../kinds/table.ts';
import { numberProblem, toBig, typeName } from '../../kinds/checks.ts';
import { packedLayout } from '../../layout/packed.ts';
import { fieldPlan } from '../../layout/plan.ts';
import { variantTables } from '../../layout/variants.ts';
import { RecordArray } from '../../records/record-array.ts';
import { evolves, writeEvolved } from '../../records/convert.ts';
import type { EnumSchema, FieldDef, Schema, UnionSchema } from '../../schema/types.ts';
import { realLength, type Writer } from '../../wire/writer.ts';
import { revertNew, runHook, zeroValue } from '../values.ts';
import type { EncodeState } from './path.ts';
import { downTo } from '../generations.ts';
import { generationAt } from '../../schema/generations.ts';

const bad = (msg: string): never => { throw new SavepackError('INVALID_VALUE', msg); };


/** Writes `x` as schema `s` at version `st.v`. */
export function encodeValue(w: Writer, s: Schema, x: unknown, st: EncodeState): void {
  switch (s.kind) {
    case 'bool':
      if (x !== true && x !== false) bad(`expected a boolean, got ${typeName(x)}`);
      w.reserve(1); w.buf[w.pos++] = x ? 1 : 0; return;
    case 'u8': case 'i8': case 'u16': case 'i16': case 'u32': case 'i32': case 'f32': case 'f64': {
      const p = numberProblem(s.kind, x);
      if (p) bad(p);
      w.reserve(8); const k = NUMBER[s.kind]; k.set(w.view, w.pos, x); w.pos += k.width; return;
    }
    case 'u64': case 'i64': {
      const b = toBig(s.kind, x);
      if (typeof b === 'string') bad(b);
      w.reserve(8); NUMBER[s.kind].set(w.view, w.pos, b); w.pos += 8; return;
    }
    case 'uvarint': case 'varint': {
      const p = numberProblem(s.kind, x);
      if (p) bad(p);
      if (s.kind === 'uvarint') w.uvarint53(x as number); else w.varint53(x as number);
      return;
    }
    case 'uvarint64': case 'varint64': {
      const b = toBig(s.kind, x);
      if (typeof b === 'string') bad(b);
      if (s.kind === 'uvarint64') w.uvarint64(b as bigint); else w.varint64(b as bigint);
      return;
    }
    case 'fixed': {
      if (!(x instanceof Uint8Array)) bad(`expected a Uint8Array of ${s.length} bytes, got ${typeName(x)}`);
      const n = realLength(x as Uint8Array);
      if (n !== s.length) bad(`expected a Uint8Array of exactly ${s.length} bytes, got ${n} bytes`);
      w.bytes(x as Uint8Array); return;
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
      const C = NUMBER[s.element as TypedKind].typed;
      if (!(x instanceof C)) bad(`expected a ${C.name}, got ${typeName(x)}`);
      const ta = x as ArrayBufferView, size = C.BYTES_PER_ELEMENT;
      const u = new Uint8Array(ta.buffer, ta.byteOffset, ta.byteLength); // the count comes from the bytes written
      if (u.length % size) bad(`a ${C.name} of ${u.length} bytes (its byteLength lies)`);
      w.varint(u.length / size); w.align(size); w.bytes(u); return;
    }
    case 'records': {
      if (!(x instanceof RecordArray) || x.schema !== s.struct) bad(`expected a RecordArray of ${s.struct.name}, got ${x instanceof RecordArray ? `one of ${x.schema.name}` : typeName(x)}`);
      if (evolves(s.struct, st.v)) return writeEvolved(w, s.struct, st.v, x as RecordArray, false); // an older version's layout
      const l = packedLayout(s.struct), b = (x as RecordArray).bytes, n = realLength(b);
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
    case 'versioned': return encodeValue(w, generationAt(s, st.v).schema, downTo(s, st.v)(x), st); // `to` down, then written as its generation
    case 'enum': {
      const d = variantTables(s, st.v).byName.get(x as string);
      if (d === undefined) enumValueProblem(s, x, st.v);
      w.tag(s.size, d!); return;
    }
    case 'struct': return encodeFields(w, s.fields, x, st, s.name);
    case 'union': {
      if (typeof x !== 'object' || x === null) bad(`expected an object for union ${s.name}, got ${typeName(x)}`);
      const name = (x as Record<string, unknown>)[s.tag];
      const tables = variantTables(s, st.v);
      const d = tables.byName.get(name as string);
      if (d === undefined) enumValueProblem(s, name, st.v, s.tag);
      w.tag(s.size, d!);
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
