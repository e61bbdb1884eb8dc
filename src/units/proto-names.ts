// Helpers of toProto: safe identifiers, comment text and the scalar mapping. Names may come from a
// decoded schema section (data, never source text): every name put in the .proto text is cut down
// to an identifier, every comment to one printable line.

/** A proto identifier made from `name` (letters, digits, '_'; not starting with a digit). */
export function ident(name: string): string {
  let s = name.replace(/[^A-Za-z0-9_]/g, '_').slice(0, 100);
  if (!/^[A-Za-z_]/.test(s)) s = `_${s}`;
  return s;
}

/** One printable comment line (no line breaks, no control characters, at most 200 characters). */
export function comment(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, ' ').slice(0, 200);
}

/** `CamelCase` or `a.b-c` as `UPPER_SNAKE` (for enum value prefixes). */
export function upperSnake(name: string): string {
  return ident(name).replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase();
}

/** The last segment of a dotted name. */
export const lastSegment = (name: string): string => name.slice(name.lastIndexOf('.') + 1);

/** The package part of a dotted name ('' when none), as a valid proto package. */
export function packageOf(name: string): string {
  const at = name.lastIndexOf('.');
  return at <= 0 ? '' : name.slice(0, at).split('.').map(ident).join('.');
}

/** A name unique in `taken` (adds `_2`, `_3`, ... when needed) and records it. */
export function unique(taken: Set<string>, base: string): string {
  let name = base;
  for (let i = 2; taken.has(name.toLowerCase()); i++) name = `${base}_${i}`;
  taken.add(name.toLowerCase());
  return name;
}

/** The proto3 scalar of each savepack number kind, and what protobuf cannot say about it. */
export const SCALARS: Readonly<Record<string, readonly [string, string]>> = {
  bool: ['bool', ''],
  u8: ['uint32', 'u8: 0..255'],
  u16: ['uint32', 'u16: 0..65535'],
  u32: ['uint32', 'u32'],
  i8: ['int32', 'i8: -128..127'],
  i16: ['int32', 'i16: -32768..32767'],
  i32: ['int32', 'i32'],
  u64: ['uint64', 'u64 (bigint in memory)'],
  i64: ['int64', 'i64 (bigint in memory)'],
  f32: ['float', ''],
  f64: ['double', ''],
  string: ['string', ''],
  bytes: ['bytes', ''],
  uvarint: ['uint64', 'uvarint: 0..2^53-1 (a number in memory)'],
  varint: ['sint64', 'varint: -(2^53-1)..2^53-1 (a number in memory)'],
  uvarint64: ['uint64', 'uvarint64 (bigint in memory)'],
  varint64: ['sint64', 'varint64 (bigint in memory)'],
};

/** Proto3 types allowed as map keys. */
export const MAP_KEYS = new Set(['int32', 'int64', 'uint32', 'uint64', 'sint32', 'sint64', 'fixed32', 'fixed64', 'sfixed32', 'sfixed64', 'bool', 'string']);

/** A version range as words: 'since version 1', 'versions 0..2', '' for all versions. */
export function versions(since: number, until: number): string {
  if (until === Infinity) return since > 0 ? `since version ${since}` : '';
  return since === until ? `version ${since} only` : `versions ${since}..${until}`;
}
