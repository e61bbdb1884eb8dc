// Generates a specialised reader for (schema, data version): one bounds check per run of
// fixed-width fields, none per item in vectors of fixed-size items (the declared count was
// checked against the bytes that remain), object literals of one shape per struct.

import { SavepackError } from '../../errors.ts';
import type { FieldDef, Schema, UnionSchema } from '../../schema/types.ts';
import { Gen } from '../../codegen/gen.ts';
import { key } from '../../codegen/source.ts';
import { decodeValue } from '../interpret/decode.ts';
import type { DecodeState } from '../interpret/path.ts';
import { keyGuard } from '../map-guard.ts';
import { fieldPlan } from '../../layout/plan.ts';
import { dataError, type Reader } from '../../wire/reader.ts';
import { CANARY, numberFacts } from '../../kinds/table.ts';
import { minSize } from '../../layout/sizes.ts';
import { variantTables } from '../../layout/variants.ts';
import { COST, defaultInfo, fieldsCost, objCost, staticCost } from '../../layout/cost.ts';
import { chargedDefault } from '../budget.ts';
import { convertOld, defaultOf, runHook, zeroValue } from '../values.ts';
import type { PayloadDecoder } from '../payload.ts';
import { cachedCompile } from './cache.ts';

/** Kinds whose zero value is a primitive (never a fresh object, never a user default). */
const PRIMITIVE_ZERO = new Set(['bool', 'u8', 'i8', 'u16', 'i16', 'u32', 'i32', 'u64', 'i64', 'f32', 'f64', 'string', 'unit', 'canary', 'option', 'enum']);
const BAD = () => dataError('INVALID_DATA', 'invalid data');
const DEPTH = (max: number) => dataError('LIMIT_EXCEEDED', `data nests deeper than limits.maxDepth (${max})`);

/** Compiles the payload reader of `schema` at data version `v`. */
export function compileDecoder(schema: Schema, v: number): PayloadDecoder {
  return cachedCompile(schema, `${v}`, () => {
    const g = new DecGen(v);
    const root = g.fnFor(schema);
    // The root's static cost is charged here; every other value's by its container (budget.ts).
    return g.build<PayloadDecoder>(`function (r) { r.charge(${staticCost(schema, v)}); return ${root}(r, 0); }`);
  });
}

class DecGen extends Gen {
  readonly B = this.arg(BAD);

  fnFor(s: Schema): string {
    let name = this.names.get(s);
    if (name) return name;
    name = this.local('d');
    this.names.set(s, name);
    const lines: string[] = [];
    let result: string;
    if (s.kind === 'lazy') {
      lines.push(`if (d > r.limits.maxDepth) ${this.arg(DEPTH)}(r.limits.maxDepth);`);
      const cost = staticCost(s.get(), this.v);
      if (cost) lines.push(`r.charge(${cost});`);
      result = this.emit(s.get(), lines);
    } else result = this.emit(s, lines, true);
    this.fns.push(`function ${name}(r, d) {\n${lines.join('\n')}\nreturn ${result};\n}`);
    return name;
  }

  /** Emits statements decoding `s`; returns the expression (usually a local) holding the value. */
  emit(s: Schema, out: string[], inFn = false): string {
    const fixed = this.fixedSize(s);
    if (fixed !== undefined && s.kind !== 'struct') {
      const v = this.local('v'), p = this.local('p');
      out.push(`if (r.end - r.pos < ${fixed}) r.truncated(${fixed}); const ${v} = r.view, ${p} = r.pos; r.pos = ${p} + ${fixed};`);
      return this.emitFixed(s, v, p, 0, out);
    }
    const x = this.local('x');
    switch (s.kind) {
      case 'string': out.push(`const ${x} = r.string();`); return x;
      case 'bytes': case 'typed': case 'records': {
        const st: DecodeState = { v: this.v, path: [] };
        out.push(`const ${x} = ${this.arg((r: Reader) => decodeValue(r, s, st))}(r);`);
        return x;
      }
      case 'option': {
        const t = this.local();
        out.push(`if (r.pos >= r.end) r.truncated(1); const ${t} = r.buf[r.pos++]; if (${t} > 1) ${this.B}(); let ${x}; if (${t} === 1) {`);
        const cost = staticCost(s.item, this.v);
        if (cost) out.push(`r.charge(${cost});`);
        const y = this.emit(s.item, out);
        out.push(`${x} = ${y}; }`);
        return x;
      }
      case 'array': case 'vec': return this.emitList(s, x, out);
      case 'tuple': {
        const items = s.items.map((item: Schema) => this.emit(item, out));
        out.push(`const ${x} = [${items.join(', ')}];`);
        return x;
      }
      case 'map': {
        const n = this.local('n'), i = this.local('i'), g = this.local('g');
        out.push(`const ${n} = r.count(${minSize(s.key, this.v) + minSize(s.value, this.v)}, ${COST.ENTRY + staticCost(s.key, this.v) + staticCost(s.value, this.v)}, ${COST.MAP}); const ${x} = new Map(), ${g} = ${this.arg(keyGuard)}(${n}); for (let ${i} = 0; ${i} < ${n}; ${i}++) {`);
        const k = this.emit(s.key, out);
        const val = this.emit(s.value, out);
        out.push(`${x}.set(${k}, ${val}); if (${g} !== undefined) ${g}.add(${k}, ${x}.size); }`);
        return x;
      }
      case 'custom': {
        const b = this.emit(s.base, out);
        const dec = (base: unknown) => {
          try { return s.decode(base); } catch (e) {
            if (e instanceof SavepackError) throw e;
            throw new SavepackError('INVALID_DATA', `custom type ${s.name} decode threw`, '', { cause: e });
          }
        };
        out.push(`const ${x} = ${this.arg(dec)}(${b});`);
        return x;
      }
      case 'lazy': out.push(`const ${x} = ${this.fnFor(s)}(r, d + 1);`); return x;
      case 'struct':
        if (!inFn) { out.push(`const ${x} = ${this.fnFor(s)}(r, d);`); return x; }
        return this.emitFields(s.fields, out, undefined);
      case 'union':
        if (!inFn) { out.push(`const ${x} = ${this.fnFor(s)}(r, d);`); return x; }
        return this.emitUnion(s, out);
      default: throw new SavepackError('INVALID_SCHEMA', `cannot compile ${s.kind}`);
    }
  }

  /** Emits reads of fixed-size `s` at `p + off` via view `v` (bounds already checked); returns its expression. */
  emitFixed(s: Schema, v: string, p: string, off: number, out: string[]): string {
    const w = numberFacts(s.kind)?.width;
    if (w !== undefined) return w === 1 ? `${v}.get${numberFacts(s.kind)!.dv}(${p} + ${off})` : `${v}.get${numberFacts(s.kind)!.dv}(${p} + ${off}, true)`;
    const x = this.local('x');
    switch (s.kind) {
      case 'bool': out.push(`const ${x} = ${v}.getUint8(${p} + ${off}); if (${x} > 1) ${this.B}();`); return `(${x} === 1)`;
      case 'unit': return 'undefined';
      case 'canary': out.push(`if (${v}.getUint32(${p} + ${off}, true) !== ${CANARY}) ${this.B}();`); return 'undefined';
      case 'enum': {
        const t = variantTables(s, this.v).byValue;
        const max = Math.max(...t.keys());
        const raw = s.size === 'u8' ? `${v}.getUint8(${p} + ${off})` : `${v}.get${s.size === 'u16' ? 'Uint16' : 'Uint32'}(${p} + ${off}, true)`;
        const table = max < 4096 ? this.arg(Array.from({ length: max + 1 }, (_, i) => t.get(i))) : this.arg(t);
        out.push(max < 4096 ? `const ${x} = ${table}[${raw}];` : `const ${x} = ${table}.get(${raw});`);
        out.push(`if (${x} === undefined) ${this.B}();`);
        return x;
      }
      case 'array': {
        const size = this.fixedSize(s.item)!;
        const items = Array.from({ length: s.length }, (_, i) => this.emitFixed(s.item, v, p, off + i * size, out));
        return `[${items.join(', ')}]`;
      }
      case 'struct': {
        const plan = fieldPlan(s.fields, this.v);
        const got = new Map<FieldDef, string>();
        let o = off;
        for (const st of plan.stored) {
          const e = this.emitFixed(st.type, v, p, o, out);
          o += this.fixedSize(st.type)!;
          if (st.inMemory) { const y = this.local('f'); out.push(`const ${y} = ${e};`); got.set(st.def, y); }
        }
        out.push(`const ${x} = ${this.literal(plan.memory, got, undefined)};`);
        return x;
      }
      default: throw new SavepackError('INVALID_SCHEMA', `cannot compile fixed ${s.kind}`);
    }
  }

  emitList(s: Extract<Schema, { kind: 'array' | 'vec' }>, x: string, out: string[]): string {
    const n = this.local('n'), i = this.local('i');
    const size = this.fixedSize(s.item);
    if (s.kind === 'array') {
      out.push(`const ${n} = ${s.length};`);
      if (size) out.push(`if (r.end - r.pos < ${s.length * size}) r.truncated(${s.length * size});`);
    } else out.push(`const ${n} = r.count(${minSize(s.item, this.v)}, ${COST.SLOT + staticCost(s.item, this.v)}, ${COST.ARRAY});`);
    out.push(`const ${x} = new Array(${n});`);
    if (size) {
      const v = this.local('v'), p = this.local('p');
      out.push(`{ const ${v} = r.view; let ${p} = r.pos; for (let ${i} = 0; ${i} < ${n}; ${i}++, ${p} += ${size}) {`);
      const e = this.emitFixed(s.item, v, p, 0, out);
      out.push(`${x}[${i}] = ${e}; } r.pos = ${p}; }`);
      return x;
    }
    out.push(`for (let ${i} = 0; ${i} < ${n}; ${i}++) {`);
    const e = this.emit(s.item, out);
    out.push(`${x}[${i}] = ${e}; }`);
    return x;
  }

  /** Emits reads of the stored fields; returns the object-literal local. */
  emitFields(fields: readonly FieldDef[], out: string[], tag: [string, string] | undefined): string {
    const plan = fieldPlan(fields, this.v);
    const got = new Map<FieldDef, string>();
    let run: { st: (typeof plan.stored)[number]; size: number }[] = [];
    const take = (st: (typeof plan.stored)[number], e: string) => {
      let y = this.local('f');
      out.push(`${st.was ? 'let' : 'const'} ${y} = ${e};`);
      if (st.was) { const c = this.local('f'); out.push(`const ${c} = ${this.arg((old: unknown) => convertOld(st.def, st.was!, old))}(${y});`); y = c; }
      if (st.inMemory) got.set(st.def, y);
    };
    const flush = () => {
      if (!run.length) return;
      const total = run.reduce((a, r) => a + r.size, 0);
      const v = this.local('v'), p = this.local('p');
      out.push(`if (r.end - r.pos < ${total}) r.truncated(${total}); const ${v} = r.view, ${p} = r.pos; r.pos = ${p} + ${total};`);
      let off = 0;
      for (const r of run) { take(r.st, this.emitFixed(r.st.type, v, p, off, out)); off += r.size; }
      run = [];
    };
    for (const st of plan.stored) {
      const size = this.fixedSize(st.type);
      if (size !== undefined) run.push({ st, size });
      else { flush(); take(st, this.emit(st.type, out)); }
    }
    flush();
    const o = this.local('o');
    out.push(`const ${o} = ${this.literal(plan.memory, got, tag)};`);
    if (plan.onLoad.length) {
      const hook = this.arg(runHook);
      for (const f of plan.onLoad) out.push(`${hook}(${this.arg(f)}, "onLoad", ${o}, ${this.v});`);
    }
    return o;
  }

  /** An object literal of the in-memory fields, in declared order; absent fields get their defaults. */
  literal(memory: readonly FieldDef[], got: Map<FieldDef, string>, tag: [string, string] | undefined): string {
    const parts = tag ? [`${key(tag[0])}: ${JSON.stringify(tag[1])}`] : [];
    for (const f of memory) parts.push(`${key(f.name)}: ${got.get(f) ?? this.defaultExpr(f)}`);
    return `{${parts.join(', ')}}`;
  }

  defaultExpr(f: FieldDef): string {
    // A default function ran: what it built is measured and charged (budget.ts).
    if (defaultInfo(f).dynamic) return `${this.arg(chargedDefault)}(r, ${this.arg(f)}, ${this.v})`;
    if (f.hasDefault) {
      // A function, or an object that each decode gets its own copy of (defaultOf clones it).
      if (typeof f.default === 'function' || (typeof f.default === 'object' && f.default !== null)) return `${this.arg(() => defaultOf(f, this.v))}()`;
      return this.arg(f.default);
    }
    // Primitive zero values are constants; any other is built per decode (it may hold defaults).
    if (PRIMITIVE_ZERO.has(f.schema.kind)) return this.arg(zeroValue(f.schema));
    return `${this.arg(zeroValue)}(${this.arg(f.schema)}, 0, ${this.v})`;
  }

  emitUnion(s: UnionSchema, out: string[]): string {
    const tables = variantTables(s, this.v);
    const x = this.local('x'), t = this.local('t');
    const n = s.size === 'u8' ? 1 : s.size === 'u16' ? 2 : 4;
    const raw = s.size === 'u8' ? 'r.buf[r.pos]' : `r.view.get${s.size === 'u16' ? 'Uint16' : 'Uint32'}(r.pos, true)`;
    out.push(`if (r.end - r.pos < ${n}) r.truncated(${n}); const ${t} = ${raw}; r.pos += ${n}; let ${x};`);
    out.push(`switch (${t}) {`);
    for (const [value, name] of tables.byValue) {
      const fields = tables.fieldsOf.get(value);
      out.push(`case ${value}: { r.charge(${fields ? fieldsCost(fields, this.v, 1) : objCost(1)});`);
      if (fields) { const o = this.emitFields(fields, out, [s.tag, name]); out.push(`${x} = ${o};`); }
      else out.push(`${x} = {${key(s.tag)}: ${JSON.stringify(name)}};`);
      out.push('break; }');
    }
    out.push(`default: ${this.B}(); }`);
    return x;
  }
}
