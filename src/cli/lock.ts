/// <reference types="node" preserve="true" />
// `savepack lock <module> [--check] [--export name] [--file savepack.lock.json] [--force]`:
// imports the user's module, finds its exported codecs and writes (or, with --check, compares)
// the lock file of their data versions (API.md 10).

import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Codec } from '../codec/api.ts';
import { checkLock } from '../codec/lock.ts';
import { parseArgs, UsageError } from './args.ts';
import { EXIT_FAILED, EXIT_OK, type Io } from './exit.ts';
import { codecLock, formatLockFile, LOCK_FORMAT, parseLockFile, type LockFile } from './lockfile.ts';

/** Usage text of the lock command. */
export const LOCK_USAGE = 'savepack lock <module> [--check] [--export <name>] [--file <savepack.lock.json>] [--force]';

/** True for a savepack codec (of any copy of savepack: checked by shape, not by class). */
function isCodec(x: unknown): x is Codec<unknown> {
  const c = x as Partial<Codec<unknown>> | null;
  return !!c && typeof c === 'object' && typeof c.version === 'number' && !!c.schema && typeof c.schema === 'object' &&
    typeof c.encode === 'function' && typeof c.decode === 'function' && typeof c.schemaAt === 'function';
}

/** The codecs `mod` exports (all of them, or the one named `only`), by export name. */
function exportedCodecs(mod: Record<string, unknown>, spec: string, only: string | undefined): Map<string, Codec<unknown>> {
  const out = new Map<string, Codec<unknown>>();
  if (only !== undefined) {
    if (!Object.hasOwn(mod, only)) throw new UsageError(`${spec} has no export named ${JSON.stringify(only)}`);
    if (!isCodec(mod[only])) throw new UsageError(`export ${JSON.stringify(only)} of ${spec} is not a savepack codec`);
    out.set(only, mod[only]);
    return out;
  }
  for (const name of Object.keys(mod).sort()) if (isCodec(mod[name])) out.set(name, mod[name] as Codec<unknown>);
  if (!out.size) throw new UsageError(`${spec} exports no savepack codec (export the result of codec(...))`);
  return out;
}

/** Runs the lock command; returns the exit code. */
export async function runLock(argv: readonly string[], io: Io): Promise<number> {
  const { positionals, flags } = parseArgs(argv, { check: true, export: 'value', file: 'value', force: true });
  if (positionals.length !== 1) throw new UsageError(positionals.length ? `one module expected, got ${positionals.length}` : 'which module? (a .js or .mjs file that exports codecs)');
  if (flags.check && flags.force) throw new UsageError('--check and --force do not go together');
  const spec = positionals[0]!;
  const modulePath = resolve(spec);
  if (!existsSync(modulePath)) throw new UsageError(`there is no module at ${spec}`);
  const lockPath = resolve(typeof flags.file === 'string' ? flags.file : 'savepack.lock.json');
  let mod: Record<string, unknown>;
  try {
    mod = (await import(pathToFileURL(modulePath).href)) as Record<string, unknown>;
  } catch (e) {
    io.err(`savepack lock: cannot import ${spec}: ${e instanceof Error ? e.message : String(e)}\n`);
    return EXIT_FAILED;
  }
  const codecs = exportedCodecs(mod, spec, typeof flags.export === 'string' ? flags.export : undefined);

  const old: LockFile | undefined = existsSync(lockPath) ? parseLockFile(readFileSync(lockPath, 'utf8'), lockPath) : undefined;
  if (flags.check && !old) {
    io.err(`savepack lock --check: there is no lock file at ${lockPath} (run savepack lock ${spec} first)\n`);
    return EXIT_FAILED;
  }
  const problems: string[] = [];
  if (old) {
    for (const [name, c] of codecs) {
      const locked = old.codecs[name];
      if (locked) for (const p of checkLock(c, locked)) problems.push(`${name}: ${p}`);
    }
    if (flags.check && typeof flags.export !== 'string') {
      for (const name of Object.keys(old.codecs)) if (!codecs.has(name)) problems.push(`${name}: locked, but ${spec} no longer exports it`);
    }
  }
  if (flags.check) {
    if (problems.length) {
      io.err(`savepack lock --check: ${problems.length} problem${problems.length > 1 ? 's' : ''} in ${lockPath}\n${problems.join('\n')}\n`);
      return EXIT_FAILED;
    }
    const fresh = [...codecs].filter(([name, c]) => Object.keys(old!.codecs[name] ?? {}).length < c.version + 1);
    io.out(`savepack lock --check: ${codecs.size} codec${codecs.size > 1 ? 's' : ''} match ${lockPath}` +
      (fresh.length ? ` (not yet locked: ${fresh.map(([n, c]) => `${n} up to version ${c.version}`).join(', ')})` : '') + '\n');
    return EXIT_OK;
  }
  if (problems.length && !flags.force) {
    io.err(`savepack lock: not written: released versions changed (bump the version, or --force to accept)\n${problems.join('\n')}\n`);
    return EXIT_FAILED;
  }
  const next: LockFile = { format: LOCK_FORMAT, codecs: { ...(old?.codecs ?? {}) } };
  for (const [name, c] of codecs) next.codecs[name] = codecLock(c);
  writeFileSync(lockPath, formatLockFile(next));
  io.out(`savepack lock: wrote ${lockPath} (${[...codecs].map(([n, c]) => `${n} versions 0..${c.version}`).join(', ')})\n`);
  return EXIT_OK;
}
