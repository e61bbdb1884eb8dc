// Game entities shared by W3 (10,000 of them), W4 (one) and the versioned load.
// id: sequential from 100,000; name: 8–16 lowercase ASCII letters; pos: f64 uniform in
// [-10,000, 10,000); hp: uniform u16; alive: 90% true; inventory: 3 names from a list of 16
// items (3–10 chars); kind: uniform over the 4 variants.

import { KINDS, type Entity } from '../types.ts';
import { rng } from './rng.ts';

export const ENTITY_COUNT = 10_000;
export const SMALL_ENTITY_COUNT = 25;
const SEED = 0x5a7e_0003;

const ITEMS = [
  'sword', 'shield', 'potion', 'arrow', 'bow', 'helmet', 'ring', 'torch',
  'rope', 'key', 'map', 'lantern', 'dagger', 'scroll', 'gem', 'bread',
];

export function entities(n: number): Entity[] {
  const r = rng(SEED);
  const name = (): string => {
    const len = r.int(8, 16);
    let s = '';
    for (let i = 0; i < len; i++) s += String.fromCharCode(97 + r.int(0, 25));
    return s;
  };
  const out: Entity[] = new Array(n);
  for (let i = 0; i < n; i++) {
    out[i] = {
      id: 100_000 + i,
      name: name(),
      pos: { x: r.float(-1e4, 1e4), y: r.float(-1e4, 1e4), z: r.float(-1e4, 1e4) },
      hp: r.int(0, 0xffff),
      alive: r.int(0, 9) !== 0,
      inventory: [ITEMS[r.int(0, 15)]!, ITEMS[r.int(0, 15)]!, ITEMS[r.int(0, 15)]!],
      kind: KINDS[r.int(0, 3)]!,
    };
  }
  return out;
}
