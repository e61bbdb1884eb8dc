import { codec, t, SavepackError, type Infer } from 'savepack';

// 1. Describe the data. Names are dotted and part of the stored schema.
const Position = t.struct('game.Position', { x: t.u32, y: t.u32 });
const Player = t.struct('game.Player', {
  name: t.string,
  hp: t.u16,
  inventory: t.vec(t.string),
  pos: Position,
});
type Player = Infer<typeof Player>; // { name: string; hp: number; inventory: string[]; pos: { x: number; y: number } }

// 2. Make a codec for data version 0, encode, decode.
const saves = codec(Player, { version: 0 });
const bytes = saves.encode({ name: 'Ann', hp: 100, inventory: ['sword'], pos: { x: 3, y: 4 } });
const back: Player = saves.decode(bytes);
console.log(back.name, back.pos, `${bytes.length} bytes`);

// 3. A file written with another schema is refused, with the difference spelled out.
const Changed = t.struct('game.Player', { name: t.string, hp: t.u32, inventory: t.vec(t.string), pos: Position });
try {
  codec(Changed, { version: 0 }).decode(bytes);
} catch (e) {
  if (e instanceof SavepackError) console.log(e.message); // e.code === 'SCHEMA_MISMATCH'
}
