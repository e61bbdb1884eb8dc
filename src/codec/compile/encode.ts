// Generates a specialised writer for (schema, data version): flat straight-line code per struct,
// one reserve per run of fixed-width fields, one reserve per vector of fixed-size items, value
// checks inlined. It tracks no error paths: on any failure the codec reruns the interpreter.

import { SavepackError } from '../../errors.ts';
import { RecordArray } from '../../records/record-array.ts';
import type { EnumSchema, FieldDef, Schema, UnionSchema } from '../../schema/types.ts';
import { CHECK_EXPR, toBig } from '../../kinds/checks.ts';
import { Gen, recordsAlign } from '../../codegen/gen.ts';
import { prop } from '../../codegen/source.ts';
import { fieldPlan } from '../../layout/plan.ts';
import { CANARY, numberFacts } from '../../kinds/table.ts';
import { variantTables } from '../../layout/variants.ts';
import { revertNew, runHook, typedCtor, zeroValue } from '../values.ts';
import { realLength, type Writer } from '../../wire/writer.ts';
import { layout } from '../../layout/packed.ts';
import type { PayloadEncoder } from '../payload.ts';
import { cachedCompile } from './cache.ts';

const FAIL = () => { throw new SavepackError('INVALID_VALUE', 'invalid value'); };
const DEPTH = () => { throw new SavepackError('LIMIT_EXCEEDED', 'value nests too deeply'); };
const big = (kind: string) => (x: unknown) => { const b = toBig(kind, x); if (typeof b === 'string') FAIL(); return b as bigint; };

/** Compiles the payload writer of `schema` at data version `v`. */
export function compileEncoder(schema: Schema, v: number, maxDepth: number): PayloadEncoder {
  return cachedCompile(schema, `${v}/${maxDepth}`, () => {
    const g = new EncGen(v, maxDepth);
    const root = g.fnFor(schema);
    return g.build<PayloadEncoder>(`function (w, x) { ${root}(w, x, 0); }`);
  });
}

class EncGen extends Gen {
  readonly E: string;
  constructor(v: number, readonly maxDepth: number) {
    super(v);
    this.E = this.arg(FAIL);
  }

  /** Name of a function `(w, x, d)` writing `s`. */
  fnFor(s: Schema): string {
    let name = this.names.get(s);
    if (name) return name;
    name = this.local('e');
    this.names.set(s, name);
    const lines: string[] = [];
    if (s.kind === 'lazy') {
      lines.push(`if (d > ${this.maxDepth}) ${this.arg(DEPTH)}();`);
      this.emit(s.get(), 'x', lines);
    } else this.emit(s, 'x', lines, true);
    this.fns.push(`function ${name}(w, x, d) {\n${lines.join('\n')}\n}`);
    return name;
  }

  /** Emits statements writing expression-free local `x` of schema `s`. */
  emit(s: Schema, x: string, out: string[], inFn = false): void {
    const E = this.E;
    const fixed = this.fixedSize(s);
    if (fixed !== undefined && s.kind !== 'struct') {
      out.push(`w.reserve(${fixed}); { const v = w.view, p = w.pos;`);
      this.emitFixed(s, x, 0, out);
      out.push(`w.pos = p + ${fixed}; }`);
      return;
    }
    switch (s.kind) {
      case 'string': out.push(`if (typeof ${x} !== "string") ${E}(); w.string(${x});`); return;
      // Bulk counts come from the bytes actually written (a subclass may override `length`).
      case 'bytes': out.push(`if (!(${x} instanceof Uint8Array)) ${E}(); w.varint(${this.arg(realLength)}(${x})); w.bytes(${x});`); return;
      case 'typed': {
        const C = typedCtor(s.element), u = this.local('u');
        const size = (C as unknown as { BYTES_PER_ELEMENT: number }).BYTES_PER_ELEMENT;
        out.push(`if (!(${x} instanceof ${this.arg(C)})) ${E}(); const ${u} = new Uint8Array(${x}.buffer, ${x}.byteOffset, ${x}.byteLength); if (${u}.length % ${size}) ${E}();`);
        out.push(`w.varint(${u}.length / ${size}); w.align(${size}); w.bytes(${u});`);
        return;
      }
      case 'records': {
        const u = this.local('u'), size = layout(s.struct).size!;
        out.push(`if (!(${x} instanceof ${this.arg(RecordArray)}) || ${x}.schema !== ${this.arg(s.struct)}) ${E}(); const ${u} = ${x}.bytes; if (${this.arg(realLength)}(${u}) % ${size}) ${E}();`);
        out.push(`w.varint(${this.arg(realLength)}(${u}) / ${size}); w.align(${recordsAlign(s)}); w.bytes(${u});`);
        return;
      }
      case 'option': {
        out.push(`w.reserve(1); if (${x} === undefined || ${x} === null) { w.buf[w.pos++] = 0; } else { w.buf[w.pos++] = 1;`);
        this.emit(s.item, x, out);
        out.push('}');
        return;
      }
      case 'array': case 'vec': return this.emitList(s, x, out);
      case 'tuple': {
        out.push(`if (!Array.isArray(${x}) || ${x}.length !== ${s.items.length}) ${E}();`);
        s.items.forEach((item: Schema, i: number) => { const y = this.local(); out.push(`const ${y} = ${x}[${i}];`); this.emit(item, y, out); });
        return;
      }
      case 'map': {
        // Count what is written: a Map whose size lies, or that changes while written, fails.
        const k = this.local('k'), val = this.local('v'), n = this.local('n'), c = this.local('c');
        out.push(`if (!(${x} instanceof Map)) ${E}(); const ${n} = ${x}.size; w.varint(${n}); let ${c} = 0; for (const [${k}, ${val}] of ${x}) { if (++${c} > ${n}) ${E}();`);
        this.emit(s.key, k, out); this.emit(s.value, val, out);
        out.push(`} if (${c} !== ${n}) ${E}();`);
        return;
      }
      case 'custom': {
        const y = this.local();
        const enc = this.arg(s.encode);
        out.push(`const ${y} = ${enc}(${x});`);
        this.emit(s.base, y, out);
        return;
      }
      case 'lazy': out.push(`${this.fnFor(s)}(w, ${x}, d + 1);`); return;
      case 'struct':
        if (!inFn) { out.push(`${this.fnFor(s)}(w, ${x}, d);`); return; }
        out.push(`if (typeof ${x} !== "object" || ${x} === null || Array.isArray(${x})) ${E}();`);
        return this.emitFields(s.fields, x, out);
      case 'union':
        if (!inFn) { out.push(`${this.fnFor(s)}(w, ${x}, d);`); return; }
        return this.emitUnion(s, x, out);
      default: throw new SavepackError('INVALID_SCHEMA', `cannot compile ${s.kind}`);
    }
  }

  /** Emits checks + writes of fixed-size `s` from local `x` at `p + off` through view `v`. */
  emitFixed(s: Schema, x: string, off: number, out: string[]): void {
    const E = this.E;
    const w = numberFacts(s.kind)?.width;
    if (w !== undefined) {
      if (s.kind === 'u64' || s.kind === 'i64') {
        const b = this.local('b');
        out.push(`const ${b} = typeof ${x} === "bigint" && BigInt.as${s.kind === 'u64' ? 'Uint' : 'Int'}N(64, ${x}) === ${x} ? ${x} : ${this.arg(big(s.kind))}(${x});`);
        out.push(`v.set${numberFacts(s.kind)!.dv}(p + ${off}, ${b}, true);`);
        return;
      }
      out.push(`if (!(${CHECK_EXPR[s.kind]!(x)})) ${E}();`);
      out.push(w === 1 ? `v.set${numberFacts(s.kind)!.dv}(p + ${off}, ${x});` : `v.set${numberFacts(s.kind)!.dv}(p + ${off}, ${x}, true);`);
      return;
    }
    switch (s.kind) {
      case 'bool': out.push(`if (${x} === true) v.setUint8(p + ${off}, 1); else if (${x} === false) v.setUint8(p + ${off}, 0); else ${E}();`); return;
      case 'unit': return;
      case 'canary': out.push(`v.setUint32(p + ${off}, ${CANARY}, true);`); return;
      case 'enum': {
        const d = this.local('d');
        out.push(`const ${d} = ${this.arg(variantTables(s, this.v).byName)}.get(${x}); if (${d} === undefined) ${E}();`);
        out.push(s.size === 'u8' ? `v.setUint8(p + ${off}, ${d});` : `v.set${s.size === 'u16' ? 'Uint16' : 'Uint32'}(p + ${off}, ${d}, true);`);
        return;
      }
      case 'array': {
        out.push(`if (!Array.isArray(${x}) || ${x}.length !== ${s.length}) ${E}();`);
        const size = this.fixedSize(s.item)!;
        for (let i = 0; i < s.length; i++) { const y = this.local(); out.push(`const ${y} = ${x}[${i}];`); this.emitFixed(s.item, y, off + i * size, out); }
        return;
      }
      case 'struct': {
        out.push(`if (typeof ${x} !== "object" || ${x} === null) ${E}();`);
        let o = off;
        for (const st of fieldPlan(s.fields, this.v).stored) {
          const y = this.local();
          out.push(st.inMemory ? `const ${y} = ${prop(x, st.def.name)};` : `const ${y} = ${this.arg(zeroValue(st.type))};`);
          this.emitFixed(st.type, y, o, out);
          o += this.fixedSize(st.type)!;
        }
        return;
      }
    }
  }

  emitList(s: Extract<Schema, { kind: 'array' | 'vec' }>, x: string, out: string[]): void {
    const E = this.E;
    // The length is read once: an array that grows or shrinks while written still gets exactly
    // as many items as its prefix says (a missing item then fails as a value).
    const i = this.local('i'), y = this.local(), n = this.local('n');
    out.push(`if (!Array.isArray(${x})) ${E}(); const ${n} = ${x}.length; if ((${n} >>> 0) !== ${n}) ${E}();`);
    if (s.kind === 'array') out.push(`if (${n} !== ${s.length}) ${E}();`);
    else out.push(`w.varint(${n});`);
    const size = this.fixedSize(s.item);
    if (size !== undefined && size > 0) {
      out.push(`w.reserve(${n} * ${size}); { const v = w.view; let p = w.pos;`);
      out.push(`for (let ${i} = 0; ${i} < ${n}; ${i}++, p += ${size}) { const ${y} = ${x}[${i}];`);
      this.emitFixed(s.item, y, 0, out);
      out.push(`} w.pos = p; }`);
      return;
    }
    out.push(`for (let ${i} = 0; ${i} < ${n}; ${i}++) { const ${y} = ${x}[${i}];`);
    this.emit(s.item, y, out);
    out.push('}');
  }

  /** Emits the stored fields of a field list at this version, reading from object local `x`. */
  emitFields(fields: readonly FieldDef[], x: string, out: string[]): void {
    const plan = fieldPlan(fields, this.v);
    let src = x;
    if (plan.onSave.length) {
      src = this.local('c');
      out.push(`const ${src} = Object.assign({}, ${x});`);
      const hook = this.arg(runHook);
      for (const f of plan.onSave) out.push(`${hook}(${this.arg(f)}, "onSave", ${src}, ${this.v});`);
    }
    // Group consecutive fixed-size fields into one reserve.
    let run: { type: Schema; local: string; size: number }[] = [];
    const flush = () => {
      if (!run.length) return;
      const total = run.reduce((a, r) => a + r.size, 0);
      out.push(`w.reserve(${total}); { const v = w.view, p = w.pos;`);
      let off = 0;
      for (const r of run) { this.emitFixed(r.type, r.local, off, out); off += r.size; }
      out.push(`w.pos = p + ${total}; }`);
      run = [];
    };
    for (const st of plan.stored) {
      const y = this.local('f');
      if (!st.inMemory) out.push(`const ${y} = ${this.arg(zeroValue(st.type))};`);
      else if (st.was) out.push(`const ${y} = ${this.arg((val: unknown) => revertNew(st.def, st.was!, val))}(${prop(src, st.def.name)});`);
      else out.push(`const ${y} = ${prop(src, st.def.name)};`);
      const size = this.fixedSize(st.type);
      if (size !== undefined) run.push({ type: st.type, local: y, size });
      else { flush(); this.emit(st.type, y, out); }
    }
    flush();
  }

  emitUnion(s: UnionSchema, x: string, out: string[]): void {
    const E = this.E;
    out.push(`if (typeof ${x} !== "object" || ${x} === null) ${E}();`);
    out.push(`switch (${prop(x, s.tag)}) {`);
    const tables = variantTables(s, this.v);
    for (const [name, d] of tables.byName) {
      out.push(`case ${JSON.stringify(name)}: {`);
      this.emitTag(s, d, out);
      const fields = tables.fieldsOf.get(d);
      if (fields) this.emitFields(fields, x, out);
      out.push('return; }');
    }
    out.push(`default: ${E}(); }`);
  }

  emitTag(s: EnumSchema | UnionSchema, d: number, out: string[]): void {
    out.push(s.size === 'u8' ? `w.reserve(1); w.buf[w.pos++] = ${d};` : `w.reserve(4); w.view.set${s.size === 'u16' ? 'Uint16' : 'Uint32'}(w.pos, ${d}, true); w.pos += ${s.size === 'u16' ? 2 : 4};`);
  }
}

