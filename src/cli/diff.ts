// `savepack diff <fileA> <fileB> [--json] [--max n]`: how two saves differ, each read by its own
// embedded schema: first the schema differences (diffSchema: by name, with advice), then the value
// differences by path. Exit 0 when the files hold the same schema and value, 1 when they differ.

import { inspect } from '../inspect/inspect.ts';
import { diffSchema } from '../schema/diff.ts';
import { parseArgs } from './args.ts';
import { EXIT_FAILED, EXIT_OK, type Io } from './exit.ts';
import { fileArgs, readSave } from './input.ts';
import { countFlag } from './inspect.ts';
import { inline, SHOW_DEFAULTS, summary, toJson } from './show.ts';
import type { Style } from './style.ts';
import { diffValues } from './value-diff.ts';

/** Usage text of the diff command. */
export const DIFF_USAGE = 'savepack diff <fileA> <fileB> [--json] [--max <n>]';

/** Runs the diff command; returns the exit code (0 same, 1 different). */
export async function runDiff(argv: readonly string[], io: Io, style: Style): Promise<number> {
  const { positionals, flags } = parseArgs(argv, { json: true, max: 'value' });
  const [fa, fb] = fileArgs(positionals, 2, 'two save files');
  const max = countFlag(flags, 'max', 50);
  const a = inspect(readSave(fa!));
  const b = inspect(readSave(fb!));
  // diffSchema's words: A is the file found, B what is expected (as when a program of B's schema
  // reads the older save A: its advice says what B's schema needs for that).
  const schema = diffSchema(a.schema, b.schema, { version: a.dataVersion });
  const values = diffValues(a.value, b.value, max);
  const same = schema === undefined && values.differences.length === 0 && a.dataVersion === b.dataVersion;
  if (flags.json) {
    io.out(`${JSON.stringify({
      same, dataVersions: [a.dataVersion, b.dataVersion], schema: schema ?? null,
      values: values.differences.map((d) => ({ path: d.path, kind: d.kind, a: toJson(d.a), b: toJson(d.b) })), more: values.more,
    })}\n`);
    return same ? EXIT_OK : EXIT_FAILED;
  }
  const o = { ...SHOW_DEFAULTS, style, width: 40 };
  const text = (v: unknown) => inline(v, o) ?? style.dim(`(${summary(v)})`);
  const out: string[] = [];
  if (a.dataVersion !== b.dataVersion) out.push(`data version: ${a.dataVersion} -> ${b.dataVersion}`);
  out.push(schema === undefined ? style.dim('schema: the same') : `${style.bold(`schema ("in file": ${fa}, "expected": ${fb}):`)}\n${schema.split('\n').map((l) => `  ${l}`).join('\n')}`);
  const n = values.differences.length + values.more;
  if (n === 0) out.push(style.dim('values: the same'));
  else {
    out.push(style.bold(`values: ${n}${values.more >= 10_000 ? '+' : ''} difference${n === 1 ? '' : 's'}`));
    for (const d of values.differences) {
      const at = style.key(d.path || '(root)');
      if (d.kind === 'added') out.push(`  ${style.good('+')} ${at}: ${text(d.b)}`);
      else if (d.kind === 'removed') out.push(`  ${style.bad('-')} ${at}: ${text(d.a)}`);
      else if (d.kind === 'length') out.push(`  ~ ${at}: ${d.a} items -> ${d.b} items`);
      else out.push(`  ~ ${at}: ${text(d.a)} -> ${text(d.b)}`);
    }
    if (values.more) out.push(style.dim(`  … ${values.more}${values.more >= 10_000 ? '+' : ''} more (--max to list more)`));
  }
  io.out(`${out.join('\n')}\n`);
  return same ? EXIT_OK : EXIT_FAILED;
}
