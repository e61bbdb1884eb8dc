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

  /** Pixels per row of the scroll range (scaled when the rows would be taller than MAX_PX). */
  private scale(): number {
    return Math.max(1, (this.root.size * ROW_HEIGHT) / MAX_PX);
  }

  /** Draws again on the next frame (scrolling fires often). */
  private schedule(): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => { this.frame = 0; this.render(); });
  }

  /** Scrolls `node` into view, marks it selected and draws. */
  show(node: TreeNode): void {
    this.selected = node;
    const row = node.rowIndex();
    const px = (row * ROW_HEIGHT) / this.scale();
    this.render();
    this.box.scrollTop = Math.max(0, px - this.box.clientHeight / 3);
    this.render();
  }

  /** Draws the rows in view. */
  render(): void {
    const total = this.root.size;
    const scale = this.scale();
    this.spacer.style.height = `${Math.ceil((total * ROW_HEIGHT) / scale)}px`;
    const first = Math.max(0, Math.floor((this.box.scrollTop * scale) / ROW_HEIGHT) - MARGIN);
    const visible = Math.ceil(this.box.clientHeight / ROW_HEIGHT) + 2 * MARGIN;
    const last = Math.min(total, first + visible);
    this.layer.style.transform = `translateY(${(first * ROW_HEIGHT) / scale}px)`;
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
