// The path syntax of open(bytes).get/keys/length: `players[3].name`, `inventory["sword"]`,
// `["odd.name"].x`. A step is `.name` (the first one without the dot), `[n]` (an index, or a map's
// integer or bigint key, any size) or `["text"]` (a JSON string: a field with any name, or a map's string key).
// childPath writes one step in the same syntax.

import { SavepackError } from '../errors.ts';
import { printable } from '../schema/printable.ts';

/** One parsed step, with the path text up to and including it (for error messages). */
export type PathStep = { kind: 'name'; name: string; text: string } | { kind: 'index'; index: number; big: bigint; text: string };

const NAME = /^[A-Za-z_$][A-Za-z0-9_$]*/;
const NAME_ONLY = new RegExp(`${NAME.source}$`);
const INDEX = /^\[(-?(?:0|[1-9][0-9]*))\]/;
const QUOTED = /^\[("(?:[^"\\]|\\.)*")\]/;

/** Parses a path; '' (or undefined) is the root. A malformed path is INVALID_VALUE. */
export function parsePath(path: unknown): PathStep[] {
  if (path === undefined) return [];
  if (typeof path !== 'string') throw new SavepackError('INVALID_VALUE', `a path must be a string, got ${typeof path}`);
  const steps: PathStep[] = [];
  let rest = path;
  const bad = (why: string): never => {
    throw new SavepackError('INVALID_VALUE', `malformed path ${JSON.stringify(printable(path))} at offset ${path.length - rest.length}: ${why}`, printable(path));
  };
  while (rest !== '') {
    const done = path.length - rest.length;
    const at = () => path.slice(0, path.length - rest.length);
    if (rest.startsWith('[')) {
      let m = INDEX.exec(rest);
      if (m) {
        // Past 2^53 only a map's bigint key can match (`index` is then not a safe integer).
        rest = rest.slice(m[0].length);
        steps.push({ kind: 'index', index: Number(m[1]), big: BigInt(m[1]!), text: at() });
        continue;
      }
      m = QUOTED.exec(rest);
      if (!m) bad('expected [n] or ["name"]');
      let name: unknown;
      try { name = JSON.parse(m![1]!); } catch { bad('bad string escape'); }
      rest = rest.slice(m![0].length);
      steps.push({ kind: 'name', name: name as string, text: at() });
      continue;
    }
    if (done > 0) {
      if (!rest.startsWith('.')) bad("expected '.', '[' or the end");
      rest = rest.slice(1);
    }
    const m = NAME.exec(rest);
    if (!m) bad('expected a name (letters, digits, _ and $; use ["..."] for any other name)');
    rest = rest.slice(m![0].length);
    steps.push({ kind: 'name', name: m![0], text: at() });
  }
  return steps;
}

/** The path of `step` under `path` ('' is the root): `[n]` for numbers and bigints, `.name` or `["name"]` for anything else (as a string). */
export function childPath(path: string, step: unknown): string {
  if (typeof step === 'number' || typeof step === 'bigint') return `${path}[${step}]`;
  const name = String(step);
  if (NAME_ONLY.test(name)) return path ? `${path}.${name}` : name;
  return `${path}[${JSON.stringify(name)}]`;
}
