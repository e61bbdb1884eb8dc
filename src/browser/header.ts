// What a slot listing needs from a savepack file without decoding it: the data version, and
// whether the file holds exactly as many bytes as its header declares (a complete save).

import { align8, CHECKSUM_SIZE, FLAG_CHECKSUM, HEADER_SIZE, MAGIC } from '../format/header.ts';

/** The head of a save: its data version and the length its header declares (53-bit exact). */
export interface SaveHead {
  /** The data version the file was written with. */
  dataVersion: number;
  /** The whole file's length as the header declares it. */
  declaredSize: number;
}

/** Little-endian u32 at `at` as a number in 0..2^32-1 (no 32-bit wrap). */
function u32(b: Uint8Array, at: number): number {
  return b[at]! + b[at + 1]! * 0x100 + b[at + 2]! * 0x10000 + b[at + 3]! * 0x1000000;
}

/** The head of the file starting with `first` (at least 32 bytes), or undefined when it is no savepack file. */
export function readHead(first: Uint8Array): SaveHead | undefined {
  if (first.length < HEADER_SIZE) return undefined;
  for (let i = 0; i < MAGIC.length; i++) if (first[i] !== MAGIC[i]) return undefined;
  const flags = first[10]! + first[11]! * 0x100;
  const schemaLength = u32(first, 16);
  const payloadLength = u32(first, 20);
  const declaredSize = align8(HEADER_SIZE + schemaLength) + payloadLength + ((flags & FLAG_CHECKSUM) !== 0 ? CHECKSUM_SIZE : 0);
  return { dataVersion: u32(first, 12), declaredSize };
}

/** Whether a file of `size` bytes starting with `first` is a complete savepack file by its header. */
export function isComplete(first: Uint8Array, size: number): boolean {
  const h = readHead(first);
  return h !== undefined && h.declaredSize === size;
}
