// Child processes for test/package.test.ts: run a command (no shell) with a timeout and collect
// its output; `ok` also requires exit code 0.
import { spawn } from 'node:child_process';

/** What a finished command printed and its exit code. */
export interface Run { code: number | null; stdout: string; stderr: string }

/** Runs a command (no shell), collecting output; never hangs longer than `timeout` ms. */
export function run(cmd: string, args: string[], cwd: string, timeout = 60_000, env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd, env: { ...process.env, npm_config_update_notifier: 'false', npm_config_fund: 'false', npm_config_audit: 'false', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '', stderr = '';
    child.stdout.on('data', (b) => (stdout += b));
    child.stderr.on('data', (b) => (stderr += b));
    const timer = setTimeout(() => { child.kill('SIGKILL'); reject(new Error(`timed out after ${timeout} ms: ${cmd} ${args.join(' ')}`)); }, timeout);
    child.on('error', (e) => { clearTimeout(timer); reject(e); });
    child.on('close', (code) => { clearTimeout(timer); resolve({ code, stdout, stderr }); });
  });
}

/** Like run, but a non-zero exit is an error carrying the output. */
export async function ok(cmd: string, args: string[], cwd: string, timeout?: number): Promise<Run> {
  const r = await run(cmd, args, cwd, timeout);
  if (r.code !== 0) throw new Error(`${cmd} ${args.join(' ')} exited with ${r.code}\n${r.stdout}\n${r.stderr}`);
  return r;
}
