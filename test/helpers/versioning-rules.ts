// Shared data of versioning-defaults.test.ts and versioning-refusals.test.ts: files as older
// releases wrote them, both decode paths, and a version-2 player of the game save example.
import { codec, RecordArray, type Schema } from '../../src/index.ts';
import { Position } from '../../examples/player.ts';

/** Bytes of `value` as written by a codec of `schema` at version `v` (a release that had that schema). */
export const fileOf = (schema: Schema, v: number, value: unknown) => codec(schema, { version: v }).encode(value as never);
/** Both codec paths: compiled (true) and interpreted (false). */
export const modes = [true, false] as const;

/** A player of the game save at version 2 (every field of that release set). */
export const v2player = () => ({
  name: 'Steve', level: 300, playtime: 2.5, class: 'Rogue' as const, stats: { hp: 90, mana: 30 },
  inventory: ['wallet', 'car keys'], skills: ['Whistling'], weapon: { kind: 'Sword' as const, damage: 12 },
  arrows: 0, history: RecordArray.from(Position, [{ x: 1, y: 1 }, { x: 2, y: 1 }]), online: true,
});
