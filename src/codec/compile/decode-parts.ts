// Parts of the generated reader that read without walking further: fixed-size blocks (numbers,
// bools, enums, canaries, unrolled arrays and plain structs, one bounds check per block), the
// byte-carrying kinds (bytes, t.typed, t.records: the interpreter's reads, charged the same), and
// the object literal of a struct with its defaults.

import { CANARY, NUMBER, numberFacts, PRIMITIVE_ZERO_KINDS, type TypedKind } from '../../kinds/table.ts';
import { COST, defaultInfo } from '../../layout/cost.ts';
import { packedLayout } from '../../layout/packed.ts';
import { fieldPlan } from '../../layout/plan.ts';
import { variantTables } from '../../layout/variants.ts';
import { Gen } from '../../codegen/gen.ts';
import { key, num, prop, str } from '../../codegen/source.ts';
import { RecordArray } from '../../records/record-array.ts';
import { validateRecords } from '../../records/validate.ts';
import { evolves, readEvolved } from '../../records/convert.ts';
import { copyBytes } from '../../wire/fresh-bytes.ts';
import { mayView } from '../../wire/owned.ts';
import { cachedShortUtf8, SHORT_CACHED_MAX, SHORT_CACHED_MIN, SHORT_CACHED_INPUT } from '../../wire/short-strings.ts';
import { readUtf8 } from '../../wire/utf8.ts';
import type { FieldDef, Schema } from '../../schema/types.ts';
import { chargedDefault } from '../budget.ts';
import { defaultOf, zeroValue } from '../values.ts';
import { at, blockFailer } from './trail.ts';

/** Items of a fixed-size block with their path segments, for the interpreter to re-read on failure. */
export type Block = [Schema, (string | number)[]][];

/** Kinds whose in-memory value holds no pointer to a young object (a number is stored in the object or boxed with it). */
const FLAT: ReadonlySet<string> = new Set(['u8', 'i8', 'u16', 'i16', 'u32', 'i32', 'f32', 'f64', 'bool', 'enum', 'unit', 'uvarint', 'varint']);
/** Inputs past this many bytes (end offset) build objects of FLAT fields as literals, which V8 may pretenure (see `literal`). */
const BIG_INPUT = 2 * 1024 * 1024;

/** Reads fixed-size blocks, byte-carrying kinds and struct literals. */
export class DecParts extends Gen {
  /** `at(error, segments)`: adds a step's path to an error leaving a generated function. */
  readonly AT = this.arg(at);
  readonly #fail = this.arg(blockFailer(this.v));
  readonly UTF8 = this.arg(readUtf8);
  readonly SHORT = this.arg(cachedShortUtf8);
  /**
   * True while emitting code that runs at most once per decode call (the function of a root that
   * is one value, outside loops): strings there skip the short-string cache, whose extra branch
   * cost a lone short string ~15% (W5 string: ~53 -> ~63 ns a call) for little (a frame 'none'
   * payload of one short string is never past SHORT_CACHED_INPUT, so never cached anyway).
   */
  once = false;

  override loop(out: string[], head: string, body: (lines: string[]) => void, tail = '}'): void {
    const once = this.once;
    this.once = false;
    try {
      super.loop(out, head, body, tail);
    } finally {
      this.once = once;
    }
  }

  /** A statement failing the block `items` that starts at payload position `p` (the interpreter names the problem). */
  blockFail(p: string, items: Block): string {
    return `${this.#fail}(r, ${p}, ${this.arg(items)});`;
  }

  /** Emits a bounds check of `size` bytes for block `items`; returns [view local, position local]. */
  block(size: number, items: Block, out: string[]): [string, string] {
    const v = this.local('v'), p = this.local('p');
    out.push(`if (r.end - r.pos < ${num(size)}) ${this.blockFail('r.pos', items)} const ${v} = r.view, ${p} = r.pos; r.pos = ${p} + ${num(size)};`);
    return [v, p];
  }

  /** Emits reads of fixed-size `s` at `p + off` via view `v` (bounds checked for block `items` at `p`); returns its expression. */
  emitFixed(s: Schema, v: string, p: string, off: number, out: string[], items: Block): string {
    const n = numberFacts(s.kind);
    const o = `${p} + ${num(off)}`;
    if (n !== undefined) return n.width === 1 ? `${v}.get${n.dv}(${o})` : `${v}.get${n.dv}(${o}, true)`;
    const x = this.local('x');
    switch (s.kind) {
      case 'bool': out.push(`const ${x} = ${v}.getUint8(${o}); if (${x} > 1) ${this.blockFail(p, items)}`); return `(${x} === 1)`;
      case 'unit': return 'undefined';
      case 'canary': out.push(`if (${v}.getUint32(${o}, true) !== ${num(CANARY)}) ${this.blockFail(p, items)}`); return 'undefined';
      case 'enum': {
        const t = variantTables(s, this.v).byValue;
        const max = Math.max(...t.keys());
        const raw = `${v}.get${NUMBER[s.size].dv}(${o}${s.size === 'u8' ? '' : ', true'})`;
        const dense = max < 4096;
        const table = this.arg(dense ? Array.from({ length: max + 1 }, (_, i) => t.get(i)) : t);
        out.push(dense ? `const ${x} = ${table}[${raw}];` : `const ${x} = ${table}.get(${raw});`);
        out.push(`if (${x} === undefined) ${this.blockFail(p, items)}`);
        return x;
      }
      case 'array': {
        const size = this.fixedSize(s.item)!;
        const parts = Array.from({ length: s.length }, (_, i) => this.emitFixed(s.item, v, p, off + i * size, out, items));
        return `[${parts.join(', ')}]`;
      }
      case 'struct': {
        const plan = fieldPlan(s.fields, this.v);
        const got = new Map<FieldDef, string>();
        let o2 = off;
        for (const st of plan.stored) {
          const e = this.emitFixed(st.type, v, p, o2, out, items);
          o2 += this.fixedSize(st.type)!;
          if (st.inMemory) { const y = this.local('f'); out.push(`const ${y} = ${e};`); got.set(st.def, y); }
        }
        out.push(`const ${x} = ${this.literal(plan.memory, got, undefined)};`);
        return x;
      }
      default: throw new Error(`savepack: cannot compile fixed ${s.kind}`);
    }
  }

  /** Emits the read of a compact integer into local `x`; a one-byte value is read inline. */
  emitVarint(s: Extract<Schema, { kind: 'uvarint' | 'varint' | 'uvarint64' | 'varint64' }>, x: string, out: string[]): void {
    if (s.kind === 'uvarint64' || s.kind === 'varint64') { out.push(`const ${x} = r.${s.kind}();`); return; }
    const c = this.local('c');
    // Past the end, 128 sends the read to the reader, which reports TRUNCATED.
    const one = s.kind === 'uvarint' ? c : `(${c} >>> 1) ^ -(${c} & 1)`;
    out.push(`let ${x}; { const ${c} = r.pos < r.end ? r.buf[r.pos] : 128; if (${c} < 128) { r.pos++; ${x} = ${one}; } else ${x} = r.${s.kind}53(); }`);
  }

  /**
   * Emits `r.count(minSize, itemCost, base)` into local `n`: a count below 128 read inline when
   * it passes every check of `count` (nothing changes otherwise; the reader then reads and fails
   * exactly as the interpreter).
   */
  emitCount(n: string, minSize: number, itemCost: number, base: number, out: string[]): void {
    const c = this.local('c'), k = this.local('k');
    out.push(`let ${n}; { const ${c} = r.pos < r.end ? r.buf[r.pos] : 128, ${k} = ${num(base)} + ${c} * ${num(itemCost)}; if (${c} < r.short && ${c} * ${num(minSize)} <= r.end - r.pos - 1 && ${k} <= r.allocLeft) { r.pos++; r.allocLeft -= ${k}; ${n} = ${c}; } else ${n} = r.count(${num(minSize)}, ${num(itemCost)}, ${num(base)}); }`);
  }

  /**
   * Emits the read of a string into local `x`: a one-byte length and its bytes read inline when
   * they fit and are valid UTF-8 (nothing changes before both hold; strings are paid from the
   * budget's reserve, wire/reader.ts STRING_RESERVE);
   * anything else through `r.string()`, which then reads (and fails) exactly as the interpreter.
   */
  emitString(x: string, out: string[]): void {
    const p = this.local('p'), c = this.local('c');
    const read = this.once ? `${this.UTF8}(r.buf, ${p} + 1, ${c})` : `${c} >= ${SHORT_CACHED_MIN} && ${c} <= ${SHORT_CACHED_MAX} && ${p} + 17 <= r.buf.length && r.buf.length > ${SHORT_CACHED_INPUT} ? ${this.SHORT}(r, ${p} + 1, ${c}) : ${this.UTF8}(r.buf, ${p} + 1, ${c})`;
    out.push(`let ${x}; { const ${p} = r.pos, ${c} = ${p} < r.end ? r.buf[${p}] : 128; if (${c} < r.short && ${c} < r.end - ${p} && (${x} = ${read}) !== undefined) r.pos = ${p} + 1 + ${c}; else ${x} = r.string(); }`);
  }

  /**
   * Emits the items loop of a list of t.uvarint / t.varint into array `x` of `n` items: LEB128 of
   * up to 3 bytes read inline from a local cursor (minimal: a last byte of 0 goes to the reader);
   * anything else (longer, near the end, overlong) goes through the reader's own read.
   */
  emitVarintItems(s: Extract<Schema, { kind: 'uvarint' | 'varint' }>, x: string, n: string, i: string, out: string[]): void {
    const b = this.local('b'), e = this.local('e'), p = this.local('p'), z = this.local('z'), c = this.local('c');
    const val = s.kind === 'uvarint' ? z : `(${z} >>> 1) ^ -(${z} & 1)`;
    out.push(`{ const ${b} = r.buf, ${e} = r.end - 2; let ${p} = r.pos, ${c} = 0;`);
    this.loop(out, `for (${i} = 0; ${i} < ${n}; ${i}++) {`, (body) => {
      this.mark(body);
      body.push(`let ${z} = ${p} < ${e} ? ${b}[${p}] : 256;`,
        `if (${z} < 128) ${p}++;`,
        `else if (${z} < 256 && (${c} = ${b}[${p} + 1]) < 128 && ${c} !== 0) { ${z} = (${z} & 127) | (${c} << 7); ${p} += 2; }`,
        `else if (${z} < 256 && ${c} >= 128 && (${z} = (${z} & 127) | ((${c} & 127) << 7) | ((${c} = ${b}[${p} + 2]) << 14), ${c} < 128 && ${c} !== 0)) ${p} += 3;`,
        `else { r.pos = ${p}; ${x}[${i}] = r.${s.kind}53(); ${p} = r.pos; continue; }`,
        `${x}[${i}] = ${val};`);
    }, `} r.pos = ${p}; }`);
  }

  /**
   * Emits the read of a bytes, t.fixed, t.typed or t.records value into local `x` (exactly the
   * interpreter's reads and charges). Typed arrays and records are views when `views: true` or
   * when the input is a buffer savepack owns (wire/owned.ts), else copies; bytes and t.fixed are
   * views when `views: true`, else copies.
   */
  emitBulk(s: Extract<Schema, { kind: 'bytes' | 'fixed' | 'typed' | 'records' }>, x: string, out: string[]): void {
    if (s.kind === 'fixed') {
      out.push(`r.need(${num(s.length)}); const ${x} = r.views ? r.buf.subarray(r.pos, r.pos + ${num(s.length)}) : ${this.arg(copyBytes)}(r.buf, r.pos, r.pos + ${num(s.length)}); r.pos += ${num(s.length)};`);
      return;
    }
    const n = this.local('n');
    if (s.kind === 'bytes') {
      out.push(`const ${n} = r.count(1, 1, ${num(COST.VIEW)}); const ${x} = r.views ? r.buf.subarray(r.pos, r.pos + ${n}) : ${this.arg(copyBytes)}(r.buf, r.pos, r.pos + ${n}); r.pos += ${n};`);
      return;
    }
    if (s.kind === 'typed') {
      const C = NUMBER[s.element as TypedKind].typed, size = num(C.BYTES_PER_ELEMENT), c = this.arg(C), a = this.local('a'), m = this.local('m');
      out.push(`const ${n} = r.count(${size}, ${size}, ${num(COST.VIEW)}); r.align(${size}); r.need(${n} * ${size}); const ${a} = r.pos; r.pos += ${n} * ${size};`);
      // A view into the input when allowed and aligned in memory; else one copy (the safe default).
      out.push(`const ${m} = r.buf.byteOffset + ${a}; const ${x} = (r.views || ${this.arg(mayView)}(r.buf, ${n} * ${size})) && ${m} % ${size} === 0 ? new ${c}(r.buf.buffer, ${m}, ${n}) : ${n} === 0 ? new ${c}(0) : new ${c}(${this.arg(copyBytes)}(r.buf, ${a}, ${a} + ${n} * ${size}).buffer);`);
      return;
    }
    if (evolves(s.struct, this.v)) { out.push(`const ${x} = ${this.arg(readEvolved)}(r, ${this.arg(s.struct)}, ${num(this.v)}, true);`); return; } // another version's layout
    const l = packedLayout(s.struct), size = num(l.size!), st = this.arg(s.struct), RA = this.arg(RecordArray), b = this.local('b');
    out.push(`const ${n} = r.count(${size}, ${size}, ${num(COST.RECORDS)}); r.align(${num(l.align!)}); let ${x};`);
    out.push(`if (${n} === 0 && !r.views) ${x} = new ${RA}(${st}, 0); else { r.need(${n} * ${size}); const ${b} = r.views || ${this.arg(mayView)}(r.buf, ${n} * ${size}) ? r.buf.subarray(r.pos, r.pos + ${n} * ${size}) : ${this.arg(copyBytes)}(r.buf, r.pos, r.pos + ${n} * ${size});`);
    out.push(`${this.arg(validateRecords)}(${st}, ${b}, ${n}, ${size}); r.pos += ${n} * ${size}; ${x} = ${RA}.fromBytes(${st}, ${b}); }`);
  }

  /**
   * A new object of the in-memory fields, in declared order; absent fields get their defaults.
   * V8 may pretenure an object literal's allocation site (when a GC lands while a decode's objects
   * are all still live: it measures survival in unoptimized code, on the decode in flight). For a
   * decode whose result outlives several young-generation GCs (W1, 1M `{x, y}` from 8 MB) that
   * helps: ~110 ms a call pretenured, ~200 ms not. For a decode of a few MB it hurts: the objects
   * die in old space, and an object pointing at young strings or arrays makes every store an
   * old-to-new write (W3 decode 2 ms -> 5-6 ms in half the processes). So objects are built by a
   * constructor generated per shape (prototype Object.prototype: the same plain object; `new` has
   * no allocation site), except objects of only numbers, bools and enum names when the input is
   * past BIG_INPUT: those stay literals. Names that are properties of Object.prototype
   * (`__proto__`, `toString`, ...) always keep the literal: assignment would hit them.
   */
  literal(memory: readonly FieldDef[], got: Map<FieldDef, string>, tag: [string, string] | undefined): string {
    const names = tag ? [tag[0]] : [];
    const vals = tag ? [str(tag[1])] : [];
    for (const f of memory) {
      names.push(f.name);
      vals.push(got.get(f) ?? this.defaultExpr(f));
    }
    const lit = `{${names.map((n, i) => `${key(n)}: ${vals[i]}`).join(', ')}}`;
    if (names.length === 0 || names.some((n) => n in Object.prototype)) return lit;
    const c = this.local('C');
    this.fns.push(`function ${c}(${names.map((_, i) => `a${i}`).join(', ')}) { ${names.map((n, i) => `${prop('this', n)} = a${i};`).join(' ')} }\n${c}.prototype = Object.prototype;`);
    const made = `new ${c}(${vals.join(', ')})`;
    // One branch runs: each value expression is evaluated once, in order.
    return memory.every((f) => FLAT.has(f.schema.kind)) ? `(r.end > ${num(BIG_INPUT)} ? ${lit} : ${made})` : made;
  }

  defaultExpr(f: FieldDef): string {
    // A default function ran: what it built is measured and charged (budget.ts).
    if (defaultInfo(f).dynamic) return `${this.arg(chargedDefault)}(r, ${this.arg(f)}, ${num(this.v)})`;
    if (f.hasDefault) {
      // A function, or an object that each decode gets its own copy of (defaultOf clones it).
      if (typeof f.default === 'function' || (typeof f.default === 'object' && f.default !== null)) return `${this.arg(() => defaultOf(f, this.v))}()`;
      return this.arg(f.default);
    }
    // Primitive zero values are constants; any other is built per decode (it may hold defaults).
    if (PRIMITIVE_ZERO_KINDS.has(f.schema.kind)) return this.arg(zeroValue(f.schema));
    return `${this.arg(zeroValue)}(${this.arg(f.schema)}, 0, ${num(this.v)})`;
  }
}
