// The CLI over the hostile corpus entries that take seconds (test/helpers/cli-hostile-check.ts
// HEAVY: a 16 MiB decoded value, printed by inspect --json), as test/cli-hostile.test.ts runs the
// others: inspect, inspect --json and verify fail as decode does, say what inspect() says.

import { test } from 'uvu';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as assert from 'uvu/assert';
import { checkEntry, entryName, HEAVY, manifest } from './helpers/cli-hostile-check.ts';

let dir = '';
test.before(() => { dir = mkdtempSync(join(tmpdir(), 'savepack-cli-hostile-')); });
test.after(() => { rmSync(dir, { recursive: true, force: true }); });

const heavy = manifest.filter((x) => HEAVY.has(x.file ?? x.generate!));
test('every heavy entry is in the corpus', () => { assert.is(heavy.length, HEAVY.size); });
for (const e of heavy) {
  test(`${entryName(e)}: inspect, inspect --json and verify fail as decode does`, () => checkEntry(e, dir));
}

test.run();
