// Memory per builder (issue 11): for every kind of schema, a ~256 KiB input made entirely of its
// cheapest element (the most JS memory per input byte), decoded compiled and interpreted. The
// heap growth must stay within the documented per-decode budget, ALLOC_PER_BYTE × input bytes +
// ALLOC_BASE, whether the decode succeeds or is refused (a refused compiled decode is not re-run:
// it finds its error path itself); inputs built to pass the budget (tiny
// files of defaults, zero values and zero-size items) must fail with LIMIT_EXCEEDED. Prints the
// measured ratios (README, "Untrusted input"). The cases are in test/helpers/memory-cases.ts;
// test/memory.test.ts checks each decode's outcome in the suite's process (fast); this file, which
// measures heap growth in a fresh process with full collections around each decode (~10 s), runs in
// the slow suite (npm run test:all).

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { getHeapStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { codec, SavepackError } from '../src/index.ts';
import { ALLOC_BASE, ALLOC_PER_BYTE } from '../src/wire/reader.ts';
import { memoryCases, rawFile } from './helpers/memory-cases.ts';

const cases = memoryCases(1 << 18);

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const heap = () => { const h = getHeapStatistics(); return h.used_heap_size + h.external_memory; };

/** Memory growth of `fn()` after a full GC, its result kept alive until measured. */
function growth(fn: () => unknown): { bytes: number; result?: unknown; error?: unknown } {
  gc(); gc();
  const m0 = heap();
  try {
    const result = fn();
    return { bytes: heap() - m0, result };
  } catch (error) {
    return { bytes: heap() - m0, error };
  }
}

/** The budget a decode of `input` may allocate. */
const budget = (input: Uint8Array) => ALLOC_PER_BYTE * input.length + ALLOC_BASE;

const title = `memory: every builder's worst 256 KiB input stays within ALLOC_PER_BYTE (${ALLOC_PER_BYTE}) × input + ALLOC_BASE (${ALLOC_BASE >> 20} MiB)`;

// Heap growth is measured in a fresh process: in the suite's shared process, what other test files
// left behind (V8's allocation-site feedback, half-finished GC cycles) shifts the numbers.
if (process.env.SAVEPACK_MEMORY_CHILD !== '1') {
  test(`${title} (in a fresh process)`, () => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url)], {
      env: { ...process.env, SAVEPACK_MEMORY_CHILD: '1', FORCE_COLOR: '0' }, encoding: 'utf8', maxBuffer: 1 << 24,
    });
    const table = r.stdout.split('\n').filter((l) => /^\s{4}\S/.test(l) || /heap growth/.test(l));
    console.log(table.join('\n'));
    assert.is(r.status, 0, `the measuring process failed:\n${r.stdout}\n${r.stderr}`);
  });
} else test(title, () => {
  const rows: string[] = [];
  const bad: string[] = [];
  for (const [name, schema, version, fileVersion, payload, want] of cases) {
    const input = rawFile(fileVersion, payload);
    const cells: string[] = [];
    for (const compile of [true, false]) {
      const c = codec(schema, { version, checksum: false, schemaHeader: false, compile });
      try { c.decode(rawFile(fileVersion, [0])); } catch { /* compiles the decoder outside the measurement */ }
      // Heap growth includes garbage a collection would have freed: near the limit, the smallest
      // of three measurements is the one that shows what the decode holds.
      let g = growth(() => c.decode(input));
      for (let k = 0; k < 2 && g.bytes > budget(input); k++) {
        const again = growth(() => c.decode(input));
        if (again.bytes < g.bytes) g = again;
      }
      const how = compile ? 'compiled' : 'interpreted';
      const err = g.error;
      if (err !== undefined && !(err instanceof SavepackError)) bad.push(`${name} (${how}): threw ${String(err)}`);
      const code = err instanceof SavepackError ? err.code : 'ok';
      if (want === 'ok' && code !== 'ok') bad.push(`${name} (${how}): ${code}, expected a decode: ${(err as Error).message.slice(0, 160)}`);
      if (want === 'limit' && code !== 'LIMIT_EXCEEDED') bad.push(`${name} (${how}): ${code}, expected LIMIT_EXCEEDED`);
      if (want === 'ok-or-limit' && code !== 'ok' && code !== 'LIMIT_EXCEEDED') bad.push(`${name} (${how}): ${code}`);
      const allowed = budget(input);
      if (g.bytes > allowed) bad.push(`${name} (${how}): grew ${(g.bytes / 1e6).toFixed(1)} MB for a ${input.length}-byte input, allowed ${(allowed / 1e6).toFixed(1)} MB`);
      cells.push(`${(g.bytes / input.length).toFixed(0).padStart(7)}x ${(g.bytes / 1e6).toFixed(1).padStart(6)} MB ${code === 'ok' ? 'ok   ' : 'LIMIT'}`);
    }
    rows.push(`    ${name.padEnd(44)} ${String(input.length).padStart(7)} B ${cells.join('  ')}`);
  }
  console.log(`  heap growth per input byte (compiled | interpreted):\n${rows.join('\n')}`);
  assert.ok(bad.length === 0, `\n  ${bad.join('\n  ')}`);
});

test.run();
