// Records that evolve, on the wire: loading records stored at an older data version converts them
// all into the in-memory layout in one pass over the bytes (validated in their stored layout by
// the kernels first), and writing an older version converts the RecordArray's bytes into that
// version's layout straight into the output. No object is made per record. Each (struct, version,
// direction) gets one generated function; where code generation is off, the same plan runs
// interpreted (same bytes, same errors).

import { SavepackError } from '../errors.ts';
import { COST } from '../layout/cost.ts';
import { packedLayout } from '../layout/packed.ts';
import { perVersion } from '../layout/memo.ts';
import { Gen } from '../codegen/gen.ts';
import { num } from '../codegen/source.ts';
import { numberProblem } from '../kinds/checks.ts';
import { NUMBER, type TypedKind } from '../kinds/table.ts';
import type { StructSchema } from '../schema/types.ts';
import type { Reader } from '../wire/reader.ts';
import { realLength, type Writer } from '../wire/writer.ts';
import { convertPlan, type ConvOp, type ConvertPlan } from './convert-plan.ts';
import { RecordArray } from './record-array.ts';
import { templateIsDynamic, templateOf } from './template.ts';
import { validateRecords } from './validate.ts';

export { evolves } from './convert-plan.ts';

/** Converts `n` records from `src` at `sp` into `dst` at `dp`; `tpl` is the template record. */
type Runner = (src: DataView, sp: number, dst: DataView, dp: number, n: number, tpl: DataView) => void;

const facts = (kind: string) => NUMBER[kind as TypedKind];

/** INVALID_VALUE: record `i`'s value `x` does not fit the narrower type its field had at that version (as ordinary structs report it). */
function narrowFail(op: ConvOp, i: number, x: number | bigint): never {
  const field = op.leaf.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${p}`)).join('');
  throw new SavepackError('INVALID_VALUE', `record ${i}: ${x} does not fit ${op.toKind}, the type of field '${field.slice(1)}' in that version`, `[${i}]${field}`);
}

/** Source of the check that value `x` (read as op.fromKind) fits op.toKind, or '' when it always does. */
function fitsExpr(op: ConvOp, x: string): string {
  const from = facts(op.fromKind), to = facts(op.toKind);
  if (op.toKind === 'f64' || (op.toKind === 'f32' && !from.big && from.int) || (to.big && !from.big)) return '';
  if (from.big) return `${x} >= ${String(to.min)}n && ${x} <= ${String(to.max)}n`;
  if (op.toKind === 'f32') return `!(${x} === ${x} && ${x} !== Infinity && ${x} !== -Infinity && (Math.fround(${x}) === Infinity || Math.fround(${x}) === -Infinity))`;
  const range = `${x} >= ${num(to.min as number)} && ${x} <= ${num(to.max as number)}`;
  return from.int ? range : `Number.isInteger(${x}) && ${range}`;
}

/** Source of one conversion step: read, check, write. */
function convLines(g: Gen, op: ConvOp, check: boolean): string[] {
  const from = facts(op.fromKind), to = facts(op.toKind), x = g.local('x');
  const out = [`const ${x} = src.get${from.dv}(sp + ${num(op.from)}, true);`];
  const fits = check ? fitsExpr(op, x) : ''; // widening (load) always fits
  if (fits) out.push(`if (!(${fits})) ${g.arg(narrowFail)}(${g.arg(op)}, i, ${x});`);
  if (to.big && !from.big) {
    // A widening into 64 bits: two 32-bit words, no BigInt per record.
    out.push(`dst.setInt32(dp + ${num(op.to)}, ${x}, true); dst.setInt32(dp + ${num(op.to + 4)}, ${x} < 0 ? -1 : 0, true);`);
  } else out.push(`dst.set${to.dv}(dp + ${num(op.to)}, ${from.big && !to.big ? `Number(${x})` : x}, true);`);
  return out;
}

/** Source of copying `len` bytes of a record, in 4-, 2- and 1-byte words (exact bits, NaNs included). */
function words(len: number, emit: (off: number, dv: string) => void): void {
  let o = 0;
  for (; o + 4 <= len; o += 4) emit(o, 'Uint32');
  for (; o + 2 <= len; o += 2) emit(o, 'Uint16');
  for (; o < len; o++) emit(o, 'Uint8');
}

function compile(plan: ConvertPlan): Runner {
  const g = new Gen(plan.version);
  const head: string[] = [], body: string[] = [];
  const fresh = plan.dir === 'load'; // a new zeroed buffer: zero template bytes need no store
  const tpl = templateIsDynamic(plan) ? undefined : new DataView(templateOf(plan).buffer);
  plan.ops.forEach((op) => {
    if (op.k === 'copy') words(op.len, (o, dv) => body.push(`dst.set${dv}(dp + ${num(op.to + o)}, src.get${dv}(sp + ${num(op.from + o)}, true), true);`));
    else if (op.k === 'conv') body.push(...convLines(g, op, plan.dir === 'save'));
    else {
      words(op.len, (o, dv) => {
        const at = op.to + o;
        if (tpl) {
          const c = (tpl as any)[`get${dv}`](at, true) as number;
          if (c !== 0 || !fresh) body.push(`dst.set${dv}(dp + ${num(at)}, ${num(c)}, true);`);
        } else {
          const c = g.local('c');
          head.push(`const ${c} = tpl.get${dv}(${num(at)}, true);`);
          body.push(`dst.set${dv}(dp + ${num(at)}, ${c}, true);`);
        }
      });
    }
  });
  return g.build<Runner>(`function (src, sp, dst, dp, n, tpl) {
  ${head.join('\n  ')}
  for (let i = 0; i < n; i++, sp += ${num(plan.fromSize)}, dp += ${num(plan.toSize)}) {
    ${body.join('\n    ')}
  }
}`);
}

/** The interpreted equivalent of {@link compile}: the same words copied and filled from tables, conversions as closures. */
function interpret(plan: ConvertPlan): Runner {
  const check = plan.dir === 'save', fresh = plan.dir === 'load';
  type Conv = (src: DataView, sp: number, dst: DataView, dp: number, i: number) => void;
  const cf: number[] = [], ct: number[] = [], cw: number[] = []; // copied words: from, to, width
  const ft: number[] = [], fw: number[] = []; // filled words: to, width
  const convs: Conv[] = [];
  const width = (dv: string) => (dv === 'Uint32' ? 4 : dv === 'Uint16' ? 2 : 1);
  for (const op of plan.ops) {
    if (op.k === 'copy') words(op.len, (o, dv) => { cf.push(op.from + o); ct.push(op.to + o); cw.push(width(dv)); });
    else if (op.k === 'fill') words(op.len, (o, dv) => { ft.push(op.to + o); fw.push(width(dv)); });
    else {
      const from = facts(op.fromKind), to = facts(op.toKind);
      convs.push((src, sp, dst, dp, i) => {
        const x = from.get(src, sp + op.from);
        if (check && !fits(op, x)) narrowFail(op, i, x);
        to.set(dst, dp + op.to, to.big ? BigInt(x) : Number(x));
      });
    }
  }
  const get = (d: DataView, at: number, w: number) => (w === 4 ? d.getUint32(at, true) : w === 2 ? d.getUint16(at, true) : d.getUint8(at));
  const set = (d: DataView, at: number, w: number, x: number) => (w === 4 ? d.setUint32(at, x, true) : w === 2 ? d.setUint16(at, x, true) : d.setUint8(at, x));
  return (src, sp, dst, dp, n, tpl) => {
    // The template's words, read once per call; zero ones need no store in a fresh buffer.
    const fills = ft.map((at, k) => ({ at, w: fw[k]!, x: get(tpl, at, fw[k]!) })).filter((f) => f.x !== 0 || !fresh);
    for (let i = 0; i < n; i++, sp += plan.fromSize, dp += plan.toSize) {
      for (let k = 0; k < cf.length; k++) set(dst, dp + ct[k]!, cw[k]!, get(src, sp + cf[k]!, cw[k]!));
      for (let k = 0; k < fills.length; k++) set(dst, dp + fills[k]!.at, fills[k]!.w, fills[k]!.x);
      for (let k = 0; k < convs.length; k++) convs[k]!(src, sp, dst, dp, i);
    }
  };
}

/** Whether value `x` (read as op.fromKind) fits op.toKind: {@link fitsExpr}, interpreted. */
function fits(op: ConvOp, x: number | bigint): boolean {
  const to = facts(op.toKind);
  if (typeof x === 'bigint') return to.big || (x >= BigInt(to.min) && x <= BigInt(to.max));
  // A number into a 64-bit kind always fits; otherwise encode's own check of the narrower kind.
  return to.big || numberProblem(op.toKind, x) === undefined;
}

const compiled = perVersion((plan: ConvertPlan, _v: number) => compile(plan));
const interpreted = perVersion((plan: ConvertPlan, _v: number) => interpret(plan));

function run(plan: ConvertPlan, gen: boolean, src: DataView, sp: number, dst: DataView, dp: number, n: number): void {
  const tpl = templateOf(plan);
  (gen ? compiled(plan, 0) : interpreted(plan, 0))(src, sp, dst, dp, n, new DataView(tpl.buffer, tpl.byteOffset, tpl.byteLength));
}

/**
 * Reads a t.records value of `s` stored at version `v` (in a layout other than memory's) from `r`:
 * the count, padding and bytes are checked as for any records, the records are validated in their
 * stored layout, then converted into a new RecordArray in one pass (`gen`: generated code).
 */
export function readEvolved(r: Reader, s: StructSchema, v: number, gen: boolean): RecordArray {
  const plan = convertPlan(s, v, 'load');
  const from = packedLayout(s, v) as { readonly size: number; readonly align: number };
  const n = r.count(from.size, plan.toSize, COST.RECORDS);
  r.align(from.align);
  if (n === 0) return new RecordArray(s, 0);
  r.need(n * from.size);
  validateRecords(s, r.buf.subarray(r.pos, r.pos + n * from.size), n, from.size, v);
  const out = new Uint8Array(n * plan.toSize);
  run(plan, gen, r.view, r.pos, new DataView(out.buffer), 0, n);
  r.pos += n * from.size;
  return RecordArray.fromBytes(s, out);
}

/** Writes RecordArray `x` of `s` as a t.records value stored at version `v` (another layout than memory's): count, padding, converted records. */
export function writeEvolved(w: Writer, s: StructSchema, v: number, x: RecordArray, gen: boolean): void {
  const plan = convertPlan(s, v, 'save');
  const to = packedLayout(s, v) as { readonly size: number; readonly align: number };
  const b = x.bytes, len = realLength(b);
  if (len % plan.fromSize) throw new SavepackError('INVALID_VALUE', `RecordArray bytes of ${len} bytes are not whole records of ${plan.fromSize} bytes`);
  const n = len / plan.fromSize;
  w.varint(n); w.align(to.align);
  w.reserve(n * to.size);
  run(plan, gen, new DataView(b.buffer, b.byteOffset, len), 0, w.view, w.pos, n);
  w.pos += n * to.size;
}
