// npm run demo — versioned saves in three steps, with the game save of examples/player.ts:
//  1. save a game at the current data version (2) with a history of 100,000 positions;
//  2. load the version-0 golden file that release 0 of the game wrote;
//  3. write that game as version 1 for an older release, and read it back as that release does.

import { readFileSync } from 'node:fs';
import { codec, RecordArray } from '../src/index.ts';
import { CURRENT_VERSION, Player, PlayerV1, Position } from './player.ts';

const saves = codec(Player, { version: CURRENT_VERSION });
const zipped = codec(Player, { version: CURRENT_VERSION, compress: 'deflate' });
const release1 = codec(PlayerV1, { version: 1 });

const n = (x: number) => x.toLocaleString('en-US');
const ms = (t: number) => `${t < 10 ? t.toFixed(2) : t.toFixed(0)} ms`;
/** Runs `f` once (first call: the codec compiles for that version), then 5 more times; returns the result and both times. */
function timed<T>(f: () => T): { value: T; first: number; best: number } {
  let t = performance.now();
  const value = f();
  const first = performance.now() - t;
  let best = Infinity;
  for (let i = 0; i < 5; i++) { t = performance.now(); f(); best = Math.min(best, performance.now() - t); }
  return { value, first, best };
}
const times = (r: { first: number; best: number }) => `${ms(r.best)} (first call ${ms(r.first)})`;

console.log(`savepack demo: the game save of examples/player.ts, current data version ${CURRENT_VERSION}\n`);

// 1. A version-2 save with a long packed history.
const history = new RecordArray(Position, 100_000);
for (let i = 0; i < 100_000; i++) history.push({ x: i % 1000, y: Math.floor(i / 1000) });
const player: Player = {
  name: 'Steve', level: 42, playtime: 12.5, class: 'Rogue', stats: { hp: 90, mana: 30 },
  inventory: ['wallet', 'car keys'], skills: ['Whistling', 'Archery'],
  weapon: { kind: 'Bow', range: 40 }, arrows: 24, history, online: true,
};
const enc = timed(() => saves.encode(player));
const dec = timed(() => saves.decode(enc.value));
const zip = timed(() => zipped.encode(player));
console.log(`1. Save a game (version ${CURRENT_VERSION}) with ${n(history.length)} positions of history`);
console.log(`   encode  ${n(enc.value.length)} bytes in ${times(enc)}; with deflate ${n(zip.value.length)} bytes in ${ms(zip.best)}`);
console.log(`   decode  ${n(dec.value.history.length)} positions back in ${times(dec)}; last ${JSON.stringify(dec.value.history.get(99_999))}\n`);

// 2. The file release 0 wrote (test/fixtures/player-v0.sp, never regenerated).
const v0file = new Uint8Array(readFileSync(new URL('../test/fixtures/player-v0.sp', import.meta.url)));
const old = timed(() => saves.decode(v0file));
const p = old.value;
console.log(`2. Load the version-0 golden file (${v0file.length} bytes, data version ${new DataView(v0file.buffer, v0file.byteOffset).getUint32(12, true)}) in ${times(old)}`);
console.log(`   strength     read and skipped (t.removed, version 0 only)`);
console.log(`   level        ${p.level}: a u8 then, a u16 now (lossless widening)`);
console.log(`   playtime     ${p.playtime} h: stored as seconds then (convert)`);
console.log(`   stats.mana   ${p.stats.mana}: nested struct gained a field (default)`);
console.log(`   skills       ${JSON.stringify(p.skills)}: added in version 1 (default, then onLoad: a mage knows magic)`);
console.log(`   arrows ${p.arrows}, history ${p.history.length} positions, online ${p.online}: added in version 2 / never stored\n`);

// 3. A downgrade: the version-2 game written for release 1, and read by release 1's schema.
const down = timed(() => saves.encode(player, { version: 1 }));
const back = release1.decode(down.value);
console.log(`3. Write the game as version 1 for an older release: ${n(enc.value.length)} -> ${n(down.value.length)} bytes in ${times(down)}`);
console.log(`   history and arrows left out (version 1 has neither); playtime ${player.playtime} h -> ${back.playtime} s (revert)`);
console.log(`   weapon ${JSON.stringify(back.weapon)}: version 1 has no bows (arrows' onSave); the game still holds ${JSON.stringify(player.weapon)}`);
console.log(`   codec(PlayerV1, { version: 1 }) reads it: ${JSON.stringify(back)}`);
