// Records that evolve (issue 14.3): a 1M-record history whose record gained a field. The record
// at data version 0 is { tick u32, x f32, y f32, hp u16, kind u8, alive bool } (16 bytes); version 1
// adds `dmg: u32` (20 bytes). Loading a version-0 file converts every record into the version-1
// layout in one pass (dmg defaulted to 0); it is timed against loading a version-1 file of the same
// history (bulk copy). Target (issue 14): the v0 load costs at most 3x the current one. savepack only.

import type { Workload } from '../types.ts';
import { HISTORY_LENGTH, SMALL_HISTORY_LENGTH } from './positions.ts';
import { rng } from './rng.ts';

/** Bytes per record in memory (data version 1). */
export const EVOLVE_STRIDE = 20;

/** The history as packed version-1 records (20 bytes each), seeded. */
export function evolveHistory(n: number): Uint8Array {
  const r = rng(0x5a7e_0014);
  const b = new Uint8Array(n * EVOLVE_STRIDE), v = new DataView(b.buffer);
  for (let i = 0, o = 0; i < n; i++, o += EVOLVE_STRIDE) {
    v.setUint32(o, i, true);
    v.setFloat32(o + 4, r.float(-1e4, 1e4), true);
    v.setFloat32(o + 8, r.float(-1e4, 1e4), true);
    v.setUint16(o + 12, r.int(0, 1000), true);
    v.setUint8(o + 14, r.int(0, 3));
    v.setUint8(o + 15, r.int(0, 1));
    v.setUint32(o + 16, r.u32(), true);
  }
  return b;
}

/** What loading a version-0 file of `bytes` gives: the same records with `dmg` (the added field) 0. */
export function withoutDamage(bytes: Uint8Array): Uint8Array {
  const out = bytes.slice(), v = new DataView(out.buffer);
  for (let o = 16; o < out.length; o += EVOLVE_STRIDE) v.setUint32(o, 0, true);
  return out;
}

export const recordsEvolve: Workload = {
  id: 'records-evolve',
  title: 'Records that evolve (1M-record history, v0 file → v1 layout)',
  describe: `A history of ${HISTORY_LENGTH.toLocaleString('en-US')} packed records ({ tick u32, x f32, y f32, hp u16, kind u8, alive bool }, 16 bytes) saved at data version 0 and loaded with the version-1 codec, whose record gained \`dmg: u32\` (20 bytes): one converting pass over the bytes, vs loading a version-1 file of the same history (a bulk copy).`,
  make: (small) => ({ id: 'records-evolve', value: { history: evolveHistory(small ? SMALL_HISTORY_LENGTH : HISTORY_LENGTH) } }),
  // A ratio of two rows: five short rounds in fresh processes, median kept (as `versioned`).
  timing: { time: 400, iterations: 10, warmupIterations: 3, warmupTime: 100, batch: 1, minSampleMs: 25 },
  rounds: 5,
};
