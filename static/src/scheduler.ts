// Queues incoming commands and applies them in batches, once per animation frame.
//
// Applying commands one by one as messages arrive is what made the reference client slow:
// every output paid for its own DOM insertion, layout and animation. Here commands wait in a
// queue; a frame callback applies as many as fit in a time budget, in order, and the output
// layer groups consecutive appends to one container into a single DocumentFragment.

import type { Command } from './types';

const BUDGET_MS = 60;

export class CommandQueue {
  private queue: Command[] = [];
  private head = 0;
  private scheduled = false;

  constructor(private readonly apply: (batch: Command[]) => void) {}

  push(commands: Command[]): void {
    for (const cmd of commands) this.queue.push(cmd);
    this.schedule();
  }

  get pending(): number {
    return this.queue.length - this.head;
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    const run = (): void => {
      if (!this.scheduled) return;
      this.scheduled = false;
      this.flush();
    };
    // Frame callbacks do not run in a background tab; the timer keeps run_script/eval and pin
    // queries answered there too. Whichever fires first applies the batch.
    if (!document.hidden) requestAnimationFrame(run);
    setTimeout(run, document.hidden ? 0 : 50);
  }

  private flush(): void {
    const start = performance.now();
    let end = this.head;
    // Take commands in chunks until the budget is spent; the output layer commits once per batch.
    while (end < this.queue.length) {
      const chunkEnd = Math.min(this.queue.length, end + 500);
      this.apply(this.queue.slice(end, chunkEnd));
      end = chunkEnd;
      if (performance.now() - start > BUDGET_MS) break;
    }
    this.head = end;
    if (this.head >= this.queue.length) {
      this.queue = [];
      this.head = 0;
    } else {
      this.schedule();
    }
  }
}
