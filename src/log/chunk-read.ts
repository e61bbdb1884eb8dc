// One data chunk read through the chunk index, checked the same way wherever a log reads one
// (reads, iteration, compaction, the upgrade): the bytes are all there, the header at the offset is
// the one the index holds (an index built from index chunks is only trusted this far), and the
// XXH64 seal and padding hold; a records chunk decodes to as many records as its header says.

import { SavepackError } from '../errors.ts';
import type { RecordArray } from '../records/record-array.ts';
import type { ChunkIndex } from './chunk-index.ts';
import { chunkPayload, chunkSize, readChunkHead } from './format.ts';
import type { LogStorage } from './storage.ts';

/** The bytes of chunk `i` of `ix` in `s` (head, payload, padding, seal); TRUNCATED, naming the storage, when the file ends inside it. */
export async function chunkBytes(s: LogStorage, ix: ChunkIndex, i: number): Promise<Uint8Array> {
  const at = ix.offset(i), size = chunkSize(ix.payload(i));
  const bytes = await s.read(at, size);
  if (bytes.length < size) throw new SavepackError('TRUNCATED', `${s.name}: log chunk ${ix.seq(i)} (at byte ${at}) ends past the end of the file`);
  return bytes;
}

/** The payload of chunk `i` of `ix` from its `bytes`; CHECKSUM when its header is not the one the index holds, or its seal or padding is wrong. */
export function checkedPayload(bytes: Uint8Array, ix: ChunkIndex, i: number): Uint8Array {
  const at = ix.offset(i), seq = ix.seq(i);
  if (!ix.holds(i, readChunkHead(bytes, 0))) {
    throw new SavepackError('CHECKSUM', `log chunk ${seq} (at byte ${at}) is damaged: its header is not the one the index holds`);
  }
  return chunkPayload(bytes, ix.payload(i), seq, at);
}

/** Fails with INVALID_DATA, naming storage `name`, unless the records decoded from chunk `i` are as many as its header says. */
export function checkRecordCount(records: RecordArray, ix: ChunkIndex, i: number, name: string): void {
  if (records.length !== ix.itemsIn(i)) {
    throw new SavepackError('INVALID_DATA', `${name}: log chunk ${ix.seq(i)} (at byte ${ix.offset(i)}) holds ${records.length} records, its header says ${ix.itemsIn(i)}`);
  }
}
