// printable(name): how a name that may come from a file is shown in a message. A file's schema
// section can hold any UTF-8 in its names: terminal escapes, bidi overrides, newlines that fake a
// second message line, megabytes of text. Messages show names through this one function.

/** Longest name a message shows in full (in UTF-16 units); longer ones are cut with their length. */
const PRINTABLE_MAX = 80;

// Control (C0, DEL, C1), format (bidi overrides, zero-width), separators other than the space,
// surrogates, private-use and unassigned code points; and the backslash, so that an escape in a
// message can never be a name's own text.
const UNSAFE = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}\\]|(?! )\p{Zs}/gu;

/** `name` with unsafe characters written as `\u{…}` escapes (`\\` for a backslash) and cut to about {@link PRINTABLE_MAX} characters. */
export function printable(name: string): string {
  const long = name.length > PRINTABLE_MAX;
  let s = long ? name.slice(0, PRINTABLE_MAX - 16) : name;
  s = s.replace(UNSAFE, (c) => (c === '\\' ? '\\\\' : `\\u{${c.codePointAt(0)!.toString(16)}}`));
  return long ? `${s}…(${name.length} chars)` : s;
}
