// `savepack inspect <file> [--path p] [--json] [--rows n] [--depth n]`: what a file holds, read by
// its embedded schema alone (no codec). People get the header facts, the root type and the value
// as an indented tree (long strings cut, big lists as a count and their first rows); `--path`
// reads only that part (lazily, through open()); `--json` prints data for scripts.

import { open } from '../inspect/open.ts';
import { parseArgs, UsageError } from './args.ts';
import { EXIT_OK, type Io } from './exit.ts';
import { factLines } from './facts.ts';
import { fileArgs, readSave } from './input.ts';
import { typeText } from './schema-text.ts';
import { SHOW_DEFAULTS, showLines, toJson } from './show.ts';
import type { Style } from './style.ts';

/** Usage text of the inspect command. */
export const INSPECT_USAGE = 'savepack inspect <file> [--path <path>] [--json] [--rows <n>] [--depth <n>]';

/** A positive integer flag, or `fallback` when absent. */
export function countFlag(flags: Record<string, string | true>, name: string, fallback: number): number {
  const v = flags[name];
  if (v === undefined) return fallback;
  const n = Number(v);
  if (typeof v !== 'string' || !Number.isSafeInteger(n) || n < 1) throw new UsageError(`--${name} must be a whole number >= 1, got ${String(v)}`);
  return n;
}

/** Runs the inspect command; returns the exit code. */
export async function runInspect(argv: readonly string[], io: Io, style: Style): Promise<number> {
  const { positionals, flags } = parseArgs(argv, { path: 'value', json: true, rows: 'value', depth: 'value' });
  const [file] = fileArgs(positionals, 1, 'a save file');
  const rows = countFlag(flags, 'rows', SHOW_DEFAULTS.rows);
  const depth = countFlag(flags, 'depth', SHOW_DEFAULTS.depth);
  const bytes = readSave(file!);
  const path = typeof flags.path === 'string' ? flags.path : undefined;
  if (path !== undefined) {
    const value = open(bytes).get(path);
    if (flags.json) io.out(`${JSON.stringify({ path, value: toJson(value) })}\n`);
    else io.out(`${showLines(path, value, { ...SHOW_DEFAULTS, rows, depth, style }).join('\n')}\n`);
    return EXIT_OK;
  }
  const x = open(bytes);
  const facts = x.facts;
  const value = x.get(); // the whole value, checked to fill the payload exactly (as inspect() does)
  if (flags.json) {
    const { formatVersion, dataVersion, flags: bits } = x;
    io.out(`${JSON.stringify({
      formatVersion, dataVersion, flags: bits, checksum: facts.checksum, compression: facts.compression,
      fileBytes: bytes.length, type: typeText(x.schema), value: toJson(value),
    })}\n`);
    return EXIT_OK;
  }
  const out: string[] = [style.bold(file!)];
  for (const [k, v] of factLines(facts, bytes.length)) out.push(`  ${style.dim(`${k}:`.padEnd(16))}${v}`);
  out.push(`  ${style.dim('type:'.padEnd(16))}${typeText(x.schema)}`, '');
  out.push(...showLines('value', value, { ...SHOW_DEFAULTS, rows, depth, style }));
  io.out(`${out.join('\n')}\n`);
  return EXIT_OK;
}
