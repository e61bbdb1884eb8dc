// The save of test/golden-check.test.ts: three data versions (a widening, a field added in 1, a
// packed history and a union variant added in 2). Its golden files in this folder were written
// once by goldenCheck and are never regenerated (their SHA-256 is pinned in the test).

import { RecordArray, t, type Infer } from '../../src/index.ts';

/** One visited position (packed). */
export const Spot = t.struct('golden.Spot', { x: t.i32, y: t.i32 });

/** The save today (data version 2). */
export const Save = t.struct('golden.Save', {
  name: t.string,
  gold: t.field(t.u32, { was: [{ until: 0, type: t.u16 }] }),
  items: t.field(t.vec(t.string), { since: 1 }),
  mood: t.union('golden.Mood', { Calm: t.unit, Angry: { level: t.u8 }, Dreaming: t.variant({ of: t.string }, { since: 2 }) }),
  trail: t.field(t.records(Spot), { since: 2 }),
});
export type Save = Infer<typeof Save>;

/** The data version of Save. */
export const SAVE_VERSION = 2;

/** The sample of data version k, in today's in-memory shape (what a release of version k could hold). */
export function saveSample(k: number): Save {
  const trail = new RecordArray(Spot, 3);
  if (k >= 2) for (let i = 0; i < 3; i++) trail.push({ x: i * 10 - 5, y: -i });
  return {
    name: `hero of version ${k}`,
    gold: k === 0 ? 65535 : 70000 + k,
    items: k >= 1 ? ['rope', 'lamp'] : [],
    mood: k >= 2 ? { kind: 'Dreaming', of: 'sheep' } : { kind: 'Angry', level: 3 },
    trail,
  };
}
