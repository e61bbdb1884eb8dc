// The savepack CLI built for tests the way the package ships it: src/cli/savepack.ts bundled by
// esbuild into <tmp>/cli/savepack.js, the web viewer into <tmp>/viewer/ (scripts/viewer-build.mjs),
// so `savepack view` finds its files next to the script as it does in dist/.

import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as esbuild from 'esbuild';
import { buildViewer } from '../../scripts/viewer-build.mjs';
import { repoRoot } from '../browser/docs-snippets.ts';

let built: Promise<string> | undefined;

/**
 * Builds the CLI and the viewer, once per process (test files of one suite run share it), into a
 * temporary folder removed when the process exits; returns the path of the CLI script.
 */
export function buildCli(): Promise<string> {
  built ??= build();
  return built;
}

async function build(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'savepack-cli-build-'));
  process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
  const outfile = join(dir, 'cli', 'savepack.js');
  await esbuild.build({
    absWorkingDir: repoRoot, entryPoints: [join(repoRoot, 'src/cli/savepack.ts')], bundle: true,
    platform: 'node', format: 'esm', target: 'node20', outfile, logLevel: 'warning',
    // A bundled dependency that uses require() (fflate) needs one in ESM.
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  });
  await buildViewer({ root: repoRoot, outDir: join(dir, 'viewer'), minify: false });
  return outfile;
}

/** What one run of the CLI gave. */
export interface CliRun { code: number | null; stdout: string; stderr: string }

/** Runs `node <cli> ...args` in `cwd` to the end (environment: this one plus `env`). */
export function runCli(cli: string, args: string[], cwd: string, env: Record<string, string> = {}): CliRun {
  const base: Record<string, string | undefined> = { ...process.env, NO_COLOR: '1' };
  delete base.FORCE_COLOR; // the test runner's own setting
  const r = spawnSync(process.execPath, [cli, ...args], { cwd, encoding: 'utf8', timeout: 60_000, env: { ...base, ...env } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A running `savepack view`: its URL and a way to stop it (resolves with the exit code). */
export interface ViewServer { url: string; stop(): Promise<number | null> }

/** Starts `node <cli> view <file> --no-open` and waits for the URL it prints. */
export function startView(cli: string, file: string, cwd: string): Promise<ViewServer> {
  const child = spawn(process.execPath, [cli, 'view', file, '--no-open'], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '', err = '';
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => { child.kill('SIGKILL'); reject(new Error(`savepack view printed no URL: ${out}${err}`)); }, 30_000);
    child.stderr.on('data', (b) => (err += b));
    child.stdout.on('data', (b) => {
      out += b;
      const m = /(http:\/\/127\.0\.0\.1:\d+\/\S*)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ url: m[1]!, stop: () => { child.kill('SIGTERM'); return exited; } });
      }
    });
    void exited.then((code) => { clearTimeout(timer); reject(new Error(`savepack view exited with ${code}: ${out}${err}`)); });
  });
}
