/// <reference types="node" preserve="true" />
// Colours for human output: only when the stream is a terminal and NO_COLOR is not set
// (https://no-color.org, it wins over everything); FORCE_COLOR=1 turns them on for a pipe.

/** Text styles; each returns its argument wrapped in ANSI codes, or unchanged when colours are off. */
export interface Style {
  /** Names: field names, keys. */
  key(s: string): string;
  /** Types and secondary facts. */
  dim(s: string): string;
  /** Strings and other values. */
  value(s: string): string;
  /** Headings. */
  bold(s: string): string;
  /** Errors and removed things. */
  bad(s: string): string;
  /** Added things. */
  good(s: string): string;
}

const wrap = (on: boolean, open: number, close: number) => (s: string) => (on ? `\x1b[${open}m${s}\x1b[${close}m` : s);

/** The styles for a stream: coloured when `isTTY` and the environment allows it. */
export function styleFor(isTTY: boolean | undefined, env: NodeJS.ProcessEnv = process.env): Style {
  const on = env.NO_COLOR ? false : env.FORCE_COLOR ? env.FORCE_COLOR !== '0' : !!isTTY && env.TERM !== 'dumb';
  return { key: wrap(on, 36, 39), dim: wrap(on, 2, 22), value: wrap(on, 33, 39), bold: wrap(on, 1, 22), bad: wrap(on, 31, 39), good: wrap(on, 32, 39) };
}

/** Styles that change nothing (JSON output, tests). */
export const PLAIN: Style = styleFor(false, {});
