// The install examples of the docs, extracted so that tests run exactly what the docs show.
//
// In README.md a fenced block is
// marked by an HTML comment on the line before it:
//
//   <!-- test:node-esm -->          the code        (test/package.test.ts runs it from the tarball)
//   <!-- test:node-esm:output -->   what it prints  (compared with the real output)
//
// Names: node-esm, node-cjs (package test), script-module (browser test).

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

export interface Snippet { doc: string; name: string; code: string; output?: string }

/** The docs that carry tested snippets (README.md). */
export function snippetDocs(): string[] {
  return ['README.md'].filter((f) => existsSync(join(repoRoot, f)) && /<!-- test:[\w-]+ -->/.test(readFileSync(join(repoRoot, f), 'utf8')));
}

/** Every occurrence of snippet `name` in the docs (at least one, or it throws). */
export function snippets(name: string): Snippet[] {
  const found: Snippet[] = [];
  for (const doc of snippetDocs()) {
    const text = readFileSync(join(repoRoot, doc), 'utf8');
    const code = block(text, `<!-- test:${name} -->`);
    if (code === undefined) continue;
    const output = block(text, `<!-- test:${name}:output -->`);
    found.push({ doc, name, code, ...(output === undefined ? {} : { output }) });
  }
  if (!found.length) throw new Error(`no <!-- test:${name} --> snippet in README.md`);
  return found;
}

/** The fenced block that follows `marker` (its content, ending with a newline). */
function block(text: string, marker: string): string | undefined {
  const at = text.indexOf(marker);
  if (at < 0) return undefined;
  const m = /^[ \t]*\n?[ \t]*(```+)[^\n]*\n([\s\S]*?)\n[ \t]*\1[ \t]*$/m.exec(text.slice(at + marker.length));
  if (!m || m.index > 2) throw new Error(`${marker} must be followed directly by a fenced code block`);
  return `${m[2]}\n`;
}
