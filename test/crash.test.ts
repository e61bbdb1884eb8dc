// Crash safety: a child process saves a large value (20 MB by default) generation after generation;
// we SIGKILL it at random moments, at least 200 times, and after each kill check that the save file
// holds exactly the previous or the new generation, that a .bak (when backups are on) is a whole
// generation too, and that temporaries of killed saves do not pile up (the next save removes them).
//
// Environment: CRASH_KILLS (default 200), CRASH_MB (default 20), CRASH_SEED (default random).
// Starting a child under tsx costs ~0.3 s of CPU and ~0.7 s of wall time (it transpiles the codec
// through a loader thread), which for 200+ children would dominate the run; so the child script is
// bundled once with esbuild (already a dependency of tsx) and run with plain node (~0.1 s), falling
// back to `node --import tsx` if esbuild is unavailable. The next child is started while the current
// one runs.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { saveFile } from '../src/node.ts';
import { tempPattern } from '../src/node/temp.ts';
import { checkGeneration, crashCodec, generation } from './helpers/crash-schema.ts';
import { bundledChildArgs, startLineChild, startsWith, type LineChild } from './helpers/line-child.ts';
import { prng } from './helpers/prng.ts';

const KILLS = Number(process.env.CRASH_KILLS ?? 200);
const WORDS = Math.round((Number(process.env.CRASH_MB ?? 20) * 1e6) / 4);
const SEED = Number(process.env.CRASH_SEED ?? Math.floor(Math.random() * 2 ** 31));
const CHILD = fileURLToPath(new URL('./helpers/crash-child.ts', import.meta.url));

const running = new Set<ChildProcess>();
let args: string[] = [];

function start(target: string): LineChild {
  return startLineChild([...args, target, String(WORDS)], running);
}

test(`SIGKILL at random moments during ${KILLS} saves of ${(WORDS * 4 / 1e6).toFixed(0)} MB: the file is always a whole generation`, async () => {
  console.log(`  crash test seed ${SEED} (rerun with CRASH_SEED=${SEED})`);
  const rand = prng(SEED);
  const dir = mkdtempSync(join(tmpdir(), 'savepack-crash-'));
  const binDir = mkdtempSync(join(tmpdir(), 'savepack-crash-bin-'));
  args = await bundledChildArgs(CHILD, binDir, 'crash-child.mjs');
  const target = join(dir, 'save.bin');
  const strayRe = tempPattern('save.bin');
  const t0 = Date.now();
  try {
    await saveFile(target, crashCodec, generation(0, WORDS));
    let current = 0; // generation on disk

    // Calibrate: how long from "go" until the first save's rename, with the next child starting
    // beside it as in the loop. Later kills adjust it (see below).
    const cal = start(target);
    await cal.waitFor(startsWith('ready'));
    let next = start(target);
    const go = performance.now();
    cal.proc.stdin!.write(`go ${current + 1} 0\n`);
    await cal.waitFor(startsWith('done'));
    let saveMs = performance.now() - go; // estimated time from "go" to the end of the first save
    cal.proc.kill('SIGKILL');
    await cal.closed;
    current = crashCodec.decode(new Uint8Array(readFileSync(target))).gen;

    const pids: number[] = [cal.proc.pid!]; // children, oldest first
    let lastCleaner = 0; // index of the last child that completed a save (so ran the stray cleaning)
    const outcomes = { old: 0, new: 0, untouched: 0 };
    let maxStrays = 0;
    let killedMidWrite = 0; // kills that left a temporary: they hit the write/fsync/backup/rename window

    for (let k = 0; k < KILLS; k++) {
      const child = next;
      await child.waitFor(startsWith('ready'));
      next = start(target); // warm up the next one while this one works
      const backup = rand() < 0.5;
      pids.push(child.proc.pid!);
      child.proc.stdin!.write(`go ${current + 1} ${backup ? 1 : 0}\n`);
      // Half the kills anywhere in the first ~1.3 saves, half in the last 15% of the first save
      // (writing, fsync, backup link, rename, directory fsync), where a torn file could appear.
      const tail = rand() < 0.5;
      const f = tail ? 0.85 + rand() * 0.2 : rand() * 1.3;
      await new Promise((r) => setTimeout(r, f * saveMs));
      child.proc.kill('SIGKILL');
      await child.closed;

      // What may be on disk now: the last generation begun (its rename may have happened) or the one before.
      const events = child.lines.filter((l) => l.startsWith('begin') || l.startsWith('done'));
      const last = events.at(-1);
      const doneCount = events.filter((l) => l.startsWith('done')).length;
      if (doneCount > 0) lastCleaner = pids.length - 1;
      const allowed = !last ? [current] : last.startsWith('done') ? [Number(last.split(' ')[1])] : [Number(last.split(' ')[1]) - 1, Number(last.split(' ')[1])];

      const bytes = new Uint8Array(readFileSync(target));
      let value: { gen: number; label: string; data: Uint32Array };
      try {
        value = crashCodec.decode(bytes);
      } catch (e) {
        throw new Error(`kill ${k} (seed ${SEED}): the save file does not decode: ${String(e)}; child said ${JSON.stringify(events)}`);
      }
      const bad = checkGeneration(value, WORDS);
      assert.ok(!bad, `kill ${k}: ${bad}`);
      assert.ok(allowed.includes(value.gen), `kill ${k}: file holds generation ${value.gen}, expected one of ${allowed} (child said ${JSON.stringify(events)})`);
      outcomes[value.gen === current ? (last ? 'old' : 'untouched') : 'new']++;
      // Keep the tail kills straddling the first save's rename: later while they land before it, sooner after.
      if (tail) saveMs *= value.gen === current ? 1.03 : 0.97;
      current = value.gen;

      const names = readdirSync(dir);
      if (names.includes('save.bin.bak')) {
        const bak = crashCodec.decode(new Uint8Array(readFileSync(join(dir, 'save.bin.bak'))));
        assert.ok(!checkGeneration(bak, WORDS), `kill ${k}: .bak is not a whole generation`);
        assert.ok(bak.gen <= current, `kill ${k}: .bak generation ${bak.gen} is newer than the save ${current}`);
      }
      // Temporaries: at most the two of the killed save (data + backup link), and none from a
      // child older than the last one whose save got as far as cleaning.
      const strays = names.filter((n) => strayRe.test(n));
      maxStrays = Math.max(maxStrays, strays.length);
      if (strays.some((n) => n.includes(`.${child.proc.pid}.`))) killedMidWrite++;
      const allowedPids = new Set(pids.slice(Math.max(0, lastCleaner)));
      for (const s of strays) {
        const pid = Number(strayRe.exec(s)![1]);
        assert.ok(allowedPids.has(pid), `kill ${k}: temporary ${s} of an older save was not cleaned`);
      }
      for (const pid of allowedPids) assert.ok(strays.filter((s) => s.includes(`.${pid}.`)).length <= 2, `kill ${k}: more than two temporaries of pid ${pid}`);
      assert.ok(names.every((n) => n === 'save.bin' || n === 'save.bin.bak' || strayRe.test(n)), `unexpected files: ${names}`);
    }

    // One more child saves to completion: every leftover must be gone.
    const last = next;
    await last.waitFor(startsWith('ready'));
    last.proc.stdin!.write(`go ${current + 1} 1\n`);
    await last.waitFor(startsWith('done'));
    last.proc.kill('SIGKILL');
    await last.closed;
    const left = readdirSync(dir).filter((n) => strayRe.test(n));
    assert.equal(left, [], 'a completed save removes every temporary of the killed ones');
    console.log(`  ${KILLS} kills survived in ${((Date.now() - t0) / 1000).toFixed(1)} s: ${outcomes.old} kept the old generation, ${outcomes.new} had the new one, ${outcomes.untouched} before any save began; ${killedMidWrite} killed mid-write (left a temporary); at most ${maxStrays} temporaries at once; save ≈ ${saveMs.toFixed(0)} ms`);
  } finally {
    for (const p of running) p.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
    rmSync(binDir, { recursive: true, force: true });
  }
});

test.run();
