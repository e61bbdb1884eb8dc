// The schema interpreter, decode side: walks a schema at a data version and reads the payload.
// It is the reference for the compiled decoder (same values) and the fallback where code
// generation is forbidden (CSP).

import { SavepackError } from '../../errors.ts';
import { CANARY, NUMBER, type TypedKind } from '../../kinds/table.ts';
import { COST, fieldsCost, objCost, staticCost } from '../../layout/cost.ts';
import { packedLayout } from '../../layout/packed.ts';
import { fieldPlan } from '../../layout/plan.ts';
import { minSize } from '../../layout/sizes.ts';
import { variantTables } from '../../layout/variants.ts';
import { setOwn } from '../../records/access.ts';
import { RecordArray } from '../../records/record-array.ts';
import { validateRecords } from '../../records/validate.ts';
import { evolves, readEvolved } from '../../records/convert.ts';
import type { FieldDef, Schema } from '../../schema/types.ts';
import { copyBytes } from '../../wire/fresh-bytes.ts';
import { mayView } from '../../wire/owned.ts';
import { dataError, type Reader } from '../../wire/reader.ts';
import { chargedDefault } from '../budget.ts';
import { keyGuard } from '../map-guard.ts';
import { convertOld, runOnLoad } from '../values.ts';
import { upFrom } from '../generations.ts';
import { generationAt } from '../../schema/generations.ts';
import type { DecodeState } from './path.ts';

/** Reads the root value of a payload: charges its static cost to the budget, then reads it. */
export function decodeRoot(r: Reader, s: Schema, st: DecodeState): unknown {
  r.charge(staticCost(s, st.v));
  return decodeValue(r, s, st);
}

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
      const k = NUMBER[s.kind], n = k.width;
      r.need(n);
      const v = k.get(r.view, r.pos);
      r.pos += n;
      return v;
    }
    case 'uvarint': return r.uvarint53();
    case 'varint': return r.varint53();
    case 'uvarint64': return r.uvarint64();
    case 'varint64': return r.varint64();
    case 'fixed': { const n = s.length; r.need(n); const b = r.views ? r.buf.subarray(r.pos, r.pos + n) : copyBytes(r.buf, r.pos, r.pos + n); r.pos += n; return b; }
    case 'string': return r.string();
    case 'bytes': { const n = r.count(1, 1, COST.VIEW); const b = r.views ? r.buf.subarray(r.pos, r.pos + n) : copyBytes(r.buf, r.pos, r.pos + n); r.pos += n; return b; }
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
      const C = NUMBER[s.element as TypedKind].typed;
      const size = C.BYTES_PER_ELEMENT;
      const n = r.count(size, size, COST.VIEW);
      r.align(size);
      r.need(n * size);
      const at = r.pos;
      r.pos += n * size;
      // A view into the input when allowed and aligned in memory; else one copy (the safe default).
      const mem = r.buf.byteOffset + at; // positions are relative to the input's own bytes
      if ((r.views || mayView(r.buf, n * size)) && mem % size === 0) return new C(r.buf.buffer, mem, n);
      if (n === 0) return new C(0); // no copy, no ArrayBuffer of its own
      return new C(copyBytes(r.buf, at, at + n * size).buffer);
    }
    case 'records': {
      if (evolves(s.struct, st.v)) return readEvolved(r, s.struct, st.v, false); // another version's layout: one converting pass
      const l = packedLayout(s.struct) as { readonly size: number; readonly align: number };
      const n = r.count(l.size, l.size, COST.RECORDS);
      r.align(l.align);
      if (n === 0 && !r.views) return new RecordArray(s.struct, 0); // nothing to copy or validate
      r.need(n * l.size);
      const copy = r.views || mayView(r.buf, n * l.size) ? r.buf.subarray(r.pos, r.pos + n * l.size) : copyBytes(r.buf, r.pos, r.pos + n * l.size);
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
    case 'versioned': return upFrom(s, st.v)(decodeValue(r, generationAt(s, st.v).schema, st)); // read as its generation, then `from` up
    case 'enum': {
      const d = r.tag(s.size);
      const name = variantTables(s, st.v).byValue.get(d);
      if (name === undefined) dataError('INVALID_DATA', `unknown discriminant ${d} of enum ${s.name}`);
      return name;
    }
    case 'struct': return decodeFields(r, s.fields, st, undefined);
    case 'union': {
      const d = r.tag(s.size);
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
  if (plan.onLoad.length) runOnLoad(plan.onLoad, memory, o, st.v);
  return o;
}

