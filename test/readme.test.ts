// The README's first example is examples/quickstart.ts verbatim, and prints what the README says.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const root = new URL('..', import.meta.url);
const readme = readFileSync(new URL('README.md', root), 'utf8');

function blockAfter(marker: string): string {
  const at = readme.indexOf(marker);
  assert.ok(at >= 0, `README has ${marker}`);
  const m = /```\w*\n([\s\S]*?)\n```/.exec(readme.slice(at));
  return m![1]!;
}

test('the quick start in the README is examples/quickstart.ts', () => {
  const code = blockAfter('<!-- quickstart');
  assert.is(code + '\n', readFileSync(new URL('examples/quickstart.ts', root), 'utf8'));
});

test('the quick start prints what the README shows', () => {
  const out = execFileSync(process.execPath, ['--import', 'tsx', 'examples/quickstart.ts'], { cwd: new URL('.', root), encoding: 'utf8', env: { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1' } });
  const shown = /prints\n\n```text\n([\s\S]*?)\n```/.exec(readme.slice(readme.indexOf('<!-- quickstart')))![1]!;
  assert.is(out.trim(), shown.trim());
});

test.run();
