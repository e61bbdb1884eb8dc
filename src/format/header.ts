// The fixed 32-byte file header (FORMAT.md, "Header").

/** The first 8 bytes of every savepack file: ASCII "savepack". */
export const MAGIC = Uint8Array.of(0x73, 0x61, 0x76, 0x65, 0x70, 0x61, 0x63, 0x6b);
/** The container format version this build writes (and the newest it reads). */
export const FORMAT_VERSION = 1;
/** Size of the fixed header. */
export const HEADER_SIZE = 32;
/** Byte offsets of the header's fields after the magic (FORMAT.md, "Overview"): u16 format version and flags, u32 the rest. */
export const HEADER_AT = { formatVersion: 8, flags: 10, dataVersion: 12, schemaLength: 16, payloadLength: 20, rawLength: 24, reserved: 28 } as const;
/** Size of the XXH64 trailer. */
export const CHECKSUM_SIZE = 8;

/** Flag bit: a schema section is present. */
export const FLAG_SCHEMA = 1 << 0;
/** Flag bit: the file ends with an XXH64 trailer. */
export const FLAG_CHECKSUM = 1 << 1;
/** Flag bits 2-3: payload compression (0 none, 1 deflate). */
export const COMPRESSION_SHIFT = 2;
/** Mask of the compression bits in the flags. */
export const COMPRESSION_MASK = 0b11 << COMPRESSION_SHIFT;
/** Compression codes in the flags. */
export const COMPRESSION = { none: 0, deflate: 1 } as const;
/** Every flag bit this format version defines; others must be zero. */
export const KNOWN_FLAGS = FLAG_SCHEMA | FLAG_CHECKSUM | COMPRESSION_MASK;

/** The parsed fixed header. */
export interface Header {
  formatVersion: number;
  flags: number;
  dataVersion: number;
  schemaLength: number;
  payloadLength: number;
  rawLength: number;
}

/**
 * Rounds `n` (an integer >= 0, up to 2^53) up to a multiple of 8 (the payload starts 8-aligned).
 * Plain arithmetic, not `& ~7`: file-controlled lengths reach past 2^31, where 32-bit bit
 * operations wrap (a schema length near 2^32 once made the payload start negative).
 */
export function align8(n: number): number {
  const r = n % 8;
  return r === 0 ? n : n + (8 - r);
}

/** Writes the fixed header at offset 0 of `view`. */
export function writeHeader(view: DataView, h: Header): void {
  for (let i = 0; i < 8; i++) view.setUint8(i, MAGIC[i]!);
  view.setUint16(HEADER_AT.formatVersion, h.formatVersion, true);
  view.setUint16(HEADER_AT.flags, h.flags, true);
  view.setUint32(HEADER_AT.dataVersion, h.dataVersion, true);
  view.setUint32(HEADER_AT.schemaLength, h.schemaLength, true);
  view.setUint32(HEADER_AT.payloadLength, h.payloadLength, true);
  view.setUint32(HEADER_AT.rawLength, h.rawLength, true);
  view.setUint32(HEADER_AT.reserved, 0, true);
}

/** The whole file's length as the header at the start of `head` (at least HEADER_SIZE bytes) declares it: 53-bit exact. */
export function declaredLength(head: Uint8Array): number {
  const v = new DataView(head.buffer, head.byteOffset, HEADER_SIZE);
  const trailer = (v.getUint16(HEADER_AT.flags, true) & FLAG_CHECKSUM) !== 0 ? CHECKSUM_SIZE : 0;
  return align8(HEADER_SIZE + v.getUint32(HEADER_AT.schemaLength, true)) + v.getUint32(HEADER_AT.payloadLength, true) + trailer;
}
