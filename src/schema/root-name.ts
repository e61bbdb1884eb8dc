// The name a decode reports a root value under in error paths (`game.Player.hp`): the name of the
// struct or union at the root (through t.lazy), or '' for any other root.

import type { Schema } from './types.ts';

/** The root name of `s` for error paths: its struct's or union's name (through t.lazy), else ''. */
export function rootName(s: Schema): string {
  while (s.kind === 'lazy') s = s.get();
  return 'name' in s && typeof s.name === 'string' ? s.name : '';
}
