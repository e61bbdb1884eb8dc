// The check of test/cli-hostile.test.ts and test/heavy-cli-hostile.test.ts: the CLI (main() in
// this process) over one hostile corpus entry, `inspect`, `inspect --json` and `verify`, fails as
// decode does (test/helpers/hostile-agree.ts says where it may differ) and says what inspect() says.

import * as assert from 'uvu/assert';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { codec, inspect, type Codec } from '../../src/index.ts';
import { runMain } from './cli-main.ts';
import type { CliRun } from './cli-build.ts';
import { disagreement, outcome, type Outcome } from './hostile-agree.ts';
import { GENERATORS, type Entry } from '../hostile/kit.ts';
import { SCHEMAS } from '../hostile/schemas.ts';

const hostileDir = new URL('../hostile/', import.meta.url);
/** The hostile corpus's entries. */
export const manifest = JSON.parse(readFileSync(new URL('manifest.json', hostileDir), 'utf8')) as Entry[];
/** An entry's name: its file, or its generator. */
export const entryName = (e: Entry) => e.file ?? `${e.generate} (generated)`;
/** Entries whose CLI runs take seconds (16 MiB decoded, printed as JSON): test/heavy-cli-hostile.test.ts; the others: test/cli-hostile.test.ts. */
export const HEAVY = new Set(['deflate-bomb-honest.sp']);

const written = new Map<string, { path: string; bytes: Uint8Array }>();
/** The path and bytes of entry `e`'s file (a generated input is written to folder `dir` once). */
export function fileOf(e: Entry, dir: string): { path: string; bytes: Uint8Array } {
  if (e.file) { const path = join(fileURLToPath(hostileDir), e.file); return { path, bytes: new Uint8Array(readFileSync(path)) }; }
  let f = written.get(`${dir} ${e.generate}`);
  if (!f) {
    f = { path: join(dir, `${e.generate}.sp`), bytes: GENERATORS[e.generate!]!() };
    writeFileSync(f.path, f.bytes);
    written.set(`${dir} ${e.generate}`, f);
  }
  return f;
}

/** Runs the CLI's main() in this process; output collected, no colours. */
const cli = (args: string[]): Promise<CliRun> => runMain(args);

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

/** The CLI over entry `e` (generated inputs written to `dir`) fails as decode does and says what inspect() says. */
export async function checkEntry(e: Entry, dir: string): Promise<void> {
  const { path, bytes } = fileOf(e, dir);
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
}
