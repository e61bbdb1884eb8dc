// The tree on screen: a scroll box holding a spacer as tall as all rows, and only the rows in view
// (plus a margin) as elements, re-made on scroll. Each row carries its path (data-path) so a test
// or a person can find it; clicking a row with children expands or collapses it.

import type { TreeNode } from './tree.ts';

/** Height of one row in CSS pixels (viewer.css uses the same). */
export const ROW_HEIGHT = 22;
/** Rows drawn above and below the visible ones. */
const MARGIN = 20;
/** The tallest spacer the browser scrolls reliably; past it, scroll positions are scaled. */
const MAX_PX = 8_000_000;

/** A virtualised view of a tree inside `box` (an element with a fixed height and overflow: auto). */
export class TreeView {
  private readonly spacer: HTMLDivElement;
  private readonly layer: HTMLDivElement;
  private selected: TreeNode | undefined;
  private frame = 0;

  /** Shows `root` in `box`. */
  constructor(private readonly box: HTMLElement, private readonly root: TreeNode) {
    box.textContent = '';
    this.spacer = document.createElement('div');
    this.spacer.className = 'spacer';
    this.layer = document.createElement('div');
    this.layer.className = 'layer';
    this.spacer.append(this.layer);
    box.append(this.spacer);
    box.onscroll = () => this.schedule();
    box.tabIndex = 0;
    box.onkeydown = (e) => { if (this.key(e.key)) e.preventDefault(); };
    box.onclick = (e) => {
      const row = (e.target as HTMLElement).closest<HTMLElement>('.row');
      const node = row && this.nodes.get(row);
      if (!node) return;
      this.selected = node;
      node.toggle();
      this.render();
    };
    this.render();
  }

  private nodes = new WeakMap<HTMLElement, TreeNode>();

  /**
   * Keyboard: up/down move the selection a row, right expands (or steps into the first child),
   * left collapses (or steps out to the parent), Enter and space toggle. True when `key` was used.
   */
  private key(key: string): boolean {
    const node = this.selected ?? this.root;
    let next: TreeNode | undefined;
    const row = node.rowIndex();
    if (key === 'ArrowDown') next = row + 1 < this.root.size ? this.root.rowAt(row + 1) : node;
    else if (key === 'ArrowUp') next = row > 0 ? this.root.rowAt(row - 1) : node;
    else if (key === 'ArrowRight') { if (node.count && !node.expanded) node.toggle(true); else if (node.expanded) next = node.child(0); next ??= node; }
    else if (key === 'ArrowLeft') { if (node.expanded) node.toggle(false); else next = node.parent; next ??= node; }
    else if (key === 'Enter' || key === ' ') { node.toggle(); next = node; }
    else return false;
    this.selected = next;
    const at = next.rowIndex() - this.topRow();
    const rows = this.box.clientHeight / ROW_HEIGHT;
    if (at < 0 || at >= rows - 1) this.show(next);
    else this.render();
    return true;
  }

  /** The (fractional) row at the top of the box. */
  private topRow(): number {
    const maxScroll = Math.max(0, this.spacer.offsetHeight - this.box.clientHeight);
    const range = Math.max(0, this.root.size - this.box.clientHeight / ROW_HEIGHT);
    return maxScroll > 0 ? (Math.min(this.box.scrollTop, maxScroll) / maxScroll) * range : 0;
  }

  /** Pixels per row of the scroll range (scaled when the rows would be taller than MAX_PX). */
  private scale(): number {
    return Math.max(1, (this.root.size * ROW_HEIGHT) / MAX_PX);
  }

  /** Draws again on the next frame (scrolling fires often). */
  private schedule(): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => { this.frame = 0; this.render(); });
  }

  /** Scrolls `node` into view (a third down the box), marks it selected and draws. */
  show(node: TreeNode): void {
    this.selected = node;
    const target = Math.max(0, node.rowIndex() - this.box.clientHeight / ROW_HEIGHT / 3);
    this.render(); // sizes the spacer for the rows now open
    const range = this.root.size - this.box.clientHeight / ROW_HEIGHT;
    const maxScroll = this.spacer.offsetHeight - this.box.clientHeight;
    this.box.scrollTop = range > 0 ? Math.min(1, target / range) * maxScroll : 0;
    this.render();
  }

  /**
   * Draws the rows in view. The scroll position is a fraction of the way down; the row at the top
   * of the box is that fraction of the rows that can be at the top (exact when rows are not
   * scaled, and still reaching the last row when they are).
   */
  render(): void {
    const total = this.root.size;
    this.spacer.style.height = `${Math.ceil((total * ROW_HEIGHT) / this.scale())}px`;
    const view = this.box.clientHeight;
    const top = this.topRow();
    const first = Math.max(0, Math.floor(top) - MARGIN);
    const last = Math.min(total, Math.ceil(top + view / ROW_HEIGHT) + MARGIN);
    this.layer.style.transform = `translateY(${this.box.scrollTop - (top - first) * ROW_HEIGHT}px)`;
    const frag = document.createDocumentFragment();
    for (let r = first; r < last; r++) frag.append(this.row(this.root.rowAt(r)));
    this.layer.replaceChildren(frag);
  }

  /** The element of one row. */
  private row(node: TreeNode): HTMLElement {
    const el = document.createElement('div');
    el.className = 'row';
    el.dataset.path = node.path;
    el.style.paddingLeft = `${node.depth * 16 + 4}px`;
    if (node === this.selected || (this.selected && node.path === this.selected.path)) el.classList.add('selected');
    const s = node.shape();
    const twist = document.createElement('span');
    twist.className = 'twist';
    const key = document.createElement('span');
    key.className = 'key';
    key.textContent = node.label;
    const value = document.createElement('span');
    if (s.kind === 'error') {
      el.classList.add('error');
      value.className = 'value err';
      value.dataset.code = s.code;
      value.textContent = s.text;
      el.append(twist, key, ': ', value);
    } else if (s.kind === 'leaf') {
      value.className = 'value';
      value.textContent = s.text;
      const type = document.createElement('span');
      type.className = 'type';
      type.textContent = s.type;
      el.append(twist, key, ': ', value, type);
    } else {
      twist.textContent = s.count ? (node.expanded ? '▾' : '▸') : ' ';
      el.classList.add(node.expanded ? 'expanded' : 'collapsed');
      const type = document.createElement('span');
      type.className = 'type';
      type.textContent = s.type;
      value.className = 'note';
      value.textContent = s.note;
      el.append(twist, key, ' ', type, ' ', value);
    }
    this.nodes.set(el, node);
    return el;
  }
}
