// The CLI over the whole hostile corpus (test/hostile/manifest.json, generated inputs included):
// `inspect <file>`, `inspect <file> --json` and `verify <file>` each fail with exit code 1, the
// SavepackError's code (and the manifest's path) on one stderr line, nothing on stdout and no
// stack trace, exactly where decode fails (test/helpers/hostile-agree.ts says where a reader
// without the codec may differ from decode); a file decode reads gives exit 0. The CLI runs
// in-process through main(); one run of the built binary covers files where a stack matters. The
// entries that take seconds (test/helpers/cli-hostile-check.ts HEAVY) run in test/heavy-cli-hostile.test.ts.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from '../src/index.ts';
import { buildCli, runCli } from './helpers/cli-build.ts';
import { checkEntry, entryName, fileOf, HEAVY, manifest } from './helpers/cli-hostile-check.ts';
import { outcome } from './helpers/hostile-agree.ts';

let dir = '';
let bin = '';

test.before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'savepack-cli-hostile-'));
  bin = await buildCli();
});
test.after(() => { rmSync(dir, { recursive: true, force: true }); });

for (const e of manifest.filter((x) => !HEAVY.has(x.file ?? x.generate!))) {
  test(`${entryName(e)}: inspect, inspect --json and verify fail as decode does`, () => checkEntry(e, dir));
}

test('the built binary: verify over files that once overflowed the stack or inflate past the limit', async () => {
  const picked = ['wide-schema-250k', 'deflate-bomb-lying.sp', 'deep-node-20000.sp', 'string-len-2^32-1.sp'];
  const entries = picked.map((p) => manifest.find((e) => (e.file ?? e.generate) === p)!);
  const files = entries.map((e) => fileOf(e, dir));
  const r = runCli(bin, ['verify', ...files.map((f) => f.path)], dir);
  assert.is(r.code, 1, r.stderr);
  assert.not.match(r.stderr, /\n\s+at |TypeError|RangeError/, 'no stack trace');
  const failures = r.stderr.split('\n').slice(0, -1);
  const oks = r.stdout.split('\n').slice(0, -1);
  assert.is(failures.length + oks.length, files.length, r.stdout + r.stderr);
  files.forEach((f, i) => {
    const direct = outcome(() => inspect(f.bytes));
    if (direct.ok) assert.ok(oks.some((l) => l.startsWith(`ok ${f.path}: `)), `${picked[i]}: an ok line`);
    else assert.ok(failures.includes(`savepack verify: ${f.path}: ${direct.message}`), `${picked[i]}: ${direct.code} on stderr: ${r.stderr.slice(0, 400)}`);
  });
});

test.run();
