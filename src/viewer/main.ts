// The web viewer's page script (bundled by scripts/viewer-build.mjs into dist/viewer/viewer.js):
// a file dropped on the page, picked, or served by `savepack view` (?file=/file) is checked and
// opened lazily; the page shows the header facts, the schema and the value as a virtualised tree.
// Any failure shows the SavepackError's code, path and message. No framework, no code made from
// file content: names and values from the file only ever become text nodes.

import { SavepackError } from '../errors.ts';
import { factLines } from '../cli/facts.ts';
import { schemaLines } from '../cli/schema-text.ts';
import { inspect } from '../inspect/inspect.ts';
import { open } from '../inspect/open.ts';
import { parsePath } from '../inspect/path.ts';
import { rootNode, reveal, type TreeNode } from './tree.ts';
import { TreeView } from './rows.ts';

const $ = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T;

let current: { bytes: Uint8Array; root: TreeNode; view: TreeView } | undefined;

/** Shows `e` (a SavepackError: its code, path and message) in the error panel. */
function showError(e: unknown, where: string): void {
  const se = e instanceof SavepackError || (e instanceof Error && e.name === 'SavepackError') ? e as SavepackError : undefined;
  const panel = $('error');
  panel.hidden = false;
  $('error-where').textContent = where;
  $('error-code').textContent = se ? se.code : 'ERROR';
  $('error-path').textContent = se?.path ? se.path : '(no path)';
  $('error-message').textContent = e instanceof Error ? e.message : String(e);
  document.body.dataset.state = 'error';
}

/** Fills a definition list with label/value pairs. */
function facts(list: HTMLElement, pairs: [string, string][]): void {
  list.textContent = '';
  for (const [k, v] of pairs) {
    const dt = document.createElement('dt');
    dt.textContent = k;
    const dd = document.createElement('dd');
    dd.textContent = v;
    list.append(dt, dd);
  }
}

/** Opens `bytes` (named `name`) and shows it. */
function load(bytes: Uint8Array, name: string): void {
  current = undefined;
  for (const id of ['error', 'facts', 'schema', 'value']) $(id).hidden = true;
  $('verify-result').textContent = '';
  $('goto-error').textContent = '';
  $<HTMLInputElement>('goto-path').value = '';
  $('title').textContent = name;
  document.body.dataset.state = 'loading';
  const t0 = performance.now();
  try {
    const file = open(bytes);
    const schema = file.schema;
    facts($('facts-list'), factLines(file.facts, bytes.length));
    $('schema-text').textContent = schemaLines(schema).join('\n');
    const root = rootNode(file, schema, name);
    root.toggle(true);
    $('facts').hidden = $('schema').hidden = $('value').hidden = false;
    const view = new TreeView($('tree'), root);
    current = { bytes, root, view };
    $('status').textContent = `opened in ${Math.round(performance.now() - t0)} ms`;
    document.body.dataset.state = 'loaded';
  } catch (e) {
    showError(e, `${name} could not be opened`);
  }
}

/** Expands the tree down to the path typed in the "go to" box and shows that row. */
function goTo(text: string): void {
  if (!current) return;
  $('goto-error').textContent = '';
  try {
    const steps = parsePath(text.trim()).map((s) => (s.kind === 'index' ? s.index : s.name));
    const node = reveal(current.root, steps);
    if (typeof node === 'string') { $('goto-error').textContent = node; return; }
    current.view.show(node);
  } catch (e) {
    $('goto-error').textContent = e instanceof Error ? e.message : String(e);
  }
}

/** Decodes the whole file by its schema (as `savepack verify` does) and says what came of it. */
function verify(): void {
  if (!current) return;
  const out = $('verify-result');
  try {
    inspect(current.bytes);
    out.textContent = 'ok: the whole value decodes';
    out.className = 'ok';
  } catch (e) {
    out.textContent = e instanceof Error ? e.message : String(e);
    out.className = 'err';
    showError(e, 'the full decode failed');
  }
}

/** Reads a File (dropped or picked) and loads it. */
async function loadFile(f: File): Promise<void> {
  try {
    load(new Uint8Array(await f.arrayBuffer()), f.name);
  } catch (e) {
    showError(e, `${f.name} could not be read`);
  }
}

function start(): void {
  const drop = document.body;
  drop.addEventListener('dragover', (e) => { e.preventDefault(); drop.classList.add('dragging'); });
  drop.addEventListener('dragleave', () => drop.classList.remove('dragging'));
  drop.addEventListener('drop', (e) => {
    e.preventDefault();
    drop.classList.remove('dragging');
    const f = e.dataTransfer?.files[0];
    if (f) void loadFile(f);
  });
  $<HTMLInputElement>('pick').addEventListener('change', (e) => {
    const f = (e.target as HTMLInputElement).files?.[0];
    if (f) void loadFile(f);
  });
  $<HTMLFormElement>('goto').addEventListener('submit', (e) => { e.preventDefault(); goTo($<HTMLInputElement>('goto-path').value); });
  $('verify').addEventListener('click', verify);
  const params = new URLSearchParams(location.search);
  const served = params.get('file');
  if (served && served.startsWith('/') && !served.startsWith('//')) {
    const name = params.get('name') ?? 'file';
    document.body.dataset.state = 'loading';
    fetch(served).then(async (r) => {
      if (!r.ok) throw new SavepackError('IO', `the server answered ${r.status} for ${served}: ${await r.text()}`);
      load(new Uint8Array(await r.arrayBuffer()), name);
    }).catch((e) => showError(e, `${name} could not be fetched`));
  } else {
    document.body.dataset.state = 'empty';
  }
}

start();
