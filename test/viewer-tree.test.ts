// The web viewer's tree model (src/viewer/tree.ts, source.ts) without a browser: every golden file
// expanded in full reads without an error row and shows, for every leaf, what open().get gives;
// row numbers and nodes agree both ways (rowAt / rowIndex) under expanding and collapsing, and a
// list of a million items costs no node per item. test/browser-viewer.test.ts drives the page.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { codec, open, RecordArray, t } from '../src/index.ts';
import { scalarText, SHOW_DEFAULTS } from '../src/cli/show.ts';
import { reveal, rootNode, type TreeNode } from '../src/viewer/tree.ts';
import { repoRoot } from './browser/docs-snippets.ts';

const fixture = (name: string) => new Uint8Array(readFileSync(join(repoRoot, 'test/fixtures', name)));

/** Expands every node under `n` (at most `budget` nodes); returns the nodes visited. */
function expandAll(n: TreeNode, out: TreeNode[] = [], budget = 20_000): TreeNode[] {
  out.push(n);
  const s = n.shape();
  if (s.kind !== 'container' || out.length > budget) return out;
  n.toggle(true);
  for (let i = 0; i < Math.min(n.count, 200); i++) expandAll(n.child(i), out, budget);
  return out;
}

for (const name of ['player-v0.sp', 'player-v1.sp', 'player-v2.sp', 'player-v2-deflate.sp', 'compact-v0.bin', 'units-v0.bin']) {
  test(`${name}: the whole tree reads, leaves show what open().get gives, rows and nodes agree`, () => {
    const file = open(fixture(name));
    const root = rootNode(file, file.schema, name);
    const nodes = expandAll(root);
    assert.ok(nodes.length > 5, `${nodes.length} nodes`);
    for (const n of nodes) {
      const s = n.shape();
      if (s.kind === 'error') assert.unreachable(`${n.path}: ${s.code} ${s.text}`);
      if (s.kind === 'leaf' && n.schema && s.text !== 'none') {
        assert.is(s.text, scalarText(file.get(n.path), { ...SHOW_DEFAULTS, width: 120 }), n.path);
      }
    }
    // Every row maps to a node whose row is that row.
    for (let r = 0; r < root.size; r++) {
      const n = root.rowAt(r);
      assert.is(n.rowIndex(), r, `row ${r} (${n.path})`);
    }
  });
}

test('a million records: rows found by arithmetic, expanded ones kept, collapsing restores the count', () => {
  const Pos = t.struct('game.Position', { x: t.u32, y: t.u32 });
  const W = codec(t.struct('game.W', { name: t.string, history: t.records(Pos) }), { version: 0 });
  const bytes = new Uint8Array(8_000_000);
  const v = new DataView(bytes.buffer);
  for (let i = 0; i < 1_000_000; i++) v.setUint32(i * 8, i, true);
  const file = open(W.encode({ name: 'w', history: RecordArray.fromBytes(Pos, bytes) }));
  const root = rootNode(file, file.schema, 'w');
  root.toggle(true);
  assert.is(root.size, 3);
  const history = reveal(root, ['history']) as TreeNode;
  history.toggle(true);
  assert.is(root.size, 1_000_003);
  assert.is(history.open.size, 0, 'no node kept per item');
  assert.is(root.rowAt(1_000_002).path, 'history[999999]');
  const deep = reveal(root, ['history', 500_000, 'x']);
  assert.ok(typeof deep !== 'string');
  assert.is((deep as TreeNode).shape().kind, 'leaf');
  assert.is(root.size, 1_000_005, 'history[500000] expanded: its two fields');
  assert.is(history.open.size, 1);
  assert.is(root.rowAt(3 + 500_000).path, 'history[500000]');
  assert.is(root.rowAt(3 + 500_001).path, 'history[500000].x');
  assert.is(root.rowAt(3 + 500_003).path, 'history[500001]');
  assert.is((deep as TreeNode).rowIndex(), 3 + 500_001);
  assert.is(root.rowAt(1_000_004).path, 'history[999999]');
  history.toggle(false);
  assert.is(root.size, 3);
  history.toggle(true);
  assert.is(root.size, 1_000_005, 'expanding again shows the kept child expanded');
  assert.is(reveal(root, ['history', 2_000_000]), 'history has no item 2000000');
  assert.is(reveal(root, ['nope']), 'w has no "nope"');
});

test('a damaged part shows as an error row with its code; the rest of the tree still reads', () => {
  const c = codec(t.struct('x.T', { a: t.u8, s: t.string, b: t.u8 }), { version: 0, checksum: false });
  const bytes = c.encode({ a: 1, s: 'hi', b: 2 });
  bytes[bytes.length - 2] = 0xff; // 'i' -> an invalid UTF-8 byte
  const file = open(bytes);
  const root = rootNode(file, file.schema, 'x');
  root.toggle(true);
  const s = root.child(1).shape();
  assert.is(s.kind, 'error');
  assert.is((s as { code: string }).code, 'INVALID_DATA');
  assert.is(root.child(0).shape().kind, 'leaf');
});

test.run();
