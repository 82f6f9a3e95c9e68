// Where outputs go: scope look-up, positions (manual §4.3.2) and batched appends.
//
// Appends (position -1) to the same container are collected in one DocumentFragment per
// container and inserted when the batch commits, so thousands of outputs cost one insertion.
// Anything that needs the live DOM (another position, output_ctl, a different scope that may
// live inside a pending fragment) commits first. Nothing here reads layout.

import { selectAll } from '../dom';

export class OutputArea {
  private pending = new Map<Element, DocumentFragment>();
  private lastSelector: string | null = null;
  private lastTargets: Element[] = [];
  /** Top-level outputs inserted since the last takeInserted() (for animation/auto-scroll). */
  private inserted: Element[] = [];
  insertedIntoRoot = false;

  /** The containers a `scope` selector names (cached while nothing but appends happen). */
  resolve(selector: string): Element[] {
    if (selector === this.lastSelector) return this.lastTargets;
    this.commit();
    this.lastSelector = selector;
    this.lastTargets = selectAll(selector);
    return this.lastTargets;
  }

  insert(container: Element, el: Element, position: number): void {
    this.inserted.push(el);
    if (container.id === 'webio-scope-ROOT') this.insertedIntoRoot = true;
    if (position === -1) {
      let frag = this.pending.get(container);
      if (!frag) {
        frag = document.createDocumentFragment();
        this.pending.set(container, frag);
      }
      frag.append(el);
      return;
    }
    const frag = this.pending.get(container);
    if (frag) {
      container.append(frag);
      this.pending.delete(container);
    }
    insertAt(container, el, position);
  }

  /** Puts pending fragments into the page and forgets cached look-ups. */
  commit(): void {
    for (const [container, frag] of this.pending) container.append(frag);
    this.pending.clear();
    this.lastSelector = null;
    this.lastTargets = [];
  }

  takeInserted(): Element[] {
    const out = this.inserted;
    this.inserted = [];
    return out;
  }
}

/**
 * Inserts `el` among the children of `container`: position >= 0 inserts before the child with
 * that index (or appends past the end); position < 0 inserts after the child with index
 * length + position (or first, when that is before the start).
 */
export function insertAt(container: Element, el: Element, position: number): void {
  const kids = container.children;
  if (position >= 0) {
    container.insertBefore(el, kids[position] ?? null);
    return;
  }
  const idx = kids.length + position;
  if (idx < 0) container.insertBefore(el, kids[0] ?? null);
  else container.insertBefore(el, kids[idx + 1] ?? null);
}
