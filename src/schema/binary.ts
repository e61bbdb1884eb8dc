// The schema section of a file: a compact binary description of a stored schema (see FORMAT.md,
// "Schema section"). encodeSchema is run once per (codec, version) and cached; decodeSchema reads
// untrusted bytes and is bounded in depth and by the bytes present.

import { SavepackError } from '../errors.ts';
import type { FieldDef, Schema, StructSchema, TagSize, UnionSchema, UnionVariant } from './types.ts';
import { newestOf } from './generations.ts';
import { FIXED_MAX, PRIMITIVE_TAGS, SCHEMA_TAG, TAG_SIZES, TYPED_KINDS, VARINT_KINDS } from '../kinds/table.ts';

/** Nesting bound of a schema section (types inside types). */
const MAX_SCHEMA_DEPTH = 256;

const utf8 = new TextEncoder();

/** Encodes a stored schema (output of schemaAt) into schema-section bytes. */
export function encodeSchema(schema: Schema): Uint8Array {
  const out: number[] = [];
  const varint = (n: number) => { while (n >= 0x80) { out.push((n & 0x7f) | 0x80); n = Math.floor(n / 128); } out.push(n); };
  const str = (s: string) => { const b = utf8.encode(s); varint(b.length); for (const x of b) out.push(x); };
  const open: Schema[] = [];
  const fields = (fs: readonly FieldDef[]) => { varint(fs.length); for (const f of fs) { str(f.name); walk(f.schema); } };
  const walk = (s: Schema): void => {
    while (s.kind === 'lazy' || s.kind === 'versioned') s = s.kind === 'lazy' ? s.get() : newestOf(s); // schemaAt resolves generations; a raw one writes its newest
    if (s.kind === 'struct' || s.kind === 'union') {
      const at = open.lastIndexOf(s);
      if (at >= 0) { out.push(SCHEMA_TAG.ref); varint(open.length - 1 - at); return; }
    }
    out.push(SCHEMA_TAG[s.kind]);
    switch (s.kind) {
      case 'array': varint(s.length); walk(s.item); break;
      case 'vec': case 'option': walk(s.item); break;
      case 'tuple': varint(s.items.length); s.items.forEach(walk); break;
      case 'map': walk(s.key); walk(s.value); break;
      case 'typed': out.push(TYPED_KINDS.indexOf(s.element)); break;
      case 'fixed': varint(s.length); break;
      case 'records': walk(s.struct); break;
      case 'custom': str(s.name); walk(s.base); break;
      case 'enum':
        str(s.name); out.push(TAG_SIZES.indexOf(s.size)); varint(s.variants.length);
        for (const x of s.variants) { str(x.name); varint(x.value); }
        break;
      case 'struct': open.push(s); str(s.name); fields(s.fields); open.pop(); break;
      case 'union':
        open.push(s); str(s.name); out.push(TAG_SIZES.indexOf(s.size)); varint(s.variants.length);
        for (const x of s.variants) {
          str(x.name); varint(x.value);
          if (x.fields) { out.push(1); fields(x.fields); } else out.push(0);
        }
        open.pop();
        break;
    }
  };
  walk(schema);
  return Uint8Array.from(out);
}

const bad = (msg: string): never => { throw new SavepackError('SCHEMA_MISMATCH', `the file's embedded schema is unreadable: ${msg}`); };
const utf8d = new TextDecoder('utf-8', { fatal: true });

// Parts every decoded schema shares (they are never mutated): one node per primitive kind, the
// empty `was` list, the identity functions of a custom type. A decode allocates per type and
// field only what is specific to it.
const PRIM_NODES: readonly Schema[] = PRIMITIVE_TAGS.map((kind) => Object.freeze({ kind }) as Schema);
/** Shared nodes of the compact integers, by schema-section tag. */
const VARINT_NODES: ReadonlyMap<number, Schema> = new Map(VARINT_KINDS.map((kind) => [SCHEMA_TAG[kind], Object.freeze({ kind }) as Schema]));
const NO_WAS: FieldDef['was'] = Object.freeze([]) as unknown as FieldDef['was'];
const same = (x: unknown) => x;
/** Schemas made by decodeSchema: plain, without version metadata. */
const decoded = new WeakSet<Schema>();

/** True for a schema returned by {@link decodeSchema}, or a struct inside one (already plain: no projection needed; never compiled into record accessors). */
export function isStoredSchema(s: Schema): boolean {
  return decoded.has(s);
}

/**
 * Decodes schema-section bytes into a plain stored schema; custom types decode as their base.
 * Linear in the section: loops (no spread, no recursion) over counts, recursion only through
 * nesting (bounded by MAX_SCHEMA_DEPTH), every count checked against the bytes left.
 */
export function decodeSchema(bytes: Uint8Array): Schema {
  let pos = 0;
  const len = bytes.length;
  const byte = () => (pos < len ? bytes[pos++]! : bad('ends early'));
  const varint = () => {
    let n = 0, mul = 1;
    for (let i = 0; i < 5; i++) { const b = byte(); n += (b & 0x7f) * mul; if (b < 0x80) return n; mul *= 128; }
    return bad('varint too long');
  };
  const count = () => { const n = varint(); if (n > len - pos) bad('count larger than the section'); return n; };
  const str = () => {
    const n = count(), end = pos + n;
    if (n <= 32) {
      // Short ASCII names (the usual case) without a TextDecoder call.
      let s = '';
      for (let i = pos; i < end; i++) { const c = bytes[i]!; if (c >= 0x80) { s = ''; break; } s += String.fromCharCode(c); }
      if (s.length === n) { pos = end; return s; }
    }
    const b = bytes.subarray(pos, end); pos = end;
    try { return utf8d.decode(b); } catch { return bad('invalid UTF-8 in a name'); }
  };
  const open: Schema[] = [];
  const fields = (depth: number, into: FieldDef[]): void => {
    const n = count();
    for (let i = 0; i < n; i++) {
      const name = str();
      into.push({ name, schema: walk(depth + 1), since: 0, until: Infinity, hasDefault: false, was: NO_WAS, ignore: false, removed: false });
    }
  };
  const size = () => TAG_SIZES[byte()] ?? bad('unknown tag size');
  const walk = (depth: number): Schema => {
    if (depth > MAX_SCHEMA_DEPTH) bad('nested too deeply');
    const tag = byte();
    if (tag >= 1 && tag <= PRIMITIVE_TAGS.length) return PRIM_NODES[tag - 1]!;
    const compact = VARINT_NODES.get(tag);
    if (compact) return compact;
    switch (tag) {
      case SCHEMA_TAG.fixed: { const length = varint(); return length <= FIXED_MAX ? { kind: 'fixed', length } : bad('fixed length past 2^31-1'); }
      case SCHEMA_TAG.array: { const length = varint(); return { kind: 'array', item: walk(depth + 1), length }; }
      case SCHEMA_TAG.vec: return { kind: 'vec', item: walk(depth + 1) };
      case SCHEMA_TAG.option: return { kind: 'option', item: walk(depth + 1) };
      case SCHEMA_TAG.tuple: { const n = count(); const items: Schema[] = []; for (let i = 0; i < n; i++) items.push(walk(depth + 1)); return { kind: 'tuple', items }; }
      case SCHEMA_TAG.map: { const key = walk(depth + 1); return { kind: 'map', key, value: walk(depth + 1) }; }
      case SCHEMA_TAG.typed: return { kind: 'typed', element: TYPED_KINDS[byte()] ?? bad('unknown typed kind') };
      case SCHEMA_TAG.records: {
        const s = walk(depth + 1);
        return s.kind === 'struct' ? { kind: 'records', struct: s } : bad('records of a non-struct');
      }
      case SCHEMA_TAG.custom: { const name = str(); const base = walk(depth + 1); return { kind: 'custom', name, base, encode: same, decode: same } as Schema; }
      case SCHEMA_TAG.enum: {
        const name = str(); const sz = size(); const n = count();
        const variants = [];
        for (let i = 0; i < n; i++) variants.push({ name: str(), value: varint(), since: 0, until: Infinity });
        return { kind: 'enum', name, size: sz, variants };
      }
      case SCHEMA_TAG.struct: {
        const s = { kind: 'struct', name: '', fields: [] as FieldDef[], requirePacked: false } as StructSchema;
        open.push(s);
        (s as { name: string }).name = str();
        fields(depth, s.fields as FieldDef[]);
        open.pop();
        decoded.add(s); // a struct from a file: records accessors of it are interpreted (records/access.ts)
        return s;
      }
      case SCHEMA_TAG.union: {
        const u = { kind: 'union', name: '', tag: 'kind', size: 'u8', variants: [] as UnionVariant[] } as unknown as UnionSchema;
        open.push(u);
        (u as { name: string }).name = str();
        (u as { size: TagSize }).size = size();
        const n = count();
        for (let i = 0; i < n; i++) {
          const name = str(); const value = varint(); const has = byte();
          if (has > 1) bad('bad variant flag');
          let fs: FieldDef[] | null = null;
          if (has) fields(depth, (fs = []));
          (u.variants as UnionVariant[]).push({ name, value, since: 0, until: Infinity, fields: fs });
        }
        open.pop();
        return u;
      }
      case SCHEMA_TAG.ref: {
        const k = varint();
        const target = open[open.length - 1 - k] ?? bad('reference to no enclosing type');
        return { kind: 'lazy', get: () => target };
      }
      default: return bad(`unknown type tag 0x${tag.toString(16)}`);
    }
  };
  const s = walk(0);
  if (pos !== len) bad('trailing bytes');
  decoded.add(s);
  return s;
}
