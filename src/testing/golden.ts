/// <reference types="node" preserve="true" />
// goldenCheck (API.md 10, fxfs golden checks): one file per data version of a codec, written once
// and never overwritten, then verified on every later run — each still loads to the recorded
// value, and today's encoder still writes it byte for byte. Node only (node:fs).

import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SavepackError } from '../errors.ts';
import type { Codec } from '../codec/api.ts';

/** Sample values in today's in-memory shape, per data version: an object or a function of the version. */
export type GoldenSamples<T> = { readonly [version: number]: T } | ((version: number) => T);

/** Options of {@link goldenCheck}. */
export interface GoldenOptions {
  /** File name stem: files are `<name>-v<k>.sp` (default: the root schema's name). */
  name?: string;
  /** Data versions to check (default: every version 0..codec.version). */
  versions?: readonly number[];
  /** Write a missing file (default true); false makes a missing file a failure (CI). */
  write?: boolean;
}

/** What one {@link goldenCheck} run did. */
export interface GoldenReport {
  /** Files written by this run (they did not exist). */
  readonly written: string[];
  /** Files that existed and passed every check. */
  readonly verified: string[];
}

const same = (a: Uint8Array, b: Uint8Array): boolean => a.length === b.length && a.every((x, i) => x === b[i]);
const stemOf = (codec: Codec<unknown>): string => {
  const s = codec.schema as { name?: unknown };
  return typeof s.name === 'string' ? s.name : '';
};
const why = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/**
 * For each data version k: writes `dir/<name>-v<k>.sp` = `codec.encode(sample(k), { version: k })`
 * when it does not exist (never overwrites), else checks that the file decodes to the same value
 * as the sample does (compared as today's encoding of both) and that the encoder reproduces the
 * file byte for byte. Returns what it wrote and verified; any failure throws one SavepackError
 * (`INVALID_DATA`, or `INVALID_VALUE` for bad arguments) listing every file that failed.
 */
export function goldenCheck<T>(dir: string, codec: Codec<T>, samples: GoldenSamples<T>, options: GoldenOptions = {}): GoldenReport {
  const name = options.name ?? stemOf(codec as Codec<unknown>);
  if (!/^[A-Za-z0-9_][A-Za-z0-9_.-]*$/.test(name)) {
    throw new SavepackError('INVALID_VALUE', `goldenCheck needs a file name stem of letters, digits, '.', '_', '-' (options.name); got ${JSON.stringify(name)}`);
  }
  const versions = options.versions ?? Array.from({ length: codec.version + 1 }, (_, k) => k);
  const sample = (k: number): T => {
    if (typeof samples === 'function') return samples(k);
    if (!Object.hasOwn(samples, k)) throw new SavepackError('INVALID_VALUE', `goldenCheck has no sample for data version ${k}`);
    return samples[k]!;
  };
  const written: string[] = [], verified: string[] = [], failed: string[] = [];
  let firstCause: unknown;
  mkdirSync(dir, { recursive: true });
  for (const k of versions) {
    if (!Number.isSafeInteger(k) || k < 0 || k > codec.version) {
      throw new SavepackError('INVALID_VALUE', `goldenCheck: ${k} is not a data version of this codec (0..${codec.version})`);
    }
    const file = `${name}-v${k}.sp`;
    const path = join(dir, file);
    const expected = codec.encode(sample(k), { version: k });
    if (!existsSync(path)) {
      if (options.write === false) { failed.push(`${file}: missing (options.write is false)`); continue; }
      writeFileSync(path, expected, { flag: 'wx' });
      written.push(file);
      continue;
    }
    const bytes = new Uint8Array(readFileSync(path));
    const problems: string[] = [];
    try {
      const loaded = codec.encode(codec.decode(bytes));
      const recorded = codec.encode(codec.decode(expected));
      if (!same(loaded, recorded)) problems.push('loads to another value than the sample');
    } catch (e) {
      firstCause ??= e;
      problems.push(`no longer loads: ${why(e)}`);
    }
    if (!same(bytes, expected)) problems.push(`today's encoder writes other bytes for the sample (${expected.length} bytes, the file has ${bytes.length}; a format change, or the file was edited)`);
    if (problems.length) failed.push(`${file}: ${problems.join('; ')}`);
    else verified.push(file);
  }
  if (failed.length) {
    throw new SavepackError('INVALID_DATA', `golden check failed in ${dir}:\n${failed.map((f) => `  ${f}`).join('\n')}`, '',
      firstCause === undefined ? undefined : { cause: firstCause });
  }
  return { written, verified };
}
