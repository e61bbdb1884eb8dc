// A child node process whose stdout is read line by line, for the crash tests (crash.test.ts,
// crash-log.test.ts): wait for a line satisfying a predicate, track the running children so the
// test can kill them all, and know when one has closed.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

/** A started child, its output lines so far, and waits on them. */
export interface LineChild {
  proc: ChildProcess;
  lines: string[];
  /** Resolves when a line satisfying `ok` has arrived (or the child ended). */
  waitFor(ok: (line: string) => boolean): Promise<void>;
  /** Resolves when the child has closed. */
  closed: Promise<void>;
}

/** A predicate: the line starts with `prefix`. */
export const startsWith = (prefix: string) => (line: string): boolean => line.startsWith(prefix);

/** The node arguments that run `entry`: a bundle written to `dir`/`name`, or the source under tsx. */
export async function bundledChildArgs(entry: string, dir: string, name: string): Promise<string[]> {
  try {
    const { build } = await import('esbuild');
    const outfile = join(dir, name);
    await build({ entryPoints: [entry], bundle: true, platform: 'node', format: 'esm', target: 'node20', outfile, logLevel: 'silent' });
    return [outfile];
  } catch (e) {
    console.log(`  (esbuild unavailable, children run under tsx: ${String(e)})`);
    return ['--import', 'tsx', entry];
  }
}

/** Spawns `node ...argv` with piped stdin/stdout, added to `running` until it closes. */
export function startLineChild(argv: string[], running: Set<ChildProcess>): LineChild {
  const proc = spawn(process.execPath, argv, { stdio: ['pipe', 'pipe', 'inherit'] });
  const lines: string[] = [];
  let waiters: { ok: (line: string) => boolean; resolve: () => void }[] = [];
  let buf = '';
  const wake = () => {
    waiters = waiters.filter((w) => {
      if (!lines.some(w.ok)) return true;
      w.resolve();
      return false;
    });
  };
  proc.stdout!.setEncoding('utf8').on('data', (s: string) => {
    buf += s;
    const parts = buf.split('\n');
    buf = parts.pop()!;
    lines.push(...parts);
    wake();
  });
  running.add(proc);
  const closed = new Promise<void>((resolve) => proc.on('close', () => {
    running.delete(proc);
    for (const w of waiters) w.resolve();
    waiters = [];
    resolve();
  }));
  proc.stdin!.on('error', () => {}); // EPIPE when it is killed before reading
  return {
    proc, lines, closed,
    waitFor: (ok) => new Promise<void>((resolve) => {
      waiters.push({ ok, resolve });
      wake();
    }),
  };
}
