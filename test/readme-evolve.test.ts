// README "Evolving a save over many releases": every code block after an `<!-- evolve:NAME -->`
// marker is the region NAME of examples/evolve-saves.ts or examples/evolve.ts verbatim, the
// output shown is what `npm run demo:evolve` prints, and the lock check shown is what
// checkLock (the CLI's check) says of the mistake against release 5's lock.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { checkLock, encodeSchema, lock, type Lock } from '../src/index.ts';
import { forgetful, release5 } from '../examples/evolve-saves.ts';

const root = new URL('..', import.meta.url);
const readme = readFileSync(new URL('README.md', root), 'utf8');
const sources = ['examples/evolve-saves.ts', 'examples/evolve.ts'].map((f) => readFileSync(new URL(f, root), 'utf8')).join('\n');

/** The code block right after `<!-- evolve:name -->`. */
function shown(name: string): string {
  const marker = `<!-- evolve:${name} -->`;
  const at = readme.indexOf(marker);
  assert.ok(at >= 0, `README has ${marker}`);
  const m = /^\n```\w*\n([\s\S]*?)\n```/.exec(readme.slice(at + marker.length));
  assert.ok(m, `a code block right after ${marker}`);
  return m![1]!;
}

/** The lines between `// #region name` and `// #endregion name` of the examples. */
function region(name: string): string {
  const m = new RegExp(`// #region ${name}\\n([\\s\\S]*?)\\n// #endregion ${name}\\n`).exec(sources);
  assert.ok(m, `the examples have region ${name}`);
  return m![1]!;
}

test('every schema and step the chapter shows is the example code verbatim', () => {
  for (const name of ['release1', 'release2', 'release3', 'release4', 'release5', 'release6', 'play', 'mistake']) {
    assert.is(shown(name), region(name), name);
  }
});

test('the chapter shows what npm run demo:evolve prints', () => {
  const out = execFileSync(process.execPath, ['--import', 'tsx', 'examples/evolve.ts'], { cwd: new URL('.', root), encoding: 'utf8', env: { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1' } });
  assert.is(out.trim(), shown('output').trim());
});

test('the lock check shown is what checkLock says of the mistake against release 5\'s lock file', () => {
  const hex = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  const fingerprints = lock(release5);
  const locked: Lock = Object.fromEntries(Object.entries(fingerprints).map(([v, fingerprint]) =>
    [v, { fingerprint, schema: hex(encodeSchema(release5.schemaAt(Number(v)))) }]));
  const problems = checkLock(forgetful, locked);
  assert.is(problems.length, 1);
  const [head, ...rest] = shown('cli').split('\n');
  assert.match(head!, /^savepack lock --check: 1 problem in \S*savepack\.lock\.json$/);
  assert.is(rest.join('\n'), `saves: ${problems[0]}`);
});

test.run();
