// Finds a real Chromium for the browser tests, in this order:
//
//   1. SAVEPACK_CHROMIUM: a Chromium/Chrome binary (set but missing is an error, not a skip);
//   2. the system's (/usr/bin/chromium, chromium-browser, google-chrome, ...), unless
//      SAVEPACK_NO_SYSTEM_CHROMIUM=1;
//   3. the headless Chromium that the @sparticuz/chromium devDependency ships (Linux x64): its
//      brotli'd binary is extracted to the temp directory, and the NSS/expat libraries it links
//      against come from the same package, so it runs on machines that have no Chromium installed.
//      SAVEPACK_NO_REGISTRY_CHROMIUM=1 leaves it out (to see what a machine without it does).
//
// No browser is downloaded: playwright-core drives whichever binary is found.

import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliDecompressSync } from 'node:zlib';

/** A Chromium to launch: the binary, the environment to launch it with, and where it came from. */
export interface FoundChromium {
  executablePath: string;
  env: Record<string, string | undefined>;
  source: string;
}

/** The lookup's outcome: a browser; none anywhere (`missing`, a skip); or a broken setting (`error`). */
export type ChromiumLookup = FoundChromium | { missing: string } | { error: string };

/** How to enable the browser tests, for the line printed when they are skipped. */
export const ENABLE_HINT = 'install Chromium (`apt-get install -y chromium`), or run `npm install` on Linux x64 '
  + '(the @sparticuz/chromium devDependency ships one), or set SAVEPACK_CHROMIUM=/path/to/chromium';

/** Where system browsers usually live (Debian/Ubuntu, snap, Chrome, macOS). */
export const SYSTEM_CHROMIUM_PATHS = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/snap/bin/chromium',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
];

/** Finds a Chromium (see the top of this file); extracts the registry one on first use. */
export async function findChromium(env: NodeJS.ProcessEnv = process.env): Promise<ChromiumLookup> {
  const explicit = env.SAVEPACK_CHROMIUM;
  if (explicit) {
    return existsSync(explicit)
      ? { executablePath: explicit, env: { ...env }, source: 'SAVEPACK_CHROMIUM' }
      : { error: `SAVEPACK_CHROMIUM=${explicit} does not exist` };
  }
  const tried: string[] = [];
  if (env.SAVEPACK_NO_SYSTEM_CHROMIUM !== '1') {
    const system = SYSTEM_CHROMIUM_PATHS.find((p) => existsSync(p));
    if (system) return { executablePath: system, env: { ...env }, source: 'system' };
    tried.push(...SYSTEM_CHROMIUM_PATHS);
  } else {
    tried.push('no system paths (SAVEPACK_NO_SYSTEM_CHROMIUM=1)');
  }
  if (env.SAVEPACK_NO_REGISTRY_CHROMIUM === '1') {
    tried.push('no @sparticuz/chromium (SAVEPACK_NO_REGISTRY_CHROMIUM=1)');
    return { missing: `looked at ${tried.join(', ')}` };
  }
  const registry = await registryChromium(env);
  if ('executablePath' in registry) return registry;
  if ('error' in registry) return registry;
  tried.push(registry.missing);
  return { missing: `looked at ${tried.join(', ')}` };
}

/** The Chromium of the @sparticuz/chromium devDependency, with its bundled libraries. */
async function registryChromium(env: NodeJS.ProcessEnv): Promise<ChromiumLookup> {
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    return { missing: `@sparticuz/chromium (ships Linux x64 only; this is ${process.platform}-${process.arch})` };
  }
  let mod: { default: { executablePath(): Promise<string> } };
  let root: string;
  try {
    mod = (await import('@sparticuz/chromium')) as typeof mod;
    // build/esm/index.js -> the package root, where bin/ holds the brotli'd archives.
    root = dirname(dirname(dirname(fileURLToPath(import.meta.resolve('@sparticuz/chromium')))));
  } catch {
    return { missing: '@sparticuz/chromium (not installed: run `npm install`)' };
  }
  try {
    const executablePath = await mod.default.executablePath();
    const version = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version;
    const libDir = extractLibraries(join(root, 'bin', 'al2023.tar.br'), join(tmpdir(), `savepack-chromium-libs-${version}`));
    const ld = env.LD_LIBRARY_PATH ? `${libDir}:${env.LD_LIBRARY_PATH}` : libDir;
    return { executablePath, env: { ...env, LD_LIBRARY_PATH: ld }, source: `@sparticuz/chromium ${version}` };
  } catch (e) {
    return { error: `@sparticuz/chromium is installed but could not be extracted: ${e instanceof Error ? e.message : String(e)}` };
  }
}

/**
 * Unpacks the package's shared libraries (libnss3, libnspr4, libexpat, ... built for Amazon Linux
 * 2023, which any newer glibc runs) once into `dir`; returns the folder to put on LD_LIBRARY_PATH.
 */
function extractLibraries(archive: string, dir: string): string {
  const libDir = join(dir, 'lib');
  if (existsSync(join(libDir, 'libnss3.so'))) return libDir;
  const staging = `${dir}.${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  const r = spawnSync('tar', ['-x', '-C', staging], { input: brotliDecompressSync(readFileSync(archive)) });
  if (r.error || r.status !== 0) throw new Error(`tar failed: ${r.error?.message ?? r.stderr.toString()}`);
  try {
    renameSync(staging, dir);
  } catch {
    rmSync(staging, { recursive: true, force: true }); // another process got there first
  }
  if (!existsSync(join(libDir, 'libnss3.so'))) throw new Error(`no libnss3.so in ${archive}`);
  return libDir;
}
