// The CLI over the whole hostile corpus (test/hostile/manifest.json, generated inputs included):
// `inspect <file>`, `inspect <file> --json` and `verify <file>` each fail with exit code 1, the
// SavepackError's code (and the manifest's path) on one stderr line, nothing on stdout and no
// stack trace, exactly where decode fails (test/helpers/hostile-agree.ts says where a reader
// without the codec may differ from decode); a file decode reads gives exit 0. The CLI runs
// in-process through main(); one run of the built binary covers files where a stack matters.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { codec, inspect, type Codec } from '../src/index.ts';
import { main } from '../src/cli/main.ts';
import { PLAIN } from '../src/cli/style.ts';
import { buildCli, runCli, type CliRun } from './helpers/cli-build.ts';
import { disagreement, outcome, type Outcome } from './helpers/hostile-agree.ts';
import { GENERATORS, type Entry } from './hostile/kit.ts';
import { SCHEMAS } from './hostile/schemas.ts';

const hostileDir = new URL('./hostile/', import.meta.url);
const manifest = JSON.parse(readFileSync(new URL('manifest.json', hostileDir), 'utf8')) as Entry[];
let dir = '';
let bin = '';

test.before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'savepack-cli-hostile-'));
  bin = await buildCli(dir);
});
test.after(() => { rmSync(dir, { recursive: true, force: true }); });

const written = new Map<string, { path: string; bytes: Uint8Array }>();
/** The path and bytes of entry `e`'s file (a generated input is written to the temporary folder once). */
function fileOf(e: Entry): { path: string; bytes: Uint8Array } {
  if (e.file) { const path = join(fileURLToPath(hostileDir), e.file); return { path, bytes: new Uint8Array(readFileSync(path)) }; }
  let f = written.get(e.generate!);
  if (!f) {
    f = { path: join(dir, `${e.generate}.sp`), bytes: GENERATORS[e.generate!]!() };
    writeFileSync(f.path, f.bytes);
    written.set(e.generate!, f);
  }
  return f;
}

/** Runs the CLI's main() in this process; output collected, no colours. */
async function cli(args: string[]): Promise<CliRun> {
  let stdout = '', stderr = '';
  const code = await main(args, { out: (t) => { stdout += t; }, err: (t) => { stderr += t; } }, PLAIN);
  return { code, stdout, stderr };
}

const codecs = new Map<string, Codec<unknown>>();
/** Decode of entry `e` with the options the CLI reads files with: the default limits, a checksum required or not. */
function decodeAsCli(e: Entry, bytes: Uint8Array, requireChecksum: boolean): Outcome {
  const { limits: _, requireChecksum: __, ...rest } = e.options;
  const key = `${e.schema} ${JSON.stringify(rest)} ${requireChecksum}`;
  let c = codecs.get(key);
  if (!c) {
    const s = SCHEMAS[e.schema]!;
    codecs.set(key, (c = codec(s.schema, { version: s.version, ...rest, requireChecksum } as never) as Codec<unknown>));
  }
  return outcome(() => c!.decode(bytes));
}

const FAILURE_LINE = /^savepack (?:inspect|verify): ([A-Z_]+)(?: at (.*?))?: [^\n]*\n$/;

/** What one CLI run says about the file, as an Outcome; throws (an assertion) when the run itself is malformed. */
function cliOutcome(r: CliRun, how: string): Outcome {
  assert.not.match(r.stderr, /\n\s+at |Error:|TypeError|RangeError/, `${how}: a stack trace or a foreign error on stderr: ${r.stderr.slice(0, 300)}`);
  assert.not.match(r.stdout + r.stderr, /[\x00-\x08\x0b-\x1f\x7f]/, `${how}: control characters in the output`);
  if (r.code === 0) {
    assert.is(r.stderr, '', `${how}: exit 0 with text on stderr`);
    return { ok: true };
  }
  assert.is(r.code, 1, `${how}: exit code (stderr: ${r.stderr.slice(0, 200)})`);
  assert.is(r.stdout, '', `${how}: a failure printed to stdout`);
  const m = FAILURE_LINE.exec(r.stderr);
  assert.ok(m, `${how}: stderr is not one 'savepack <command>: CODE[ at path]: message' line: ${r.stderr.slice(0, 300)}`);
  return { ok: false, code: m![1]!, path: m![2] ?? '', message: r.stderr.slice(0, -1), error: undefined };
}

for (const e of manifest) {
  const name = e.file ?? `${e.generate} (generated)`;
  test(`${name}: inspect, inspect --json and verify fail as decode does`, async () => {
    const { path, bytes } = fileOf(e);
    const strict = e.options.requireChecksum === true;
    // decode and inspect() with the options of the run: computed once for each requireChecksum.
    const refs = new Map<boolean, [Outcome, Outcome]>();
    const ref = (requireChecksum: boolean) => {
      let r = refs.get(requireChecksum);
      if (!r) refs.set(requireChecksum, (r = [decodeAsCli(e, bytes, requireChecksum), outcome(() => inspect(bytes, { requireChecksum }))]));
      return r;
    };
    for (const [how, args, requireChecksum] of [
      ['inspect', ['inspect', path], false],
      ['inspect --json', ['inspect', path, '--json'], false],
      ['verify', ['verify', path, ...(strict ? ['--require-checksum'] : [])], strict],
    ] as const) {
      const [want, direct] = ref(requireChecksum);
      const got = cliOutcome(await cli([...args]), how);
      assert.is(disagreement(e, bytes, want, got), '', `${how} against decode`);
      // Where the exceptions leave it open, the CLI says exactly what inspect() says.
      assert.equal(got.ok ? 'a value' : [got.code, got.path], direct.ok ? 'a value' : [direct.code, direct.path], `${how} against inspect()`);
      if (!got.ok && !direct.ok) assert.is(got.message, `savepack ${args[0]}: ${direct.message}`, `${how}: the message`);
    }
  });
}

test('the built binary: verify over files that once overflowed the stack or inflate past the limit', async () => {
  const picked = ['wide-schema-250k', 'deflate-bomb-lying.sp', 'deep-node-20000.sp', 'string-len-2^32-1.sp'];
  const entries = picked.map((p) => manifest.find((e) => (e.file ?? e.generate) === p)!);
  const files = entries.map(fileOf);
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
