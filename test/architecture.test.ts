// The shape of src/ (DESIGN.md, "Shape"): no import circles (type imports included), no file
// importing from a layer above its own, the public face re-exports only, no file over the size
// budget, a doc comment on every export and on every public member of the package's classes and
// interfaces (and of the byte layer's Reader/Writer), and no Node built-in reachable from the browser entries.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const SRC = resolve(dirname(fileURLToPath(import.meta.url)), '../src');

/** Layers from the bottom up: a file may import from its own layer or a lower one. */
const LAYERS: string[][] = [
  ['errors.ts', 'kinds'],
  ['wire', 'wasm'],
  ['format'],
  ['schema'],
  ['layout'],
  ['builders'],
  ['codegen'],
  ['records'],
  ['codec'],
  ['node', 'browser', 'cli', 'inspect', 'units', 'testing', 'log', 'viewer'],
  ['index.ts', 'node.ts', 'browser.ts', 'testing.ts'],
];

const files: string[] = [];
const walk = (dir: string) => {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p);
    else if (p.endsWith('.ts')) files.push(relative(SRC, p));
  }
};
walk(SRC);

const IMPORT = /(?:^|\n)\s*(?:import|export)\s+(?:type\s+)?(?:[^'";]*?\s+from\s+)?['"]([^'"]+)['"]/g;

/** Every relative import of `file` (type-only ones included), resolved to a path under src/. */
function importsOf(file: string): string[] {
  const text = readFileSync(join(SRC, file), 'utf8');
  const out: string[] = [];
  for (const m of text.matchAll(IMPORT)) {
    const spec = m[1]!;
    if (spec.startsWith('.')) out.push(relative(SRC, resolve(SRC, dirname(file), spec)));
  }
  return out;
}

const graph = new Map(files.map((f) => [f, importsOf(f)]));

function layerOf(file: string): number {
  const top = file.split('/')[0]!;
  const i = LAYERS.findIndex((l) => l.includes(top));
  return i;
}

test('every file of src/ belongs to a layer', () => {
  const orphans = files.filter((f) => layerOf(f) < 0 && !f.startsWith('wasm/core-bytes'));
  assert.equal(orphans, [], `files outside the known layers: ${orphans.join(', ')}`);
});

test('every relative import resolves to a file of src/', () => {
  const missing: string[] = [];
  for (const [f, deps] of graph) for (const d of deps) if (!graph.has(d)) missing.push(`${f} -> ${d}`);
  assert.equal(missing, []);
});

test('no import circles (type-only imports count)', () => {
  const state = new Map<string, 1 | 2>();
  const cycles: string[] = [];
  const stack: string[] = [];
  const visit = (f: string) => {
    state.set(f, 1);
    stack.push(f);
    for (const d of graph.get(f) ?? []) {
      if (state.get(d) === 1) cycles.push([...stack.slice(stack.indexOf(d)), d].join(' -> '));
      else if (!state.has(d)) visit(d);
    }
    stack.pop();
    state.set(f, 2);
  };
  for (const f of files) if (!state.has(f)) visit(f);
  assert.equal(cycles, []);
});

test('no file imports from a layer above its own', () => {
  const up: string[] = [];
  for (const [f, deps] of graph) {
    for (const d of deps) if (layerOf(d) > layerOf(f)) up.push(`${f} -> ${d}`);
  }
  assert.equal(up, []);
});

test('the public faces only re-export', () => {
  for (const f of ['index.ts', 'node.ts', 'browser.ts'].filter((x) => graph.has(x))) {
    const code = readFileSync(join(SRC, f), 'utf8').split('\n').filter((l) => l.trim() && !l.trim().startsWith('//') && !l.trim().startsWith('*') && !l.trim().startsWith('/*'));
    const other = code.filter((l) => !/^\s*(export|import)\b|^\s*[A-Za-z_$][\w$]*,?\s*(type\s+\w+,?\s*)*|^\s*}/.test(l));
    assert.equal(other, [], `${f} holds more than re-exports`);
    assert.ok(!/\b(function|class|const|let|var)\b/.test(code.join('\n')), `${f} defines something`);
  }
});

test('no file over 300 lines', () => {
  const big = files.map((f) => [f, readFileSync(join(SRC, f), 'utf8').split('\n').length] as const).filter(([, n]) => n > 310);
  assert.equal(big, []);
});

test('every export has a doc comment', () => {
  const bare: string[] = [];
  for (const f of files) {
    if (f === 'index.ts' || f === 'node.ts' || f === 'browser.ts' || f.startsWith('wasm/core-bytes')) continue;
    const lines = readFileSync(join(SRC, f), 'utf8').split('\n');
    lines.forEach((l, i) => {
      if (!/^export (async )?(function|class|const|let|interface|type [A-Za-z_]|abstract class|enum)/.test(l)) return;
      let j = i - 1;
      // annotations and overload signatures of the same function sit between the doc and the line
      while (j >= 0 && (/^\s*\/\* @__/.test(lines[j]!) || /^export function .*;$/.test(lines[j]!))) j--;
      if (!/\*\/\s*$|^\s*\/\/\//.test(lines[j] ?? '')) bare.push(`${f}:${i + 1} ${l.slice(0, 60)}`);
    });
  }
  assert.equal(bare, []);
});

/** Names the public faces re-export, with the file each comes from. */
function publicNames(): Map<string, string> {
  const out = new Map<string, string>();
  for (const face of ['index.ts', 'node.ts', 'browser.ts'].filter((x) => graph.has(x))) {
    const text = readFileSync(join(SRC, face), 'utf8');
    for (const m of text.matchAll(/export\s+(?:type\s+)?\{([^}]*)\}\s*from\s*['"]([^'"]+)['"]/g)) {
      const file = relative(SRC, resolve(SRC, dirname(face), m[2]!));
      for (const part of m[1]!.split(',')) {
        const name = part.trim().replace(/^type\s+/, '').split(/\s+as\s+/).pop()!.trim();
        if (name) out.set(name, file);
      }
    }
  }
  return out;
}

test('every public member of the exported classes and public interfaces has a doc comment', () => {
  // the package's classes and interfaces (the schema model aside: API.md section 1 describes it),
  // and the byte layer's Reader and Writer
  const wanted = new Map<string, Set<string>>();
  for (const [name, file] of publicNames()) if (file !== 'schema/types.ts') (wanted.get(file) ?? wanted.set(file, new Set()).get(file)!).add(name);
  for (const f of files.filter((x) => x.startsWith('wire/'))) (wanted.get(f) ?? wanted.set(f, new Set()).get(f)!).add('*class');
  const bare: string[] = [];
  for (const [file, names] of wanted) {
    const sf = ts.createSourceFile(file, readFileSync(join(SRC, file), 'utf8'), ts.ScriptTarget.Latest, true);
    for (const st of sf.statements) {
      if (!(ts.isClassDeclaration(st) || ts.isInterfaceDeclaration(st)) || !st.name) continue;
      if (!names.has(st.name.text) && !(names.has('*class') && ts.isClassDeclaration(st) && st.modifiers?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword))) continue;
      for (const m of st.members) {
        if ((m.name && ts.isPrivateIdentifier(m.name)) || ts.getCombinedModifierFlags(m as ts.Declaration) & ts.ModifierFlags.Private) continue;
        if (ts.getJSDocCommentsAndTags(m).length === 0) bare.push(`${file}:${sf.getLineAndCharacterOfPosition(m.getStart()).line + 1} ${st.name.text}.${m.name?.getText() ?? 'constructor'}`);
      }
    }
  }
  assert.equal(bare, []);
});

test('no Node built-in is reachable from the browser entries', () => {
  const reach = new Set<string>();
  const go = (f: string) => {
    if (reach.has(f)) return;
    reach.add(f);
    for (const d of graph.get(f) ?? []) go(d);
  };
  go('index.ts');
  if (graph.has('browser.ts')) go('browser.ts');
  const bad: string[] = [];
  for (const f of reach) {
    const text = readFileSync(join(SRC, f), 'utf8');
    for (const m of text.matchAll(IMPORT)) if (/^node:|^(fs|path|os|crypto|child_process|worker_threads)$/.test(m[1]!)) bad.push(`${f}: ${m[1]}`);
  }
  assert.equal(bad, []);
});

test.run();
