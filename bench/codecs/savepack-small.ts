// savepack's rows for W5 (small messages) and W6 (a vector of {i32, f64, f64} structs).
//
// W5 uses the bare payload, `frame: 'none'`, and the compact integers `t.varint` (zigzag, signed
// values, like Avro's int) and `t.uvarint` (non-negative values, like protobuf's uint32) when
// src/ has them (API.md sections 8 and 9; feature-detected, see `detectModes`); otherwise it
// falls back to `schemaHeader: false, checksum: false` and fixed-width integers (i32, u32, u8,
// u64). `w5Mode` says which ran. Schemas (V = varints available):
//   int: V ? varint : i32 · double: f64 · string · enum: Color (u8) · blob: bytes
//   union: bench.Value { null: unit | int: { value: V ? varint : i32 } | string: { value: string } }
//   record: bench.User { id, age, zip: V ? uvarint : u32/u8/u32; createdAt: V ? uvarint : u64; ... }
//   ints: bench.Samples { id: V ? uvarint : u32, values: vec<V ? varint : i32> }
// Rows: `savepack` (encode returns a fresh Uint8Array) and `savepack encodeInto` (writes into one
// reused buffer, `codec.encodeInto`, timed alone; its encode for the round trip check is a view
// of that buffer). Normalisations: the union decodes to `{ kind, value }` (its input is given in
// that form, made outside timing) and is compared as the plain value; in the fallback, the u64
// createdAt decodes to a bigint, compared as its Number. The blob is decoded with savepack's
// default (a copy, never aliasing the input), like avsc and msgpackr; protobufjs and cbor-x hand
// out a view of the input instead (measured by the probe in run.ts's notes).
//
// W6: bench.Cloud { points: vec<bench.Point { x: i32, y: f64, z: f64 }> } with the default file
// frame (schema header + XXH64), plus a `frame: 'none'` row when available. Point is not
// packed-eligible (4 bytes of padding after x), so there is no `t.records` row; if it ever were,
// a `savepack (records)` row would be added.

import type * as Savepack from '../../src/index.ts';
import type { CodecOptions, Schema } from '../../src/index.ts';
import { COLORS, ROLES, type Cloud, type Row, type User, type W5Data } from '../types.ts';

type SP = typeof Savepack;

/** The compact-integer builders of API.md section 9 (present once src/ has them). */
interface Varints { uvarint: Schema; varint: Schema; uvarint64: Schema; varint64: Schema; fixed(n: number): Schema }

/** A codec seen through what the bench calls. */
interface AnyCodec {
  encode(v: unknown): Uint8Array;
  decode(b: Uint8Array): unknown;
  encodeInto?(v: unknown, target: Uint8Array, opts?: { offset?: number }): number;
}

/** What the running src/ offers for W5. */
export interface Modes { varints: boolean; frameNone: boolean; encodeInto: boolean }

/** Feature detection: `'uvarint' in t`, and whether a `frame: 'none'` codec writes a bare payload. */
export function detectModes(sp: SP): Modes {
  const { t, codec } = sp;
  let frameNone = false;
  let encodeInto = false;
  try {
    const c = codec(t.struct('bench.Probe', { a: t.u8 }), { version: 0, frame: 'none' } as CodecOptions) as unknown as AnyCodec;
    const b = c.encode({ a: 7 });
    frameNone = b.length === 1 && b[0] === 7 && (c.decode(b) as { a: number }).a === 7;
    encodeInto = typeof c.encodeInto === 'function';
  } catch {
    frameNone = false;
  }
  if (!encodeInto) encodeInto = typeof (codec(t.u8, { version: 0 }) as unknown as AnyCodec).encodeInto === 'function';
  return { varints: 'uvarint' in t && 'varint' in t, frameNone, encodeInto };
}

/** One line saying which W5 mode runs. */
export function w5Mode(m: Modes): string {
  const frame = m.frameNone ? "`frame: 'none'` (bare payload)" : "`schemaHeader: false, checksum: false` (`frame: 'none'` not available yet: the 32-byte header is still written)";
  const ints = m.varints ? 'varint integers (`t.varint`, `t.uvarint`)' : 'fixed-width integers (`t.uvarint`/`t.varint` not available yet)';
  return `W5 savepack mode: ${frame}, ${ints}; ${m.encodeInto ? '`savepack encodeInto` row into a reused buffer' : 'no `codec.encodeInto`: no encodeInto row'}.`;
}

/** The message schemas (and how each message's input and decoded form differ from the canonical one). */
function messageSchema(sp: SP, m: Modes, data: W5Data): { schema: Schema; input: unknown; normalize?: (d: unknown) => unknown } {
  const { t } = sp;
  const V = m.varints ? (t as unknown as Varints) : undefined;
  const sint = V ? V.varint : t.i32;
  switch (data.message) {
    case 'int': return { schema: sint, input: data.value };
    case 'double': return { schema: t.f64, input: data.value };
    case 'string': return { schema: t.string, input: data.value };
    case 'enum': return { schema: t.enum('bench.Color', [...COLORS]), input: data.value };
    case 'blob': return { schema: t.bytes, input: data.value };
    case 'union': {
      const v = data.value;
      const input = v === null ? { kind: 'null' } : typeof v === 'number' ? { kind: 'int', value: v } : { kind: 'string', value: v };
      const normalize = (d: unknown) => ((d as { kind: string }).kind === 'null' ? null : (d as { value: unknown }).value);
      return { schema: t.union('bench.Value', { null: t.unit, int: { value: sint }, string: { value: t.string } }), input, normalize };
    }
    case 'record': {
      const Address = t.struct('bench.Address', { street: t.string, city: t.string, zip: V ? V.uvarint : t.u32 });
      const schema = t.struct('bench.User', {
        id: V ? V.uvarint : t.u32, name: t.string, email: t.string, age: V ? V.uvarint : t.u8, score: t.f64, active: t.bool,
        role: t.enum('bench.Role', [...ROLES]), address: Address, createdAt: V ? V.uvarint : t.u64, country: t.string,
      });
      const normalize = V ? undefined : (d: unknown) => ({ ...(d as User), createdAt: Number((d as { createdAt: bigint }).createdAt) });
      return { schema, input: data.value, ...(normalize ? { normalize } : {}) };
    }
    case 'ints': return { schema: t.struct('bench.Samples', { id: V ? V.uvarint : t.u32, values: t.vec(sint) }), input: data.value };
  }
}

/** savepack's rows for a W5 message. */
export function savepackMessageRows(sp: SP, m: Modes, data: W5Data): Row[] {
  const s = messageSchema(sp, m, data);
  const opts = { version: 0, ...(m.frameNone ? { frame: 'none' } : { schemaHeader: false, checksum: false }) };
  const c = sp.codec(s.schema, opts as CodecOptions) as unknown as AnyCodec;
  const input = s.input;
  const normalize = s.normalize ? { normalize: s.normalize } : {};
  const frame = m.frameNone ? "frame: 'none'" : 'no header, no checksum';
  const note = `${frame}${m.varints ? ', varints' : ', fixed-width ints'}`;
  const rows: Row[] = [{ name: 'savepack', role: 'savepack', encode: () => c.encode(input), decode: (b) => c.decode(b), ...normalize, note }];
  if (m.encodeInto && c.encodeInto) {
    const into = c.encodeInto.bind(c);
    const buf = new Uint8Array(1 << 16);
    rows.push({
      name: 'savepack encodeInto',
      role: 'savepack',
      encode: () => buf.subarray(0, into(input, buf)),
      encodeTimed: () => into(input, buf),
      decode: (b) => c.decode(b),
      timeDecode: false,
      ...normalize,
      note: `${note}; encodeInto a reused 64 KiB buffer (decode: the savepack row's, not timed again)`,
    });
  }
  return rows;
}

/** W6's Point and whether it could take the packed path (it cannot: padding after the i32). */
export function w6Plan(sp: SP): { eligible: boolean; line: string } {
  const { t, layout } = sp;
  const l = layout(t.struct('bench.Point', { x: t.i32, y: t.f64, z: t.f64 }));
  return l.packed
    ? { eligible: true, line: 'W6: bench.Point is packed-eligible: savepack also runs a `t.records(Point)` row.' }
    : { eligible: false, line: `W6: bench.Point {x: i32, y: f64, z: f64} is not packed-eligible (${l.reason ?? 'no reason given'}), so savepack uses the \`t.vec(Point)\` path; no \`t.records\` row.` };
}

/** savepack's rows for W6. */
export function savepackCloudRows(sp: SP, m: Modes, value: Cloud): Row[] {
  const { t, codec, RecordArray } = sp;
  const Point = t.struct('bench.Point', { x: t.i32, y: t.f64, z: t.f64 });
  const Cloud = t.struct('bench.Cloud', { points: t.vec(Point) });
  const row = (name: string, c: AnyCodec, input: unknown, extra: Partial<Row> = {}): Row => ({
    name, role: 'savepack', encode: () => c.encode(input), decode: (b) => c.decode(b), ...extra,
  });
  const rows = [row('savepack', codec(Cloud, { version: 0 }) as unknown as AnyCodec, value, { note: 'defaults: schema header + XXH64 checksum; t.vec(Point)' })];
  if (m.frameNone) rows.push(row('savepack (frame none)', codec(Cloud, { version: 0, frame: 'none' } as CodecOptions) as unknown as AnyCodec, value, { note: "frame: 'none'; t.vec(Point)" }));
  if (w6Plan(sp).eligible) {
    const Packed = t.struct('bench.CloudPacked', { points: t.records(Point) });
    const input = { points: RecordArray.from(Point, value.points) };
    rows.push(row('savepack (records)', codec(Packed, { version: 0 }) as unknown as AnyCodec, input, {
      normalize: (d) => ({ points: (d as { points: { toArray(): unknown[] } }).points.toArray() }),
      note: 't.records(Point), defaults',
    }));
  }
  return rows;
}
