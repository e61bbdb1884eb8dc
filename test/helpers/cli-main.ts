// The CLI's main() run in this process (no child, no build): output collected, no colours.

import { main } from '../../src/cli/main.ts';
import { PLAIN } from '../../src/cli/style.ts';
import type { CliRun } from './cli-build.ts';

/** Runs `savepack ...args` through main() in this process, in folder `cwd` when given; output collected. */
export async function runMain(args: string[], cwd?: string): Promise<CliRun> {
  let stdout = '', stderr = '';
  const before = process.cwd();
  if (cwd !== undefined) process.chdir(cwd);
  try {
    const code = await main(args, { out: (t) => { stdout += t; }, err: (t) => { stderr += t; } }, PLAIN);
    return { code, stdout, stderr };
  } finally {
    if (cwd !== undefined) process.chdir(before);
  }
}
