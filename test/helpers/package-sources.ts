// The programs test/package.test.ts writes into the fresh project: the ESM/CJS entry-point check
// and the TypeScript files checked against the shipped declarations (one with deliberate errors).

/** The save schema both programs start with: Position, and Player up to its `history` field. */
const playerHead = `const Position = t.struct('game.Position', { x: t.u32, y: t.u32 });
const Player = t.struct('game.Player', {
  name: t.string,
  strength: t.removed(t.u32, { until: 0 }),
  inventory: t.vec(t.string),
  skills: t.field(t.vec(t.string), { since: 1 }),
  history: t.field(t.records(Position), { since: 2 }),
`;

/** The body of check.mjs (esm) / check.cjs: round trips, SavepackError per build, which build resolved. */
export const entryCheckBody = (esm: boolean) => `
${playerHead}});
const saves = codec(Player, { version: 2, compress: 'deflate' });
const player = { name: 'Ada', inventory: ['sword'], skills: ['swim'], history: RecordArray.from(Position, [{ x: 1, y: 2 }]) };
const check = (cond, what) => { if (!cond) throw new Error(what); };
const back = saves.decode(saves.encode(player));
check(back.name === 'Ada' && back.skills[0] === 'swim' && back.history.get(0).y === 2, 'round trip');
const v0 = saves.decode(saves.encode(player, { version: 0 }));
check(v0.skills.length === 0 && v0.history.length === 0, 'version 0 round trip');
check(saves.compiled === true, 'Node compiles codecs');
try { saves.decode(new Uint8Array(16)); check(false, 'decode must fail'); } catch (e) { check(e instanceof SavepackError && e.code === 'BAD_MAGIC', 'BAD_MAGIC: ' + e); }
await saveFile('check.save', saves, player);
check((await loadFile('check.save', saves)).history.length === 1, 'saveFile/loadFile');
try { await loadFile('missing.save', saves); check(false, 'loadFile must fail'); } catch (e) { check(e instanceof SavepackError, 'savepack/node throws the root SavepackError: ' + e); }
console.log(${esm ? "import.meta.resolve('savepack') + ' ' + import.meta.resolve('savepack/node')" : "require.resolve('savepack') + ' ' + require.resolve('savepack/node')"});
`;

/** The schema and values every TypeScript file below shares. */
const schema = `
${playerHead}  kind: t.enum('game.Kind', ['warrior', 'mage']),
  best: t.option(t.u64),
});
type Player = Infer<typeof Player>;
const player: Player = { name: 'Ada', inventory: [], skills: ['swim'], history: new RecordArray(Position, 4), kind: 'mage', best: 10n };
const saves = codec(Player, { version: 2 });
const bytes: Uint8Array = saves.encode(player);
const back: Player = saves.decode(bytes);
const n: number = back.history.length + (back.history.get(0)?.x ?? 0);
const kind: 'warrior' | 'mage' = back.kind;
const best: bigint | undefined = back.best;
function code(e: unknown): string | undefined { return e instanceof SavepackError ? e.code : undefined; }
`;

/** The TypeScript files, by name: node16 ESM and CJS, bundler resolution, and bad.mts (two type errors). */
export const tsSources: [string, string][] = [
  ['esm.mts', `import { t, codec, RecordArray, SavepackError, type Infer } from 'savepack';
import { saveFile, loadFile } from 'savepack/node';
${schema}
await saveFile('x.save', saves, back);
const loaded: Player = await loadFile('x.save', saves);
export { n, kind, best, code, loaded };
`],
  ['cjs.cts', `import { t, codec, RecordArray, SavepackError, type Infer } from 'savepack';
import savepackNode = require('savepack/node');
${schema}
export async function main(): Promise<Player> {
  await savepackNode.saveFile('x.save', saves, back);
  return savepackNode.loadFile('x.save', saves);
}
export { n, kind, best, code };
`],
  ['bundler.ts', `import { t, codec, RecordArray, SavepackError, type Infer } from 'savepack';
${schema}
export { n, kind, best, code };
`],
  ['bad.mts', `import { t, codec, type Infer } from 'savepack';
const Player = t.struct('game.Player', { name: t.string, level: t.u32 });
type Player = Infer<typeof Player>;
export const p: Player = { name: 'Ada', level: '3' };
codec(Player, { version: 0 }).encode({ name: 'Ada' });
`],
];
