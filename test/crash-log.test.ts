// Crash safety of append-only logs: a child process appends chunks of random sizes (1 record to
// ~3.6 MB) to a log, fsyncing each; we SIGKILL it at random moments, at least 200 times, and after
// each kill reopen the log and check that it holds exactly a prefix of the appended chunks: every
// chunk the child reported durable, plus at most the one it had begun, each whole and in order.
// Our check closes the log (cutting a torn tail, writing an index chunk); the next child continues it.
//
// Environment: CRASH_LOG_KILLS (default 200), CRASH_SEED (default random). Children are bundled
// once with esbuild and run with plain node (as in crash.test.ts); the next one starts while the
// current one runs.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openLog } from '../src/node.ts';
import { checkLogChunk, crashLogCodec } from './helpers/crash-log-schema.ts';
import { bundledChildArgs, startLineChild, startsWith, type LineChild } from './helpers/line-child.ts';
import { prng } from './helpers/prng.ts';

const KILLS = Number(process.env.CRASH_LOG_KILLS ?? 200);
const SEED = Number(process.env.CRASH_SEED ?? Math.floor(Math.random() * 2 ** 31));
const CHILD = fileURLToPath(new URL('./helpers/crash-log-child.ts', import.meta.url));
/** The log is started afresh when it passes this size, to keep each reopen check short. */
const MAX_LOG = 12e6;

const running = new Set<ChildProcess>();
let args: string[] = [];

function start(target: string): LineChild {
  return startLineChild([...args, target], running);
}

test(`SIGKILL at random moments during appends, ${KILLS} times: the log always reopens as a prefix of the appended chunks`, async () => {
  console.log(`  log crash test seed ${SEED} (rerun with CRASH_SEED=${SEED})`);
  const rand = prng(SEED);
  const dir = mkdtempSync(join(tmpdir(), 'savepack-crash-log-'));
  const binDir = mkdtempSync(join(tmpdir(), 'savepack-crash-log-bin-'));
  args = await bundledChildArgs(CHILD, binDir, 'crash-log-child.mjs');
  const target = join(dir, 'history.splog');
  const t0 = Date.now();
  const stats = { midAppend: 0, tornKept: 0, tornDropped: 0, recoveredOnOpen: 0, chunksChecked: 0, fresh: 0, maxChunks: 0 };
  let counts: number[] = []; // records of chunk seq, as the children reported
  let durable = 0; // chunks known to be in the log
  try {
    // Children take ~0.2-0.4 s to start on a busy machine: keep a few starting ahead.
    const queue = [start(target), start(target), start(target)];
    for (let k = 0; k < KILLS; k++) {
      const child = queue.shift()!;
      await child.waitFor(startsWith('ready'));
      if (k + queue.length < KILLS) queue.push(start(target));
      child.proc.stdin!.write(`go ${(SEED + k) >>> 0}\n`);
      await child.waitFor(startsWith('open'));
      // Half the kills anywhere in the next ~40 ms of appending (a small append takes ~6 ms, mostly
      // its fsync); half 5-35 ms into a large append (> 1.8 MB: encoded, hashed, then written in 1 MiB pieces).
      if (rand() < 0.5) {
        await new Promise((r) => setTimeout(r, rand() * 40));
      } else {
        await child.waitFor((l) => l.startsWith('begin') && Number(l.split(' ')[2]) > 150_000);
        await new Promise((r) => setTimeout(r, 5 + rand() * 30));
      }
      child.proc.kill('SIGKILL');
      await child.closed;

      const open = child.lines.find((l) => l.startsWith('open'))!.split(' ');
      assert.is(Number(open[1]), durable, `kill ${k}: the child opened ${open[1]} chunks, ${durable} were in the log`);
      let begun: number | undefined;
      for (const l of child.lines) {
        const [what, seq, count] = l.split(' ');
        if (what === 'begin') {
          counts[Number(seq)] = Number(count);
          begun = Number(seq);
        } else if (what === 'done') {
          durable = Number(seq) + 1;
          begun = undefined;
        }
      }
      if (begun !== undefined) stats.midAppend++;

      const log = await openLog(target, crashLogCodec);
      try {
        const c = log.chunks;
        if (log.recovered > 0) stats.recoveredOnOpen++;
        const hi = begun === undefined ? durable : begun + 1;
        assert.ok(c >= durable && c <= hi, `kill ${k} (seed ${SEED}): the log has ${c} chunks, expected ${durable}..${hi} (child said ${JSON.stringify(child.lines.slice(-3))})`);
        if (begun !== undefined) stats[c === hi ? 'tornKept' : 'tornDropped']++;
        let j = 0;
        for await (const chunk of log) {
          const bad = checkLogChunk(chunk, j, counts[j]!);
          assert.ok(!bad, `kill ${k} (seed ${SEED}): ${bad}`);
          j++;
        }
        assert.is(j, c);
        stats.chunksChecked += c;
        stats.maxChunks = Math.max(stats.maxChunks, c);
        durable = c;
      } finally {
        await log.close();
      }
      if (statSync(target).size > MAX_LOG) {
        rmSync(target);
        counts = [];
        durable = 0;
        stats.fresh++;
      }
    }
    for (const c of queue) c.proc.kill('SIGKILL');
    await Promise.all(queue.map((c) => c.closed));
    console.log(`  ${KILLS} kills survived in ${((Date.now() - t0) / 1000).toFixed(1)} s: ${stats.midAppend} mid-append ` +
      `(${stats.tornKept} kept the begun chunk whole, ${stats.tornDropped} dropped it as a torn tail), ${stats.recoveredOnOpen} reopens ` +
      `found a torn tail (dropped, then cut by close); ${stats.chunksChecked} chunks checked, up to ${stats.maxChunks} in a log, ${stats.fresh} fresh logs`);
    assert.ok(stats.midAppend >= KILLS / 4, `only ${stats.midAppend} kills landed inside an append`);
  } finally {
    for (const p of running) p.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
    rmSync(binDir, { recursive: true, force: true });
  }
});

test.run();
