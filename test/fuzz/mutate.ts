// Mutators: turn valid files into hostile ones. Byte edits (bit flips, sets, inserts, deletes,
// truncation, huge length values), applied to the whole file, to the payload, to the schema
// section or to the deflate stream (then lengths, compression and checksum are fixed up so the
// damage reaches the inner decoders), header fields set to extreme values, and parts swapped
// between two files.

import { build, HEADER, parse, reseal, storedPayload } from './container.ts';
import type { Rng } from './rng.ts';

/** A mutated input and how it was made. */
export interface Mutated {
  bytes: Uint8Array;
  /** Human description of the mutations, for failure reports. */
  how: string;
  /** Whether it declares huge lengths (worth a memory measurement). */
  large: boolean;
}

/** Length-like byte sequences: largest varints, invalid/overlong varints, u32 and u64 maxima. */
const HUGE: readonly (readonly number[])[] = [
  [0xff, 0xff, 0xff, 0xff, 0x0f], // varint 2^32-1
  [0xfe, 0xff, 0xff, 0xff, 0x0f], // varint 2^32-2
  [0x80, 0x80, 0x80, 0x80, 0x10], // varint 2^32 (too big)
  [0xff, 0xff, 0xff, 0xff, 0xff, 0x01], // 6-byte varint
  [0x80, 0x80, 0x80, 0x80, 0x00], // overlong zero
  [0xff, 0xff, 0xff, 0x7f], // varint 2^28-1
  [0x80, 0x80, 0x04], // varint 65536
  [0xff, 0xff, 0x03], // varint 65535
  [0xff, 0xff, 0xff, 0xff], // u32 max
  [0xff, 0xff, 0xff, 0x7f], // i32 max
  [0x00, 0x00, 0x00, 0x80], // i32 min
  [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff], // u64 max
];

/** LEB128 bytes of `n`, as the format writes lengths. */
export const varint = (n: number): number[] => {
  const out: number[] = [];
  while (n >= 0x80) {
    out.push((n & 0x7f) | 0x80);
    n = Math.floor(n / 128);
  }
  out.push(n);
  return out;
};

/** Applies 1..4 random byte-level edits to `b` (copy); `note` collects descriptions. */
export function editBytes(rng: Rng, b: Uint8Array, note: string[], flags: { large: boolean }): Uint8Array {
  let out: Uint8Array = b.slice();
  const edits = rng.chance(0.6) ? 1 : rng.range(2, 4);
  for (let e = 0; e < edits; e++) {
    const at = out.length ? rng.int(out.length) : 0;
    const op = rng.int(100);
    if (op < 25 && out.length) {
      const n = rng.chance(0.7) ? 1 : rng.range(2, 8);
      for (let i = 0; i < n; i++) out[rng.int(out.length)]! ^= 1 << rng.int(8);
      note.push(`flip${n}@${at}`);
    } else if (op < 40 && out.length) {
      const v = rng.pick([0, 1, 0x7f, 0x80, 0xff, rng.int(256)]);
      out[at] = v;
      note.push(`set@${at}=${v}`);
    } else if (op < 60) {
      const seq = rng.chance(0.2) ? varint(out.length - at + rng.range(-2, 2) >>> 0) : HUGE[rng.int(HUGE.length)]!;
      if (rng.chance(0.5)) {
        out = splice(out, at, 0, Uint8Array.from(seq));
        note.push(`ins-huge@${at}:${hex(seq)}`);
      } else {
        const tmp = out.slice();
        for (let i = 0; i < seq.length && at + i < tmp.length; i++) tmp[at + i] = seq[i]!;
        out = tmp;
        note.push(`put-huge@${at}:${hex(seq)}`);
      }
      flags.large = true;
    } else if (op < 72) {
      const ins = rng.bytes(rng.range(1, 16));
      out = splice(out, at, 0, ins);
      note.push(`ins${ins.length}@${at}`);
    } else if (op < 84 && out.length) {
      const n = Math.min(out.length - at, rng.range(1, 16));
      out = splice(out, at, n, new Uint8Array(0));
      note.push(`del${n}@${at}`);
    } else if (op < 94) {
      out = out.slice(0, at);
      note.push(`cut@${at}`);
    } else if (out.length) {
      const from = rng.int(out.length), n = Math.min(out.length - from, rng.range(1, 32));
      out = splice(out, at, 0, out.slice(from, from + n));
      note.push(`dup${n}@${from}->${at}`);
    }
  }
  return out;
}

function splice(b: Uint8Array, at: number, del: number, ins: Uint8Array): Uint8Array {
  const out = new Uint8Array(b.length - del + ins.length);
  out.set(b.subarray(0, at));
  out.set(ins, at);
  out.set(b.subarray(at + del), at + ins.length);
  return out;
}

/** Lower-case hex. */
export function hex(b: ArrayLike<number>): string {
  return Array.from(b as ArrayLike<number>, (x) => x.toString(16).padStart(2, '0')).join('');
}

const HEADER_U32 = [12, 16, 20, 24, 28] as const;

/** Makes a hostile input from valid file `base` (and a second valid file `other`, possibly of another schema). */
export function mutate(rng: Rng, base: Uint8Array, other: Uint8Array): Mutated {
  const note: string[] = [];
  const flags = { large: false };
  const r = rng.int(100);
  let bytes: Uint8Array;
  const parts = parse(base);

  if (r < 7 || !parts) {
    // Random bytes, sometimes behind a valid-looking header start.
    const body = rng.bytes(rng.size(300));
    bytes = rng.chance(0.5) ? Uint8Array.from([...base.subarray(0, rng.range(8, 32)), ...body]) : body;
    note.push(`random${body.length}`);
  } else if (r < 27) {
    // Edits anywhere in the file; usually re-sealed so the checksum does not stop them.
    bytes = editBytes(rng, base, note, flags);
    if (rng.chance(0.7)) {
      reseal(bytes);
      note.push('resealed');
    }
    note.unshift('file:');
  } else if (r < 62) {
    // Edits of the payload; lengths, compression and checksum fixed up.
    const raw = editBytes(rng, parts.raw, note, flags);
    bytes = build({ ...parts, raw });
    note.unshift('payload:');
  } else if (r < 72) {
    // Header fields set to extreme values.
    bytes = base.slice();
    const v = new DataView(bytes.buffer);
    const n = rng.range(1, 2);
    for (let i = 0; i < n; i++) {
      if (rng.chance(0.25)) {
        const f = rng.pick([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 12, 13, 0xffff, rng.int(0x10000)]);
        v.setUint16(10, f, true);
        note.push(`flags=${f}`);
      } else if (rng.chance(0.1)) {
        const f = rng.pick([0, 2, 0xffff]);
        v.setUint16(8, f, true);
        note.push(`format=${f}`);
      } else {
        const at = rng.pick(HEADER_U32);
        const cur = v.getUint32(at, true);
        const val = rng.pick([0, 1, cur + 1, cur - 1, cur + 8, 0x7fffffff, 0xffffffff, 0xfffffff8, rng.u32(), base.length, base.length * 1033]) >>> 0;
        v.setUint32(at, val, true);
        note.push(`u32@${at}=${val}`);
        flags.large ||= val > base.length;
      }
    }
    if (rng.chance(0.7)) reseal(bytes);
    note.unshift('header:');
  } else if (r < 82) {
    // Swaps between two files.
    const o = parse(other);
    const k = rng.int(4);
    if (k === 0 || !o) {
      const cut = rng.range(8, Math.min(32, other.length));
      bytes = Uint8Array.from([...other.subarray(0, cut), ...base.subarray(cut)]);
      note.push(`header-of-other[0..${cut})`);
      if (rng.chance(0.5)) reseal(bytes);
    } else if (k === 1) {
      bytes = build({ ...parts, schema: o.schema, flags: (parts.flags & ~1) | (o.flags & 1) });
      note.push('schema-of-other');
    } else if (k === 2) {
      bytes = build({ ...parts, raw: o.raw });
      note.push('payload-of-other');
    } else {
      bytes = build({ ...parts, version: o.version, flags: o.flags });
      note.push('version+flags-of-other');
    }
    note.unshift('swap:');
  } else if (r < 92 && parts.schema.length) {
    // Edits of the schema section (reaches the schema decoder behind SCHEMA_MISMATCH).
    const schema = editBytes(rng, parts.schema, note, flags);
    bytes = build({ ...parts, schema });
    note.unshift('schema:');
  } else if (parts.flags & 4) {
    // Edits of the deflate stream itself, lengths and checksum fixed; sometimes a huge raw length.
    const stored = editBytes(rng, storedPayload(parts), note, flags);
    const rawLen = rng.chance(0.3) ? rng.pick([0xffffffff, stored.length * 1032 + 64, parts.raw.length + 1]) : parts.raw.length;
    flags.large ||= rawLen > parts.raw.length;
    bytes = build(parts, stored, rawLen);
    note.unshift(`deflate(raw=${rawLen}):`);
  } else {
    bytes = editBytes(rng, base, note, flags);
    note.unshift('file:');
  }
  return { bytes, how: note.join(' '), large: flags.large };
}

export { HEADER };
