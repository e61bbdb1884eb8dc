// What test/browser-log.test.ts runs in the browser (on the page and in a dedicated worker, where
// openLog writes through a sync access handle): plain-JSON results, errors as { error }.

import { codec, RecordArray, SavepackError, t } from '../../src/index.ts';
import { loadSlot, openLog } from '../../src/browser.ts';

const Step = t.struct('test.Step', { seq: t.u32, i: t.u32 });
const steps = codec(t.records(Step), { version: 0 });
type S = { seq: number; i: number };

/** Chunk `seq` of `count` records: record i is { seq, i }. */
const chunk = (seq: number, count: number) => {
  const ra = new RecordArray<S>(Step, count);
  for (let i = 0; i < count; i++) ra.push({ seq, i });
  return ra;
};

// A log whose record gained a field in data version 1 (the upgrade test).
const Pt0 = t.struct('test.Pt', { x: t.u16 });
const Pt1 = t.struct('test.Pt', { x: t.u16, y: t.field(t.u16, { since: 1, default: 7 }) });
const pts0 = codec(t.records(Pt0), { version: 0 });
const pts1 = codec(t.records(Pt1), { version: 1 });

/** A call's outcome. */
export type Result<T> = { value: T } | { error: { code?: string; message: string } };
async function wrap<T>(f: () => Promise<T>): Promise<Result<T>> {
  try {
    return { value: await f() };
  } catch (e) {
    return { error: { ...(e instanceof SavepackError ? { code: e.code } : {}), message: String((e as Error)?.message ?? e) } };
  }
}

/** What `say` prints reaches the test (the page binds it; a worker posts it). */
let say: (line: string) => void = () => {};
export const setSay = (f: (line: string) => void) => (say = f);

export const ops = {
  /** Appends chunks of `sizes` records to a new log, reads, reopens, iterates, compacts into a slot. */
  basic: (name: string, sizes: number[]) => wrap(async () => {
    const log = await openLog(name, steps, { create: true });
    for (let k = 0; k < sizes.length; k++) await log.append(chunk(k, sizes[k]!));
    const length = log.length;
    const middle = (await log.read(1, Math.min(length, 4))).toArray();
    await log.close();
    const again = await openLog(name, steps);
    const lens: number[] = [];
    for await (const c of again) lens.push(c.length);
    await again.compact(`${name}-compact`);
    await again.close();
    const slot = await loadSlot(`${name}-compact`, steps);
    return { length, middle, lens, reopened: again.length, recovered: again.recovered, compacted: slot.length };
  }),
  /** Cuts `bytes` off the end of the log file, then reopens it. */
  tear: (name: string, bytes: number) => wrap(async () => {
    const dir = await (await navigator.storage.getDirectory()).getDirectoryHandle('savepack-logs');
    const fh = await dir.getFileHandle(`${name}.splog`);
    const size = (await fh.getFile()).size;
    const w = await fh.createWritable({ keepExistingData: true });
    await w.truncate(size - bytes);
    await w.close();
    const log = await openLog(name, steps);
    const r = { length: log.length, chunks: log.chunks, recovered: log.recovered };
    await log.append(chunk(log.chunks, 2));
    await log.close();
    const after = await openLog(name, steps);
    const r2 = { length: after.length, recovered: after.recovered };
    await after.close();
    return { torn: r, after: r2 };
  }),
  /**
   * A version-0 log of chunks of `sizes` records (x = chunk * 1000 + i mod 1000), opened by the
   * version-1 codec with `upgrade: true` (the whole file rewritten through one stream; in a worker
   * the sync access handle is closed around it and made again), then appended to at version 1.
   */
  upgrade: (name: string, sizes: number[]) => wrap(async () => {
    const log0 = await openLog(name, pts0, { create: true });
    for (let k = 0; k < sizes.length; k++) {
      const ra = new RecordArray(Pt0, sizes[k]!);
      for (let i = 0; i < sizes[k]!; i++) ra.push({ x: k * 1000 + (i % 1000) });
      await log0.append(ra);
    }
    await log0.close();
    const up = await openLog(name, pts1, { upgrade: true });
    const version = up.version;
    await up.append(RecordArray.from(Pt1, [{ x: 9, y: 99 }]));
    await up.close();
    let refused = '';
    try { await openLog(name, pts0); } catch (e) { refused = e instanceof SavepackError ? e.code : String(e); }
    const again = await openLog(name, pts1);
    const lens: number[] = [];
    let bad = '';
    for await (const c of again) {
      const k = lens.length;
      for (let i = 0; i < c.length && !bad; i++) {
        const r = c.get(i)!;
        const want = k < sizes.length ? { x: k * 1000 + (i % 1000), y: 7 } : { x: 9, y: 99 };
        if (r.x !== want.x || r.y !== want.y) bad = `chunk ${k} record ${i}: ${JSON.stringify(r)}`;
      }
      lens.push(c.length);
    }
    const reopened = { version: again.version, length: again.length, recovered: again.recovered };
    await again.close();
    return { version, refused, lens, bad, reopened };
  }),
  /** Opens (creates) the log and appends chunks of random sizes until killed, saying open/begin/done. */
  appendForever: async (name: string, seed: number) => {
    let s = seed >>> 0;
    const rand = () => {
      s = (s + 0x6d2b79f5) >>> 0;
      let x = Math.imul(s ^ (s >>> 15), s | 1);
      x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
      return ((x ^ (x >>> 14)) >>> 0) / 2 ** 32;
    };
    const log = await openLog(name, steps, { create: true });
    say(`open ${log.chunks} ${log.recovered}`);
    for (;;) {
      const seq = log.chunks;
      const c = chunk(seq, rand() < 0.7 ? 1 + Math.floor(rand() * 500) : Math.floor(rand() * 200_000));
      say(`begin ${seq} ${c.length}`);
      await log.append(c);
      say(`done ${seq}`);
    }
  },
  /** Every chunk's record count, and the first record that is not { seq: chunk, i: index }. */
  check: (name: string) => wrap(async () => {
    const log = await openLog(name, steps);
    const counts: number[] = [];
    let bad = '';
    for await (const c of log) {
      const seq = counts.length;
      const b = new DataView(c.bytes.buffer, c.bytes.byteOffset, c.bytes.byteLength);
      for (let i = 0; i < c.length && !bad; i++) if (b.getUint32(8 * i, true) !== seq || b.getUint32(8 * i + 4, true) !== i) bad = `chunk ${seq} record ${i}`;
      counts.push(c.length);
    }
    const recovered = log.recovered;
    await log.close();
    return { counts, bad, recovered };
  }),
};

/** The ops. */
export type LogOps = typeof ops;
