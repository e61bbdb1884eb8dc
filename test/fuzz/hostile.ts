// Targeted mutators: hostile schema sections built from the format's grammar (FORMAT.md "Schema
// section": huge counts, deep nesting, references pointing far out, ~100k-field structs, names
// with fixed-up lengths, edits with the section length fixed up), and header length fields set
// near 2^31 and 2^32, where 32-bit offset arithmetic wraps.

import { build, HEADER, parse, reseal, type Parts } from './container.ts';
import { editBytes, hex, varint, type Mutated } from './mutate.ts';
import type { Rng } from './rng.ts';

const T = { bool: 0x01, u8: 0x02, u32: 0x04, string: 0x0c, array: 0x10, vec: 0x11, option: 0x12, tuple: 0x13, map: 0x14, struct: 0x15, enum: 0x16, union: 0x17, typed: 0x18, records: 0x19, ref: 0x1a, custom: 0x1b } as const;
const FLAG_SCHEMA = 1, FLAG_CHECKSUM = 2, DEFLATE = 4;

/** Counts a reader must not trust: u32 extremes, 2^31 ± a little, more than the section holds. */
function hugeCount(rng: Rng, room: number): number {
  return rng.pick([0xffffffff, 0xfffffffe, 2 ** 31, 2 ** 31 - 1, 2 ** 31 + rng.range(1, 16), 2 ** 28, 65536, room + 1, room * 2 + 1, 2 ** 32 + rng.range(0, 16)]);
}

const str = (s: string): number[] => {
  const b = [...new TextEncoder().encode(s)];
  return [...varint(b.length), ...b];
};

/** Names a reader must treat as data (escaped in messages, never keys on a prototype). */
function hostileName(rng: Rng): number[] {
  const k = rng.int(8);
  if (k === 0) return str('__proto__');
  if (k === 1) return str('a\u0000b\u001b[31m\r\n');
  if (k === 2) return str('x'.repeat(rng.pick([255, 4096, 65536])));
  if (k === 3) return [0x04, 0xff, 0xfe, 0xc0, 0x80]; // invalid UTF-8, correct length
  if (k === 4) return [...varint(0xffffffff), 0x61]; // length far past the end
  if (k === 5) return str('constructor');
  if (k === 6) return str('"); throw 1; ("');
  return str('');
}

/** A struct of `n` fields (each a 1-byte name and a bool): the ~100k-field case is ~300 KB. */
function wideStruct(n: number): Uint8Array {
  const head = [T.struct, ...str('fz.Wide'), ...varint(n)];
  const out = new Uint8Array(head.length + n * 3);
  out.set(head);
  for (let i = 0, at = head.length; i < n; i++, at += 3) {
    out[at] = 1;
    out[at + 1] = 0x61 + (i % 26);
    out[at + 2] = T.bool;
  }
  return out;
}

/** `depth` nested wrappers of one kind around a bool. */
function deep(rng: Rng, depth: number): number[] {
  const kind = rng.int(5);
  const out: number[] = [];
  for (let i = 0; i < depth; i++) {
    if (kind === 0) out.push(T.vec);
    else if (kind === 1) out.push(T.option);
    else if (kind === 2) out.push(T.array, 1);
    else if (kind === 3) out.push(T.tuple, 1);
    else out.push(T.struct, 1, 0x73, 1, 1, 0x66); // struct "s" { f: ... }
  }
  out.push(T.bool);
  return out;
}

/** One hostile type fragment; `note` gets its description. */
function fragment(rng: Rng, note: string[]): number[] {
  const room = 64;
  const k = rng.int(12);
  const n = hugeCount(rng, room);
  const v = varint(n);
  switch (k) {
    case 0: note.push(`struct-count=${n}`); return [T.struct, ...str('fz.S'), ...v, ...str('a'), T.bool];
    case 1: note.push(`tuple-count=${n}`); return [T.tuple, ...v, T.u8, T.u8];
    case 2: note.push(`array-len=${n}`); return [T.array, ...v, T.u32];
    case 3: note.push(`enum-count=${n}`); return [T.enum, ...str('fz.E'), 0, ...v, ...str('a'), 0];
    case 4: note.push(`union-count=${n}`); return [T.union, ...str('fz.U'), 0, ...v, ...str('A'), 0, 1, ...v, ...str('x'), T.u8];
    case 5: {
      const r = rng.pick([1, 2, 255, 256, 0x7fffffff, 0xffffffff, n]);
      note.push(`ref=${r}`);
      return [T.struct, ...str('fz.R'), 1, ...str('self'), T.vec, T.ref, ...varint(r)];
    }
    case 6: {
      const d = rng.pick([300, 1000, 10_000, rng.chance(0.2) ? 100_000 : 3000]);
      note.push(`deep${d}`);
      return deep(rng, d);
    }
    case 7: note.push('hostile-name'); return [T.struct, ...hostileName(rng), 1, ...hostileName(rng), T.u8];
    case 8: note.push('hostile-enum-size'); return [T.enum, ...str('fz.E'), rng.pick([3, 0xff]), 1, ...str('a'), 0];
    case 9: note.push('typed-kind'); return [T.typed, rng.pick([10, 0x7f, 0xff])];
    case 10: note.push('records-of-nonstruct'); return [T.records, rng.pick([T.u8, T.vec, T.ref]), 0];
    default: note.push(`unknown-tag`); return [rng.pick([0x00, 0x1c, 0x7f, 0x80, 0xff])];
  }
}

/** A hostile schema section for file parts `p` (the header's section length is fixed up by build). */
export function hostileSchema(rng: Rng, p: Parts): { schema: Uint8Array; how: string } {
  const note: string[] = [];
  const flags = { large: false };
  const r = rng.int(100);
  let schema: Uint8Array;
  if (r < 1 && rng.chance(0.3)) {
    // (rare: each is a few hundred KB and, before the schema section is bounded, slow to decode)
    const n = rng.pick([20_000, 65_536, 100_000, 123_000, 131_072]);
    schema = wideStruct(n);
    note.push(`wide-struct(${n} fields, ${schema.length} bytes)`);
    if (rng.chance(0.5)) {
      schema[schema.length - 1] = T.ref; // the last field a reference past the end
      note.push('last-field-truncated');
    }
  } else if (r < 40) {
    // The valid section with one hostile fragment spliced in at a random offset (or replacing it all).
    const frag = Uint8Array.from(fragment(rng, note));
    const at = rng.chance(0.3) ? 0 : rng.int(p.schema.length + 1);
    const cut = at === 0 && rng.chance(0.5) ? p.schema.length : rng.int(4);
    schema = new Uint8Array(p.schema.length - Math.min(cut, p.schema.length - at) + frag.length);
    schema.set(p.schema.subarray(0, at));
    schema.set(frag, at);
    schema.set(p.schema.subarray(Math.min(at + cut, p.schema.length)), at + frag.length);
    note.push(`@${at}-${cut}`);
  } else if (r < 55 && p.schema[0] === T.struct) {
    // The top struct's name replaced, its length prefix fixed up.
    let at = 1, len = 0, shift = 0;
    for (; at < p.schema.length; shift += 7) {
      const b = p.schema[at++]!;
      len += (b & 0x7f) * 2 ** shift;
      if (b < 0x80) break;
    }
    const name = hostileName(rng);
    schema = Uint8Array.from([T.struct, ...name, ...p.schema.subarray(at + len)]);
    note.push(`top-name=${hex(name.slice(0, 12))}`);
  } else {
    // Byte edits (flips, inserts, deletes, huge varints); the section length is fixed up.
    schema = editBytes(rng, p.schema, note, flags);
  }
  return { schema, how: `schema+: ${note.join(' ')}` };
}

/** Builds the file for a hostile schema section (schema flag on, checksum sometimes toggled). */
export function withSchema(rng: Rng, p: Parts, schema: Uint8Array): Uint8Array {
  let flags = p.flags | FLAG_SCHEMA;
  if (rng.chance(0.2)) flags ^= FLAG_CHECKSUM;
  return build({ ...p, flags, schema });
}

/** Values near 2^31 and 2^32 (±0..16), and ones that make 32 + S wrap there (S = 2^k - 32 ± d). */
function nearWrap(rng: Rng): number {
  const d = rng.range(-16, 16);
  const around = rng.pick([2 ** 31, 2 ** 32, 2 ** 31 - HEADER, 2 ** 32 - HEADER, 2 ** 32 - HEADER - 8]);
  return ((around + d) % 2 ** 32 + 2 ** 32) % 2 ** 32;
}

/** The header's S, P and R set near 2^31 / 2^32, with and without the checksum flag; the file sometimes cut to a few bytes past the header. */
export function headerEdge(rng: Rng, base: Uint8Array): { bytes: Uint8Array; how: string } {
  const note: string[] = [];
  // Cut to the header and a few bytes, or to the header and the schema section (which the reader
  // compares against its own: with a huge S it sees the rest of the file), or kept whole.
  const own = new DataView(base.buffer, base.byteOffset, base.byteLength).getUint32(16, true);
  const keep = rng.pick([HEADER + rng.int(24), HEADER + own, HEADER + own + rng.int(16), base.length]);
  const bytes = base.slice(0, Math.min(keep, base.length));
  const v = new DataView(bytes.buffer);
  let flags = v.getUint16(10, true);
  if (rng.chance(0.7)) flags &= ~DEFLATE;
  flags = rng.chance(0.5) ? flags | FLAG_CHECKSUM : flags & ~FLAG_CHECKSUM;
  if (rng.chance(0.5)) flags |= FLAG_SCHEMA;
  v.setUint16(10, flags, true);
  const room = Math.max(0, bytes.length - HEADER);
  const small = () => rng.pick([0, 1, 3, 4, 8, room, Math.max(0, room - 8), rng.int(room + 1)]);
  const S = rng.chance(0.8) ? nearWrap(rng) : small();
  // Half the time P makes the length checks pass for a reader that computes the payload start in
  // 32-bit arithmetic (the bug this aims at): start = (32 + S + 7) & ~7, wrapped; file = start + P (+ 8).
  const start32 = (HEADER + S + 7) & ~7; // deliberately int32, like the arithmetic under attack
  const sum = flags & FLAG_CHECKSUM ? 8 : 0;
  const fitted = bytes.length - sum - start32;
  const P = rng.chance(0.5) && fitted >= 0 && fitted < 2 ** 32 ? fitted : rng.chance(0.3) ? nearWrap(rng) : small();
  const R = flags & DEFLATE && rng.chance(0.5) ? nearWrap(rng) : P;
  v.setUint32(16, S, true);
  v.setUint32(20, P, true);
  v.setUint32(24, R, true);
  note.push(`S=${S} P=${P} R=${R} flags=${flags} len=${bytes.length}`);
  if (flags & FLAG_CHECKSUM) reseal(bytes);
  return { bytes, how: `header-wrap: ${note.join(' ')}` };
}

/** Share of inputs made by the targeted mutators above: hostile schema sections, then header wrap-arounds. */
export const TARGETED = { schema: 0.06, header: 0.04 } as const;

/** A targeted mutation of `base` (`kind` from {@link TARGETED}); falls back to the header one when `base` cannot be split. */
export function targeted(rng: Rng, base: Uint8Array, kind: 'schema' | 'header'): Mutated {
  const p = kind === 'schema' ? parse(base) : undefined;
  if (p) {
    const { schema, how } = hostileSchema(rng, p);
    return { bytes: withSchema(rng, p, schema), how, large: true };
  }
  const { bytes, how } = headerEdge(rng, base);
  return { bytes, how, large: true };
}
