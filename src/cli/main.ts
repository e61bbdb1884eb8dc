/// <reference types="node" preserve="true" />
// The savepack command line's dispatcher: the commands by name, the usage, and the mapping of
// failures to exit codes: 0 ok, 1 an invalid file, a failed check or files that differ (the
// SavepackError on stderr), 2 usage. savepack.ts runs it as the package's `bin`.

import { SavepackError } from '../errors.ts';
import { UsageError } from './args.ts';
import { DIFF_USAGE, runDiff } from './diff.ts';
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE, type Io } from './exit.ts';
import { INSPECT_USAGE, runInspect } from './inspect.ts';
import { LOCK_USAGE, runLock } from './lock.ts';
import { runSchema, SCHEMA_USAGE } from './schema.ts';
import type { Style } from './style.ts';
import { runVerify, VERIFY_USAGE } from './verify.ts';
import { runView, VIEW_USAGE } from './view.ts';

/** The commands, by name: each runs with the arguments after its name and returns an exit code. */
const COMMANDS: Record<string, { usage: string; run: (argv: readonly string[], io: Io, style: Style) => Promise<number> }> = {
  inspect: { usage: INSPECT_USAGE, run: runInspect },
  schema: { usage: SCHEMA_USAGE, run: runSchema },
  diff: { usage: DIFF_USAGE, run: runDiff },
  verify: { usage: VERIFY_USAGE, run: runVerify },
  view: { usage: VIEW_USAGE, run: runView },
  lock: { usage: LOCK_USAGE, run: runLock },
};

const USAGE = `usage:\n${Object.values(COMMANDS).map((c) => `  ${c.usage}`).join('\n')}\n` +
  'exit codes: 0 ok, 1 invalid file, check failed or files differ (the error code on stderr), 2 usage\n';

/** Runs the CLI with `argv` (without node and the script), writing to `io` in `style`; returns the exit code. */
export async function main(argv: readonly string[], io: Io, style: Style): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    (name === undefined ? io.err : io.out)(USAGE);
    return name === undefined ? EXIT_USAGE : EXIT_OK;
  }
  const command = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  try {
    if (!command) throw new UsageError(`unknown command ${JSON.stringify(name)}`);
    return await command.run(rest, io, style);
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`savepack: ${e.message}\n${command ? `usage: ${command.usage}\n` : USAGE}`);
      return EXIT_USAGE;
    }
    if (e instanceof SavepackError || (e instanceof Error && e.name === 'SavepackError')) {
      io.err(`savepack ${name}: ${e.message}\n`);
      return EXIT_FAILED;
    }
    io.err(`savepack: ${e instanceof Error ? e.stack ?? e.message : String(e)}\n`);
    return EXIT_FAILED;
  }
}
