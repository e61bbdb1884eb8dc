// What a slot listing needs from a savepack file without decoding it: the data version, and the
// length its header declares (a save holding exactly that many bytes is complete).

import { declaredLength, HEADER_AT, HEADER_SIZE, MAGIC } from '../format/header.ts';

/** The head of a save: its data version and the length its header declares (53-bit exact). */
export interface SaveHead {
  /** The data version the file was written with. */
  dataVersion: number;
  /** The whole file's length as the header declares it. */
  declaredSize: number;
}

/** The head of the file starting with `first` (at least 32 bytes), or undefined when it is no savepack file. */
export function readHead(first: Uint8Array): SaveHead | undefined {
  if (first.length < HEADER_SIZE) return undefined;
  for (let i = 0; i < MAGIC.length; i++) if (first[i] !== MAGIC[i]) return undefined;
  const dataVersion = new DataView(first.buffer, first.byteOffset, HEADER_SIZE).getUint32(HEADER_AT.dataVersion, true);
  return { dataVersion, declaredSize: declaredLength(first) };
}
