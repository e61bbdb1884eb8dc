// Shared setup of log-hostile.test.ts and log-hostile-index.test.ts: two log schemas, a check that
// opens, reads and iterates a log giving values or a SavepackError code, the head of a log, and
// forged chunk headers with a valid header check.
import { writeFileSync } from 'node:fs';
import { codec, SavepackError, t } from '../../src/index.ts';
import { openLog } from '../../src/node.ts';
import { xxh64 } from '../../src/wasm/index.ts';

/** A packed record of a move log. */
export const Move = t.struct('test.Move', { tick: t.u32, x: t.i16, flag: t.bool, pad: t.u8 });
/** A codec of move records. */
export const moves = codec(t.records(Move), { version: 0 });
/** A note (strings: not packed). */
export const Note = t.struct('test.Note', { text: t.string, tags: t.vec(t.string) });
/** A codec of notes. */
export const notes = codec(Note, { version: 0 });

/** Writes `bytes` to `target`, opens, reads everything and iterates the log; returns 'ok' or the SavepackError code. Anything else is thrown. */
export async function exerciseAt(target: string, bytes: Uint8Array, c: typeof moves | typeof notes, skipDamaged: boolean): Promise<string> {
  writeFileSync(target, bytes);
  try {
    const log = await openLog(target, c as typeof moves, { skipDamaged });
    try {
      await log.read();
      if (log.length > 1) await log.read(1, log.length);
      for await (const chunk of log) void chunk;
    } finally {
      await log.close();
    }
    return 'ok';
  } catch (e) {
    if (e instanceof SavepackError) return e.code;
    throw e;
  }
}

/** The head of a log: the 32-byte header, the schema section, padding to 8, the head's XXH64. */
export const headOf = (b: Uint8Array) => b.subarray(0, Math.ceil((32 + new DataView(b.buffer, b.byteOffset).getUint32(16, true)) / 8) * 8 + 8);


/** A chunk header with a valid header check claiming `payload` bytes, sequence `seq`, `items` items. */
export function forgedHeader(payload: number, seq: number, items: number): Uint8Array {
  const h = new Uint8Array(24);
  const v = new DataView(h.buffer);
  v.setUint32(0, 0x4b435053, true);
  v.setUint32(4, payload, true);
  v.setUint32(8, seq, true);
  v.setUint32(16, items, true);
  v.setUint32(20, Number(xxh64(h.subarray(0, 20)) & 0xffffffffn), true);
  return h;
}

