// Parts of the generated writer that write without walking further: fixed-size blocks (numbers,
// bools, enums, canaries, unrolled arrays and plain structs, value checks inlined, one reserve per
// block), the byte-carrying kinds (bytes, t.typed, t.records) and discriminants. A failed check
// calls the interpreter on that one node for its message (trail.ts); the path is the step's.

import { CHECK_EXPR, toBig } from '../../kinds/checks.ts';
import { CANARY, NUMBER, numberFacts, type TypedKind } from '../../kinds/table.ts';
import { packedLayout } from '../../layout/packed.ts';
import { fieldPlan } from '../../layout/plan.ts';
import { variantTables } from '../../layout/variants.ts';
import { Gen } from '../../codegen/gen.ts';
import { num, prop, str } from '../../codegen/source.ts';
import { RecordArray } from '../../records/record-array.ts';
import { evolves, writeEvolved } from '../../records/convert.ts';
import type { EnumSchema, FieldDef, Schema, UnionSchema } from '../../schema/types.ts';
import { realLength } from '../../wire/writer.ts';
import { zeroValue } from '../values.ts';
import { at, valueFailer } from './trail.ts';

/** Writes fixed-size blocks, byte-carrying kinds and discriminants. */
export class EncParts extends Gen {
  /** `at(error, segments)`: adds a step's path to an error leaving a generated function. */
  readonly AT = this.arg(at);
  readonly #fail: string;

  constructor(v: number, readonly maxDepth: number) {
    super(v);
    this.#fail = this.arg(valueFailer(v, maxDepth));
  }

  /** A statement failing value `x` of `s` (`miss`: `, src, field` when `x` was read from a field of `src`). */
  fail(s: Schema, x: string, miss = ''): string {
    return `${this.#fail}(${this.arg(s)}, ${x}${miss});`;
  }

  /** The `miss` argument of `fail` for field `def` of an object `src` of type `owner`. */
  missing(src: string, def: FieldDef, owner: string): string {
    return `, ${src}, ${this.arg({ name: def.name, owner })}`;
  }

  /** Emits checks + writes of fixed-size `s` from local `x` at `p + off` through view `v`. */
  emitFixed(s: Schema, x: string, off: number, out: string[], miss = ''): void {
    this.mark(out);
    const n = numberFacts(s.kind), o = `p + ${num(off)}`;
    if (n !== undefined) {
      if (n.big) {
        const b = this.local('b');
        out.push(`let ${b} = ${x}; if (typeof ${b} !== "bigint" || BigInt.as${s.kind === 'u64' ? 'Uint' : 'Int'}N(64, ${b}) !== ${b}) { ${b} = ${this.arg(toBig)}(${str(s.kind)}, ${x}); if (typeof ${b} === "string") ${this.fail(s, x, miss)} }`);
        out.push(`v.set${n.dv}(${o}, ${b}, true);`);
        return;
      }
      out.push(`if (!(${CHECK_EXPR[s.kind]!(x)})) ${this.fail(s, x, miss)}`);
      out.push(n.width === 1 ? `v.set${n.dv}(${o}, ${x});` : `v.set${n.dv}(${o}, ${x}, true);`);
      return;
    }
    switch (s.kind) {
      case 'bool': out.push(`if (${x} === true) v.setUint8(${o}, 1); else if (${x} === false) v.setUint8(${o}, 0); else ${this.fail(s, x, miss)}`); return;
      case 'unit': return;
      case 'canary': out.push(`v.setUint32(${o}, ${num(CANARY)}, true);`); return;
      case 'enum': {
        const d = this.local('d');
        out.push(`const ${d} = ${this.arg(variantTables(s, this.v).byName)}.get(${x}); if (${d} === undefined) ${this.fail(s, x, miss)}`);
        out.push(`v.set${NUMBER[s.size].dv}(${o}, ${d}${s.size === 'u8' ? '' : ', true'});`);
        return;
      }
      case 'array': {
        out.push(`if (!Array.isArray(${x}) || ${x}.length !== ${num(s.length)}) ${this.fail(s, x, miss)}`);
        const size = this.fixedSize(s.item)!;
        for (let i = 0; i < s.length; i++) {
          const y = this.local();
          this.segs.push(num(i));
          this.mark(out);
          out.push(`const ${y} = ${x}[${num(i)}];`);
          this.emitFixed(s.item, y, off + i * size, out);
          this.segs.pop();
        }
        return;
      }
      case 'struct': {
        out.push(`if (typeof ${x} !== "object" || ${x} === null || Array.isArray(${x})) ${this.fail(s, x, miss)}`);
        let o2 = off;
        for (const st of fieldPlan(s.fields, this.v).stored) {
          const y = this.local();
          this.segs.push(str(st.def.name));
          this.mark(out);
          out.push(st.inMemory ? `const ${y} = ${prop(x, st.def.name)};` : `const ${y} = ${this.arg(zeroValue(st.type))};`);
          this.emitFixed(st.type, y, o2, out, st.inMemory ? this.missing(x, st.def, s.name) : '');
          this.segs.pop();
          o2 += this.fixedSize(st.type)!;
        }
        return;
      }
      default: throw new Error(`savepack: cannot compile fixed ${s.kind}`);
    }
  }

  /** Emits the check + write of a compact integer in local `x`; one-byte values are written inline. */
  emitVarint(s: Extract<Schema, { kind: 'uvarint' | 'varint' | 'uvarint64' | 'varint64' }>, x: string, out: string[]): void {
    switch (s.kind) {
      case 'uvarint':
        out.push(`if ((${x} >>> 0) === ${x} && ${x} < 128) { w.reserve(1); w.buf[w.pos++] = ${x}; } else if (Number.isSafeInteger(${x}) && ${x} >= 0) w.uvarint53(${x}); else ${this.fail(s, x)}`);
        return;
      case 'varint':
        // zigzag by arithmetic: a safe integer may not pass through a 32-bit operator.
        out.push(`if ((${x} | 0) === ${x} && ${x} < 64 && ${x} >= -64) { w.reserve(1); w.buf[w.pos++] = ${x} >= 0 ? ${x} * 2 : -${x} * 2 - 1; } else if (Number.isSafeInteger(${x})) w.varint53(${x}); else ${this.fail(s, x)}`);
        return;
      default: {
        const b = this.local('b');
        out.push(`let ${b} = ${x}; if (typeof ${b} !== "bigint" || BigInt.as${s.kind === 'uvarint64' ? 'Uint' : 'Int'}N(64, ${b}) !== ${b}) { ${b} = ${this.arg(toBig)}(${str(s.kind)}, ${x}); if (typeof ${b} === "string") ${this.fail(s, x)} }`);
        out.push(`w.${s.kind}(${b});`);
      }
    }
  }

  /**
   * Emits the items loop of a list of t.uvarint / t.varint in array `x` of `n` items: 32-bit values
   * written as LEB128 inline through a local cursor while 5 bytes fit in the buffer; any other value
   * (larger, not an integer, near the buffer's end) goes through the one-value code of emitVarint.
   */
  emitVarintItems(s: Extract<Schema, { kind: 'uvarint' | 'varint' }>, x: string, n: string, i: string, out: string[]): void {
    const b = this.local('b'), p = this.local('p'), y = this.local('y'), z = this.local('z');
    const fits = s.kind === 'uvarint' ? `(${y} >>> 0) === ${y}` : `(${y} | 0) === ${y}`;
    const zig = s.kind === 'uvarint' ? y : `((${y} << 1) ^ (${y} >> 31)) >>> 0`;
    out.push(`{ let ${b} = w.buf, ${p} = w.pos;`);
    this.loop(out, `for (${i} = 0; ${i} < ${n}; ${i}++) {`, (body) => {
      this.mark(body);
      body.push(`const ${y} = ${x}[${i}];`,
        `if (${fits} && ${p} + 5 <= ${b}.length) { let ${z} = ${zig}; while (${z} >= 128) { ${b}[${p}++] = (${z} & 127) | 128; ${z} >>>= 7; } ${b}[${p}++] = ${z}; }`,
        `else { w.pos = ${p};`);
      this.emitVarint(s, y, body);
      body.push(`${b} = w.buf; ${p} = w.pos; }`);
    }, `} w.pos = ${p}; }`);
  }

  /** Emits checks + writes of a bytes, t.fixed, t.typed or t.records value in local `x`. */
  emitBulk(s: Extract<Schema, { kind: 'bytes' | 'fixed' | 'typed' | 'records' }>, x: string, out: string[]): void {
    const RL = this.arg(realLength);
    if (s.kind === 'fixed') {
      out.push(`if (!(${x} instanceof Uint8Array) || ${RL}(${x}) !== ${num(s.length)}) ${this.fail(s, x)} w.bytes(${x});`);
      return;
    }
    // Bulk counts come from the bytes actually written (a subclass may override `length`).
    if (s.kind === 'bytes') {
      out.push(`if (!(${x} instanceof Uint8Array)) ${this.fail(s, x)} w.varint(${RL}(${x})); w.bytes(${x});`);
      return;
    }
    const u = this.local('u');
    if (s.kind === 'typed') {
      const C = NUMBER[s.element as TypedKind].typed, size = num(C.BYTES_PER_ELEMENT);
      out.push(`if (!(${x} instanceof ${this.arg(C)})) ${this.fail(s, x)} const ${u} = new Uint8Array(${x}.buffer, ${x}.byteOffset, ${x}.byteLength); if (${u}.length % ${size}) ${this.fail(s, x)}`);
      out.push(`w.varint(${u}.length / ${size}); w.align(${size}); w.bytes(${u});`);
      return;
    }
    const l = packedLayout(s.struct), size = num(l.size!);
    out.push(`if (!(${x} instanceof ${this.arg(RecordArray)}) || ${x}.schema !== ${this.arg(s.struct)}) ${this.fail(s, x)} const ${u} = ${x}.bytes; if (${RL}(${u}) % ${size}) ${this.fail(s, x)}`);
    if (evolves(s.struct, this.v)) { out.push(`${this.arg(writeEvolved)}(w, ${this.arg(s.struct)}, ${num(this.v)}, ${x}, true);`); return; } // an older version's layout
    out.push(`w.varint(${RL}(${u}) / ${size}); w.align(${num(l.align!)}); w.bytes(${u});`);
  }

  /** Emits the write of discriminant `d` of `s`. */
  emitTag(s: EnumSchema | UnionSchema, d: number, out: string[]): void {
    const n = NUMBER[s.size];
    out.push(s.size === 'u8' ? `w.reserve(1); w.buf[w.pos++] = ${num(d)};` : `w.reserve(${n.width}); w.view.set${n.dv}(w.pos, ${num(d)}, true); w.pos += ${n.width};`);
  }
}
