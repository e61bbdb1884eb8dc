// The records the log crash test appends: record i of chunk `seq` is a pure function of both, so a
// chunk that is torn, mixed with another or misplaced cannot pass the check.

import { codec, RecordArray, t } from '../../src/index.ts';

/** One record: its chunk, its index in the chunk, a word depending on both. */
export const CrashRecord = t.struct('test.CrashRecord', { seq: t.u32, i: t.u32, w: t.u32 });
/** The codec of the crash test's log. */
export const crashLogCodec = codec(t.records(CrashRecord), { version: 0 });

const word = (seq: number, i: number) => (Math.imul(seq + 1, 0x9e3779b1) ^ Math.imul(i, 0x85ebca6b)) >>> 0;

/** Chunk `seq` of `count` records. */
export function crashLogChunk(seq: number, count: number): RecordArray<{ seq: number; i: number; w: number }> {
  const ra = new RecordArray<{ seq: number; i: number; w: number }>(CrashRecord, count);
  for (let i = 0; i < count; i++) ra.push({ seq, i, w: word(seq, i) });
  return ra;
}

/** Whether `ra` is exactly chunk `seq` of `count` records; a reason when not. */
export function checkLogChunk(ra: RecordArray<{ seq: number; i: number; w: number }>, seq: number, count: number): string | undefined {
  if (ra.length !== count) return `chunk ${seq} has ${ra.length} records, ${count} were appended`;
  const v = new DataView(ra.bytes.buffer, ra.bytes.byteOffset, ra.bytes.byteLength);
  for (let i = 0; i < count; i++) {
    if (v.getUint32(12 * i, true) !== seq || v.getUint32(12 * i + 4, true) !== i || v.getUint32(12 * i + 8, true) !== word(seq, i)) return `chunk ${seq} record ${i} is wrong`;
  }
  return undefined;
}
