// Autosaving a growing history (README "Autosaving a growing history"): a game loop appends the
// moves of every tick to a log instead of rewriting the whole save; a crash loses at most the tick
// being written. Run: npm run demo:autosave
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { codec, RecordArray, t } from '../src/index.ts';
import { loadFile, openLog } from '../src/node.ts';

const Move = t.struct('game.Move', { tick: t.u32, player: t.u16, dir: t.u8, speed: t.u8 });
const moves = codec(t.records(Move), { version: 0 });

const dir = mkdtempSync(join(tmpdir(), 'savepack-autosave-'));
const path = join(dir, 'replay.splog');
try {
  // The game runs: each tick appends that tick's moves as one chunk (fsynced before it resolves).
  let log = await openLog(path, moves, { create: true });
  const batch = new RecordArray<{ tick: number; player: number; dir: number; speed: number }>(Move, 4096);
  for (let tick = 0; tick < 200; tick++) {
    batch.clear();
    for (let p = 0; p < 1000; p++) batch.push({ tick, player: p, dir: (tick + p) % 8, speed: p % 5 });
    await log.append(batch);                  // cost depends on the batch, not on the log's size
  }
  console.log(`autosaved 200 ticks: ${log.length} moves, ${(statSync(path).size / 1e6).toFixed(1)} MB`);
  await log.close();

  // Next session: reopen (a crash mid-append would show as log.recovered bytes dropped) and read a range.
  log = await openLog(path, moves);
  const some = await log.read(150_000, 150_003);
  console.log(`reopened: ${log.length} moves, recovered ${log.recovered} bytes; moves 150000..150002:`, some.toArray());

  // When the game ends, one ordinary save file holds the whole history.
  await log.compact(join(dir, 'replay.sp'));
  await log.close();
  console.log(`compacted: ${(await loadFile(join(dir, 'replay.sp'), moves)).length} moves in replay.sp`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
