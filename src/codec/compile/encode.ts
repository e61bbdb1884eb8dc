// Generates a specialised writer for (schema, data version): flat straight-line code per struct,
// one reserve per run of fixed-width fields, one reserve per vector of fixed-size items, value
// checks inlined. Errors carry the interpreter's path and message, found as they propagate
// (codegen/gen.ts, trail.ts): user code (custom types, hooks) runs once, failing or not.

import { fieldPlan } from '../../layout/plan.ts';
import { variantTables } from '../../layout/variants.ts';
import { num, prop, str } from '../../codegen/source.ts';
import type { FieldDef, Schema, UnionSchema } from '../../schema/types.ts';
import type { PayloadEncoder } from '../payload.ts';
import { revertNew, runHook, zeroValue } from '../values.ts';
import { cachedCompile } from './cache.ts';
import { downTo } from '../generations.ts';
import { generationAt } from '../../schema/generations.ts';
import { EncParts } from './encode-parts.ts';
import { customEncoder, depthFailer, finish, keySeg, lazyExiter, mapCountFail, missingField } from './trail.ts';

/** Compiles the payload writer of `schema` at data version `v` (cached per schema, version and depth bound). */
export function compileEncoder(schema: Schema, v: number, maxDepth: number, root: string): PayloadEncoder {
  return cachedCompile(schema, `${v}/${maxDepth}`, () => {
    const g = new EncGen(v, maxDepth);
    const fn = g.fnFor(schema);
    const fin = g.arg((e: unknown) => finish(e, root, 'INVALID_VALUE'));
    // A t.lazy root counts as one level of nesting, as in the interpreter.
    return g.build<PayloadEncoder>(`function (w, x) { try { ${fn}(w, x, ${schema.kind === 'lazy' ? 1 : 0}); } catch (e) { throw ${fin}(e); } }`);
  });
}

/** True when a field of type `s` may be absent from the object (the interpreter's rule). */
function acceptsUndefined(s: Schema): boolean {
  while (s.kind === 'lazy') s = s.get();
  return s.kind === 'option' || s.kind === 'unit' || s.kind === 'canary';
}

class EncGen extends EncParts {
  /** Name of a function `(w, x, d)` writing `s`. */
  fnFor(s: Schema): string {
    if (s.kind !== 'lazy') return this.claim(s, 'e', 'w, x, d', this.AT, (lines) => this.emit(s, 'x', lines, true));
    return this.claim(s, 'e', 'w, x, d', this.AT, (lines) => this.emit(s.get(), 'x', lines), (body) => {
      const S = this.arg(s);
      // Past maxDepth here; an enclosing t.lazy of the same value turns it into a cycle (trail.ts).
      return `if (d > ${num(this.maxDepth)}) ${this.arg(depthFailer(this.v, this.maxDepth))}(${S}, x);\ntry {\n${body}\n} catch (e) { throw ${this.arg(lazyExiter(this.v, this.maxDepth))}(e, ${S}, x); }`;
    });
  }

  /** Emits statements writing local `x` of schema `s`. */
  emit(s: Schema, x: string, out: string[], inFn = false): void {
    this.mark(out);
    const fixed = this.fixedSize(s);
    if (fixed !== undefined && s.kind !== 'struct') {
      out.push(`w.reserve(${num(fixed)}); { const v = w.view, p = w.pos;`);
      this.emitFixed(s, x, 0, out);
      out.push(`w.pos = p + ${num(fixed)}; }`);
      return;
    }
    switch (s.kind) {
      case 'string': out.push(`if (typeof ${x} !== "string") ${this.fail(s, x)} w.string(${x});`); return;
      case 'bytes': case 'fixed': case 'typed': case 'records': return this.emitBulk(s, x, out);
      case 'uvarint': case 'varint': case 'uvarint64': case 'varint64': return this.emitVarint(s, x, out);
      case 'option': {
        const before = this.markState;
        out.push(`w.reserve(1); if (${x} === undefined || ${x} === null) { w.buf[w.pos++] = 0; } else { w.buf[w.pos++] = 1;`);
        this.emit(s.item, x, out);
        out.push('}');
        if (this.markState !== before) this.forget();
        return;
      }
      case 'array': case 'vec': return this.emitList(s, x, out);
      case 'tuple': {
        out.push(`if (!Array.isArray(${x}) || ${x}.length !== ${num(s.items.length)}) ${this.fail(s, x)}`);
        s.items.forEach((item: Schema, i: number) => {
          const y = this.local();
          this.segs.push(num(i));
          this.mark(out);
          out.push(`const ${y} = ${x}[${num(i)}];`);
          this.emit(item, y, out);
          this.segs.pop();
        });
        return;
      }
      case 'map': return this.emitMap(s, x, out);
      case 'custom': {
        const y = this.local();
        out.push(`const ${y} = ${this.arg(customEncoder(s))}(${x});`);
        this.emit(s.base, y, out);
        return;
      }
      case 'lazy': out.push(`${this.fnFor(s)}(w, ${x}, d + 1);`); return;
      case 'versioned': { // `to` down, then written as its generation (codec/generations.ts)
        const y = this.local();
        out.push(`const ${y} = ${this.arg(downTo(s, this.v))}(${x});`);
        this.emit(generationAt(s, this.v).schema, y, out);
        return;
      }
      case 'struct':
        if (!inFn) { out.push(`${this.fnFor(s)}(w, ${x}, d);`); return; }
        out.push(`if (typeof ${x} !== "object" || ${x} === null || Array.isArray(${x})) ${this.fail(s, x)}`);
        return this.emitFields(s.fields, x, out, s.name);
      case 'union':
        if (!inFn) { out.push(`${this.fnFor(s)}(w, ${x}, d);`); return; }
        return this.emitUnion(s, x, out);
      default: throw new Error(`savepack: cannot compile ${s.kind}`);
    }
  }

  emitList(s: Extract<Schema, { kind: 'array' | 'vec' }>, x: string, out: string[]): void {
    // The length is read once: an array that grows or shrinks while written still gets exactly
    // as many items as its prefix says (a missing item then fails as a value).
    const i = this.hoist('i'), n = this.local('n');
    out.push(`if (!Array.isArray(${x})) ${this.fail(s, x)} const ${n} = ${x}.length; if ((${n} >>> 0) !== ${n}) ${this.fail(s, x)}`);
    if (s.kind === 'array') out.push(`if (${n} !== ${num(s.length)}) ${this.fail(s, x)}`);
    else out.push(`w.varint(${n});`);
    const size = this.fixedSize(s.item);
    this.segs.push(i);
    if (size !== undefined && size > 0) {
      out.push(`w.reserve(${n} * ${num(size)}); { const v = w.view; let p = w.pos;`);
      this.loop(out, `for (${i} = 0; ${i} < ${n}; ${i}++, p += ${num(size)}) {`, (body) => {
        const y = this.local();
        this.mark(body);
        body.push(`const ${y} = ${x}[${i}];`);
        this.emitFixed(s.item, y, 0, body);
      }, '} w.pos = p; }');
    } else if (s.item.kind === 'uvarint' || s.item.kind === 'varint') {
      this.emitVarintItems(s.item, x, n, i, out);
    } else {
      this.loop(out, `for (${i} = 0; ${i} < ${n}; ${i}++) {`, (body) => {
        const y = this.local();
        this.mark(body);
        body.push(`const ${y} = ${x}[${i}];`);
        this.emit(s.item, y, body);
      });
    }
    this.segs.pop();
  }

  emitMap(s: Extract<Schema, { kind: 'map' }>, x: string, out: string[]): void {
    // Count what is written: a Map whose size lies, or that changes while written, fails.
    const k = this.local('k'), val = this.local('v'), n = this.local('n'), c = this.local('c'), K = this.hoist('k');
    out.push(`if (!(${x} instanceof Map)) ${this.fail(s, x)} const ${n} = ${x}.size; if (!Number.isInteger(${n}) || ${n} < 0 || ${n} > 4294967295) ${this.fail(s, x)} w.varint(${n}); let ${c} = 0;`);
    this.loop(out, `for (const [${k}, ${val}] of ${x}) { if (++${c} > ${n}) break; ${K} = ${k};`, (body) => {
      this.segs.push(`"{key " + String(${K}) + "}"`);
      this.emit(s.key, k, body);
      this.segs.pop();
      this.segs.push(`${this.arg(keySeg)}(${K})`);
      this.emit(s.value, val, body);
      this.segs.pop();
    });
    this.mark(out);
    out.push(`if (${c} !== ${n}) ${this.arg(mapCountFail)}(${n}, ${c});`);
  }

  /** Emits the stored fields of a field list at this version, reading from object local `x` of type `owner`. */
  emitFields(fields: readonly FieldDef[], x: string, out: string[], owner: string): void {
    const plan = fieldPlan(fields, this.v);
    let src = x;
    if (plan.onSave.length) {
      this.mark(out);
      src = this.local('c');
      out.push(`const ${src} = Object.assign({}, ${x});`);
      const hook = this.arg(runHook);
      for (const f of plan.onSave) out.push(`${hook}(${this.arg(f)}, "onSave", ${src}, ${num(this.v)});`);
    }
    // Group consecutive fixed-size fields into one reserve.
    let run: { type: Schema; local: string; size: number; name: string; miss: string }[] = [];
    const flush = () => {
      if (!run.length) return;
      const total = run.reduce((a, r) => a + r.size, 0);
      out.push(`w.reserve(${num(total)}); { const v = w.view, p = w.pos;`);
      let off = 0;
      for (const r of run) {
        this.segs.push(str(r.name));
        this.emitFixed(r.type, r.local, off, out, r.miss);
        this.segs.pop();
        off += r.size;
      }
      out.push(`w.pos = p + ${num(total)}; }`);
      run = [];
    };
    for (const st of plan.stored) {
      const size = this.fixedSize(st.type);
      if (size === undefined) flush();
      const y = this.local('f'), name = st.def.name, absent = `${y} === undefined && !(${str(name)} in ${src})`;
      const guard = !acceptsUndefined(st.def.schema);
      this.segs.push(str(name));
      this.mark(out);
      let miss = '';
      if (!st.inMemory) out.push(`const ${y} = ${this.arg(zeroValue(st.type))};`);
      else if (st.was) {
        const z = this.local('f');
        out.push(`const ${z} = ${prop(src, name)};`);
        if (guard) out.push(`if (${z} === undefined && !(${str(name)} in ${src})) ${this.arg(missingField)}(${this.arg({ name, owner })});`);
        out.push(`const ${y} = ${this.arg((value: unknown) => revertNew(st.def, st.was!, value))}(${z});`);
      } else {
        out.push(`const ${y} = ${prop(src, name)};`);
        if (size !== undefined) miss = this.missing(src, st.def, owner);
        else if (guard) out.push(`if (${absent}) ${this.arg(missingField)}(${this.arg({ name, owner })});`);
      }
      if (size !== undefined) run.push({ type: st.type, local: y, size, name, miss });
      else this.emit(st.type, y, out);
      this.segs.pop();
    }
    flush();
  }

  emitUnion(s: UnionSchema, x: string, out: string[]): void {
    out.push(`if (typeof ${x} !== "object" || ${x} === null) ${this.fail(s, x)}`);
    out.push(`switch (${prop(x, s.tag)}) {`);
    const tables = variantTables(s, this.v), before = this.markState;
    for (const [name, d] of tables.byName) {
      this.markState = before;
      out.push(`case ${str(name)}: {`);
      this.emitTag(s, d, out);
      const fields = tables.fieldsOf.get(d);
      if (fields) {
        this.segs.push(str(`?${name}`));
        this.emitFields(fields, x, out, s.name);
        this.segs.pop();
      }
      out.push('return; }');
    }
    this.markState = before;
    out.push(`default: ${this.fail(s, x)} }`);
    this.forget();
  }
}
