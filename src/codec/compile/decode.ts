// Generates a specialised reader for (schema, data version): one bounds check per run of
// fixed-width fields, none per item in vectors of fixed-size items (the declared count was
// checked against the bytes that remain), object literals of one shape per struct. Errors carry
// the interpreter's path and message, found as they propagate (codegen/gen.ts, trail.ts).

import { COST, fieldsCost, objCost, staticCost } from '../../layout/cost.ts';
import { fieldPlan } from '../../layout/plan.ts';
import { minSize } from '../../layout/sizes.ts';
import { variantTables } from '../../layout/variants.ts';
import { key, num, str } from '../../codegen/source.ts';
import type { FieldDef, Schema, UnionSchema } from '../../schema/types.ts';
import { dataError } from '../../wire/reader.ts';
import { keyGuard } from '../map-guard.ts';
import type { PayloadDecoder } from '../payload.ts';
import { oldConverter, runOnLoad } from '../values.ts';
import { cachedCompile } from './cache.ts';
import { DecParts, type Block } from './decode-parts.ts';
import { customDecoder, finish, keySeg } from './trail.ts';
import { upFrom } from '../generations.ts';
import { generationAt } from '../../schema/generations.ts';

/** Vector lengths between these two are built by appending to `[]` instead of into `new Array(n)` (see emitList). */
const BIG_VEC = 16380, HUGE_VEC = 1 << 18;

/** Root kinds whose own function reads several fields (or recurses): not DecParts.once. */
const MANY: ReadonlySet<string> = new Set(['lazy', 'struct', 'union', 'tuple']);

const DEPTH = (max: number) => dataError('LIMIT_EXCEEDED', `data nests deeper than limits.maxDepth (${max})`);

/** Compiles the payload reader of `schema` at data version `v` (cached per schema and version). */
export function compileDecoder(schema: Schema, v: number, root: string): PayloadDecoder {
  return cachedCompile(schema, `${v}`, () => {
    const g = new DecGen(v);
    // A root that is one value (a string, an option of one, ...): its read runs once per call.
    // Strings of a root struct, union or tuple keep the cache: a message's names repeat across calls.
    const fn = g.fnFor(schema, !MANY.has(schema.kind));
    const fin = g.arg((e: unknown) => finish(e, root, 'INVALID_DATA'));
    // The root's static cost is charged here; every other value's by its container (budget.ts).
    // A t.lazy root counts as one level of nesting, as in the interpreter.
    const rootCost = staticCost(schema, v);
    return g.build<PayloadDecoder>(`function (r) { try { ${rootCost ? `r.charge(${num(rootCost)}); ` : ''}return ${fn}(r, ${schema.kind === 'lazy' ? 1 : 0}); } catch (e) { throw ${fin}(e); } }`);
  });
}

class DecGen extends DecParts {
  /** The function reading `s`; `once`: it is the root's, run once per decode call (see DecParts.once). */
  fnFor(s: Schema, once = false): string {
    const wasOnce = this.once;
    const name = this.claim(s, 'd', 'r, d', this.AT, (lines) => {
      this.once = once;
      let result: string;
      if (s.kind === 'lazy') {
        lines.push(`if (d > r.limits.maxDepth) ${this.arg(DEPTH)}(r.limits.maxDepth);`);
        const cost = staticCost(s.get(), this.v);
        if (cost) lines.push(`r.charge(${num(cost)});`);
        result = this.emit(s.get(), lines);
      } else result = this.emit(s, lines, true);
      lines.push(`return ${result};`);
    });
    this.once = wasOnce;
    return name;
  }

  /** Emits statements decoding `s`; returns the expression (usually a local) holding the value. */
  emit(s: Schema, out: string[], inFn = false): string {
    this.mark(out);
    const fixed = this.fixedSize(s);
    if (fixed !== undefined && s.kind !== 'struct') {
      const items: Block = [[s, []]];
      const [v, p] = this.block(fixed, items, out);
      return this.emitFixed(s, v, p, 0, out, items);
    }
    const x = this.local('x');
    switch (s.kind) {
      case 'string': this.emitString(x, out); return x;
      case 'bytes': case 'fixed': case 'typed': case 'records': this.emitBulk(s, x, out); return x;
      case 'uvarint': case 'varint': case 'uvarint64': case 'varint64': this.emitVarint(s, x, out); return x;
      case 'option': {
        const t = this.local(), before = this.markState;
        out.push(`if (r.pos >= r.end) r.truncated(1); const ${t} = r.buf[r.pos++]; if (${t} > 1) ${this.blockFail('r.pos - 1', [[s, []]])} let ${x}; if (${t} === 1) {`);
        const cost = staticCost(s.item, this.v);
        if (cost) out.push(`r.charge(${num(cost)});`);
        const y = this.emit(s.item, out);
        out.push(`${x} = ${y}; }`);
        if (this.markState !== before) this.forget();
        return x;
      }
      case 'array': case 'vec': return this.emitList(s, x, out);
      case 'tuple': {
        const items = s.items.map((item: Schema, i: number) => {
          this.segs.push(num(i));
          const y = this.emit(item, out);
          this.segs.pop();
          return y;
        });
        out.push(`const ${x} = [${items.join(', ')}];`);
        return x;
      }
      case 'map': return this.emitMap(s, x, out);
      case 'custom': {
        const b = this.emit(s.base, out);
        this.mark(out);
        out.push(`const ${x} = ${this.arg(customDecoder(s))}(${b});`);
        return x;
      }
      case 'lazy': out.push(`const ${x} = ${this.fnFor(s)}(r, d + 1);`); return x;
      case 'versioned': { // read as its generation, then `from` up (codec/generations.ts)
        const b = this.emit(generationAt(s, this.v).schema, out);
        this.mark(out);
        out.push(`const ${x} = ${this.arg(upFrom(s, this.v))}(${b});`);
        return x;
      }
      case 'struct':
        if (!inFn) { out.push(`const ${x} = ${this.fnFor(s)}(r, d);`); return x; }
        return this.emitFields(s.fields, out, undefined);
      case 'union':
        if (!inFn) { out.push(`const ${x} = ${this.fnFor(s)}(r, d);`); return x; }
        return this.emitUnion(s, out);
      default: throw new Error(`savepack: cannot compile ${s.kind}`);
    }
  }

  emitList(s: Extract<Schema, { kind: 'array' | 'vec' }>, x: string, out: string[]): string {
    const n = this.local('n'), i = this.hoist('i');
    const size = this.fixedSize(s.item);
    if (s.kind === 'array') {
      out.push(`const ${n} = ${num(s.length)};`);
      if (size) out.push(`if (r.end - r.pos < ${num(s.length * size)}) ${this.blockFail('r.pos', [[s, []]])}`);
    } else this.emitCount(n, minSize(s.item, this.v), COST.SLOT + staticCost(s.item, this.v), COST.ARRAY, out);
    // Measured (bench W6, 20k structs): past V8's inline-allocation limit for `new Array(n)`
    // (~16k elements) an empty array filled by index decodes ~1.5-2x faster; for very long
    // vectors (W1, 1M) the pre-sized array is faster again. Only for items of 4+ bytes: the
    // growing array's slack stays far below what their bytes pay for in the allocation budget.
    out.push(s.kind === 'vec' && minSize(s.item, this.v) >= 4 ? `const ${x} = ${n} > ${num(BIG_VEC)} && ${n} <= ${num(HUGE_VEC)} ? [] : new Array(${n});` : `const ${x} = new Array(${n});`);
    this.segs.push(i);
    if (size) {
      const v = this.local('v'), p = this.local('p'), items: Block = [[s.item, []]];
      out.push(`{ const ${v} = r.view; let ${p} = r.pos;`);
      this.loop(out, `for (${i} = 0; ${i} < ${n}; ${i}++, ${p} += ${num(size)}) {`, (body) => {
        this.mark(body);
        const e = this.emitFixed(s.item, v, p, 0, body, items);
        body.push(`${x}[${i}] = ${e};`);
      }, `} r.pos = ${p}; }`);
    } else if (s.item.kind === 'uvarint' || s.item.kind === 'varint') {
      this.emitVarintItems(s.item, x, n, i, out);
    } else {
      this.loop(out, `for (${i} = 0; ${i} < ${n}; ${i}++) {`, (body) => {
        const e = this.emit(s.item, body);
        body.push(`${x}[${i}] = ${e};`);
      });
    }
    this.segs.pop();
    return x;
  }

  emitMap(s: Extract<Schema, { kind: 'map' }>, x: string, out: string[]): string {
    const n = this.local('n'), i = this.hoist('i'), g = this.local('g'), k = this.hoist('k');
    out.push(`const ${n} = r.count(${num(minSize(s.key, this.v) + minSize(s.value, this.v))}, ${num(COST.ENTRY + staticCost(s.key, this.v) + staticCost(s.value, this.v))}, ${num(COST.MAP)}); const ${x} = new Map(), ${g} = ${this.arg(keyGuard)}(${n});`);
    this.loop(out, `for (${i} = 0; ${i} < ${n}; ${i}++) {`, (body) => {
      this.segs.push(`"{key #" + ${i} + "}"`);
      body.push(`${k} = ${this.emit(s.key, body)};`);
      this.segs.pop();
      this.segs.push(`${this.arg(keySeg)}(${k})`);
      const val = this.emit(s.value, body);
      this.segs.pop();
      this.mark(body);
      body.push(`${x}.set(${k}, ${val}); if (${g} !== undefined) ${g}.add(${k}, ${x}.size);`);
    });
    return x;
  }

  /** Emits reads of the stored fields; returns the object-literal local. */
  emitFields(fields: readonly FieldDef[], out: string[], tag: [string, string] | undefined): string {
    const plan = fieldPlan(fields, this.v);
    const got = new Map<FieldDef, string>();
    type Step = (typeof plan.stored)[number];
    let run: { st: Step; size: number }[] = [];
    const take = (st: Step, e: string) => {
      let y = this.local('f');
      out.push(`${st.was ? 'let' : 'const'} ${y} = ${e};`);
      if (st.was) {
        const c = this.local('f');
        this.segs.push(str(st.def.name));
        this.mark(out);
        this.segs.pop();
        out.push(`const ${c} = ${this.arg(oldConverter(st.def, st.was!))}(${y});`);
        y = c;
      }
      if (st.inMemory) got.set(st.def, y);
    };
    const flush = () => {
      if (!run.length) return;
      this.mark(out);
      const items: Block = [];
      const [v, p] = this.block(run.reduce((a, r) => a + r.size, 0), items, out);
      let off = 0;
      for (const r of run) {
        // Item by item, so that the failure helper sees what came before this one.
        items.push([r.st.type, [r.st.def.name]]);
        take(r.st, this.emitFixed(r.st.type, v, p, off, out, items.slice()));
        this.mark(out);
        off += r.size;
      }
      run = [];
    };
    for (const st of plan.stored) {
      const size = this.fixedSize(st.type);
      if (size !== undefined) run.push({ st, size });
      else {
        flush();
        this.segs.push(str(st.def.name));
        take(st, this.emit(st.type, out));
        this.segs.pop();
      }
    }
    flush();
    this.mark(out);
    const o = this.local('o');
    out.push(`const ${o} = ${this.literal(plan.memory, got, tag)};`);
    if (plan.onLoad.length) {
      out.push(`${this.arg(runOnLoad)}(${this.arg(plan.onLoad)}, ${this.arg(plan.memory)}, ${o}, ${num(this.v)});`);
    }
    return o;
  }

  emitUnion(s: UnionSchema, out: string[]): string {
    const tables = variantTables(s, this.v);
    const x = this.local('x'), t = this.local('t');
    const n = s.size === 'u8' ? 1 : s.size === 'u16' ? 2 : 4;
    const raw = s.size === 'u8' ? 'r.buf[r.pos]' : `r.view.get${s.size === 'u16' ? 'Uint16' : 'Uint32'}(r.pos, true)`;
    this.mark(out);
    out.push(`if (r.end - r.pos < ${n}) r.truncated(${n}); const ${t} = ${raw}; r.pos += ${n}; let ${x};`);
    out.push(`switch (${t}) {`);
    const before = this.markState;
    for (const [value, name] of tables.byValue) {
      this.markState = before;
      const fields = tables.fieldsOf.get(value);
      out.push(`case ${num(value)}: { r.charge(${num(fields ? fieldsCost(fields, this.v, 1) : objCost(1))});`);
      if (fields) {
        this.segs.push(str(`?${name}`));
        const o = this.emitFields(fields, out, [s.tag, name]);
        this.segs.pop();
        out.push(`${x} = ${o};`);
      } else out.push(`${x} = {${key(s.tag)}: ${str(name)}};`);
      out.push('break; }');
    }
    this.markState = before;
    out.push(`default: ${this.blockFail(`r.pos - ${n}`, [[s, []]])} }`);
    this.forget();
    return x;
  }
}
