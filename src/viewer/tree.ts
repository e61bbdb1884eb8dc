// The viewer's tree as a model of rows: a node knows how many rows it shows (itself, plus its
// children when expanded) and finds the node of any row without making the others. Children are
// made on demand and only expanded ones are kept, so a list of a million items costs the rows on
// screen, not a million objects.

import type { Schema } from '../schema/types.ts';
import { SavepackError } from '../errors.ts';
import { shapeOf, type Lazy, type Shape } from './source.ts';

/** One node of the tree (a field, an item, a map entry). */
export class TreeNode {
  /** Rows this node shows: 1, plus those of its children while expanded. */
  size = 1;
  /** True while its children are shown. */
  expanded = false;
  /** Its expanded children by index (the others are made when a row shows them). */
  readonly open = new Map<number, TreeNode>();
  /** Indexes of `open`, ascending. */
  private order: number[] = [];
  private cached: Shape | { kind: 'error'; text: string; code: string } | undefined;

  /** A node for `path` (stored by `schema`) at `depth`, child `index` of `parent`. */
  constructor(readonly file: Lazy, readonly label: string, readonly path: string, readonly schema: Schema | undefined,
    readonly depth: number, readonly parent: TreeNode | undefined, readonly index: number) {}

  /** What the node is (read once); a read failure becomes an error shape with the SavepackError code. */
  shape(): Shape | { kind: 'error'; text: string; code: string } {
    if (!this.cached) {
      try {
        this.cached = shapeOf(this.file, this.path, this.schema);
      } catch (e) {
        const code = e instanceof SavepackError || (e instanceof Error && e.name === 'SavepackError') ? (e as SavepackError).code : 'ERROR';
        this.cached = { kind: 'error', code, text: e instanceof Error ? e.message : String(e) };
      }
    }
    return this.cached;
  }

  /** The number of children (0 for a leaf or an error). */
  get count(): number {
    const s = this.shape();
    return s.kind === 'container' ? s.count : 0;
  }

  /** Child `i`: the kept one when expanded before, else a new node. */
  child(i: number): TreeNode {
    const kept = this.open.get(i);
    if (kept) return kept;
    const s = this.shape();
    if (s.kind !== 'container') throw new Error('a leaf has no children');
    const c = s.child(i);
    return new TreeNode(this.file, c.label, c.path, c.schema, this.depth + 1, this, i);
  }

  /** Shows or hides the children; updates the row counts up to the root. */
  toggle(expand = !this.expanded): void {
    if (expand === this.expanded || (expand && this.count === 0)) return;
    const before = this.size;
    this.expanded = expand;
    let after = 1;
    if (expand) {
      after += this.count;
      for (const c of this.open.values()) after += c.size - 1;
    }
    this.size = after;
    const delta = after - before;
    let n: TreeNode = this;
    for (let p = this.parent; p; n = p, p = p.parent) {
      if (!p.open.has(n.index)) p.keep(n);
      p.size += delta;
    }
  }

  /** Remembers `c` as an expanded child (kept across scrolling). */
  private keep(c: TreeNode): void {
    this.open.set(c.index, c);
    let i = this.order.length;
    while (i > 0 && this.order[i - 1]! > c.index) i--;
    this.order.splice(i, 0, c.index);
  }

  /** The node shown at row `r` of this subtree (0 is this node). */
  rowAt(r: number): TreeNode {
    let node: TreeNode = this;
    for (;;) {
      if (r === 0 || !node.expanded) return node;
      r -= 1;
      let offset = 0; // rows of expanded children before the one looked at, beyond their own row
      let next: TreeNode | undefined;
      for (const idx of node.order) {
        const c = node.open.get(idx)!;
        const start = idx + offset;
        if (r < start) break;
        if (r < start + c.size) { next = c; r -= start; break; }
        offset += c.size - 1;
      }
      if (next) { node = next; continue; }
      return node.child(Math.min(r - offset, node.count - 1));
    }
  }

  /** The row of this node in the whole tree (its root is row 0). */
  rowIndex(): number {
    let row = 0;
    let n: TreeNode = this;
    for (let p = this.parent; p; n = p, p = p.parent) {
      row += 1 + n.index;
      for (const idx of p.order) {
        if (idx >= n.index) break;
        row += p.open.get(idx)!.size - 1;
      }
    }
    return row;
  }
}

/** The root node of a file's tree, labelled `label`. */
export function rootNode(file: Lazy, schema: Schema, label: string): TreeNode {
  return new TreeNode(file, label, '', schema, 0, undefined, 0);
}

/**
 * Expands the nodes along `steps` (field names, indexes, map keys) from `root`; returns the node
 * reached, or a message saying which step does not exist.
 */
export function reveal(root: TreeNode, steps: readonly (string | number)[]): TreeNode | string {
  let node = root;
  for (const step of steps) {
    const s = node.shape();
    if (s.kind !== 'container') return `${node.path || node.label} has no parts`;
    const i = s.indexOf(step);
    if (i < 0) return `${node.path || node.label} has no ${typeof step === 'number' ? `item ${step}` : JSON.stringify(step)}`;
    node.toggle(true);
    node = node.child(i);
  }
  return node;
}
