// npm run demo:evolve — one game save through six releases (README, "Evolving a save over many
// releases"). A player starts in release 1 and keeps playing through every update: each release
// loads the save the previous one wrote, plays a little and saves. Then today's release loads
// every file a player may still have, writes saves for older releases, and the lock catches a
// mistake before it ships. The schemas are in evolve-saves.ts.

import { checkLock, lock, SavepackError, type Lock } from '../src/index.ts';
import { forgetful, newGame, release1, release2, release3, release4, release5, releases, saves } from './evolve-saves.ts';

const files: Uint8Array[] = [];
let locked: Lock = {};
/** What CI does at every release: `savepack lock <module> --check`, then `savepack lock <module>`. */
function release(k: number, bytes: Uint8Array, what: string): void {
  const codec = releases[k - 1]!;
  const problems = checkLock(codec, locked);
  if (problems.length) throw new Error(problems.join('\n'));
  locked = { ...locked, ...lock(codec) };
  files.push(bytes);
  console.log(`release ${k} saves version ${codec.version} (${bytes.length} bytes, lock ok): ${what}`);
}
const steps = (log: { length: number; get(i: number): { floor?: number } | undefined }) =>
  Array.from({ length: log.length }, (_, i) => log.get(i)!.floor ?? '-').join(',');

// #region play
const s1 = newGame();
release(1, release1.encode(s1), `hero ${s1.hero}, ${s1.gold} gold`);

const s2 = release2.decode(files[0]!);                       // hero -> name
s2.gold = 60000;
s2.log.push({ tick: 20, x: 2, y: -2 });
release(2, release2.encode(s2), `name ${s2.name}, ${s2.gold} gold`);

const s3 = release3.decode(files[1]!);                       // gold u16 -> u32
s3.gold += 100000;
release(3, release3.encode(s3), `${s3.gold} gold`);

const s4 = release4.decode(files[2]!);                       // old steps on floor 1
s4.log.push({ tick: 30, x: 3, y: -3, floor: 3 });
release(4, release4.encode(s4), `floors ${steps(s4.log)}`);

const s5 = release5.decode(files[3]!);                       // the hero leads a party
s5.heroes.push({ name: 'Bo', gold: 5 });
release(5, release5.encode(s5), `party ${s5.heroes.map((h) => h.name).join(' + ')}`);

const s6 = saves.decode(files[4]!);                          // a difficulty, Normal so far
s6.mode = 'Hard';
release(6, saves.encode(s6), `mode ${s6.mode}`);
// #endregion play

console.log('\ntoday (release 6) loads every file a player may still have:');
for (const [v, bytes] of files.entries()) {
  const s = saves.decode(bytes);
  console.log(`  version ${v}: ${s.heroes.map((h) => `${h.name} ${h.gold}`).join(', ')} gold; ${s.log.length} steps on floors ${steps(s.log)}; ${s.mode}`);
}

console.log('\ntoday writes the same save for older releases:');
for (const v of [3, 2, 0]) {
  try {
    const old = releases[v]!.decode(saves.encode(s6, { version: v }));
    console.log(`  for release ${v + 1}: ${JSON.stringify({ ...old, log: `${old.log.length} steps` })}`);
  } catch (e) {
    if (!(e instanceof SavepackError)) throw e;
    console.log(`  for release ${v + 1}: ${e.code} at ${e.path}: ${e.message.replace(/^[A-Z_]+ at \S+: /, '')}`);
  }
}

// #region check
console.log('\nrelease 6 with the mistake, checked against the lock:');
for (const problem of checkLock(forgetful, locked)) console.log(problem);
// #endregion check
