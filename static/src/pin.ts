// Pin widgets: input items living among the outputs, read and watched by the server.
//
// A name maps to its newest widget (outputting a second widget with the same name retires the
// first). pin_value answers {name, value} (null when no such widget is on the page); pin_wait answers
// {name, value} on the first change of any watched name, or null at its timeout; pin_onchange
// callbacks get the new value.

import { asText } from './dom';
import { createItem, FileItem, type InputItem } from './input/items';
import type { SendEvent } from './types';

interface Waiter {
  taskId: string;
  names: Set<string>;
  timer: ReturnType<typeof setTimeout> | null;
}

/** A widget's value; a file widget's is its files' contents (as file_upload() submits them). */
async function currentValue(item: InputItem): Promise<unknown> {
  if (!(item instanceof FileItem)) return item.getValue();
  try {
    const files = await item.readFiles(() => {});
    return item.spec.multiple ? files : files[0] ?? null;
  } catch (err) {
    console.error('webio: could not read the chosen files', err);
    return null;
  }
}

export class PinRegistry {
  private widgets = new Map<string, InputItem>();
  private callbacks = new Map<string, string[]>();
  private waiters: Waiter[] = [];

  constructor(private readonly send: SendEvent, private readonly dark: boolean) {}

  /** Renders the widget of a `pin` output. */
  render(inputSpec: any): HTMLElement {
    const item = createItem(inputSpec, { send: this.send, dark: this.dark, form: null });
    item.root.classList.add('webio-pin');
    item.root.classList.remove('mb-3');
    item.onUserChange = (value) => {
      if (item instanceof FileItem) void currentValue(item).then((files) => this.changed(item, files));
      else this.changed(item, value);
    };
    this.widgets.set(item.name, item);
    return item.root;
  }

  value(taskId: string, name: string): void {
    const item = this.live(name);
    if (!item) this.yield(taskId, null);
    else void currentValue(item).then((value) => this.yield(taskId, { name, value }));
  }

  /** Disables every widget: the session closed, so a change would reach no one. */
  freeze(): void {
    for (const item of this.widgets.values()) item.update({ disabled: true });
  }

  update(name: string, attributes: any): void {
    const item = this.live(name);
    if (item) item.update(attributes ?? {});
  }

  wait(taskId: string, names: unknown, timeout: unknown): void {
    const waiter: Waiter = { taskId, names: new Set((Array.isArray(names) ? names : [names]).map(asText)), timer: null };
    const seconds = Number(timeout);
    if (timeout !== null && timeout !== undefined && seconds > 0) {
      waiter.timer = setTimeout(() => this.finish(waiter, null), seconds * 1000);
    }
    this.waiters.push(waiter);
  }

  onchange(name: string, callbackId: unknown, clear: unknown): void {
    if (clear) this.callbacks.delete(name);
    if (callbackId === null || callbackId === undefined || callbackId === '') return;
    const list = this.callbacks.get(name) ?? [];
    list.push(String(callbackId));
    this.callbacks.set(name, list);
  }

  private live(name: string): InputItem | null {
    const item = this.widgets.get(name);
    return item && item.root.isConnected ? item : null;
  }

  private changed(item: InputItem, value: unknown): void {
    if (this.widgets.get(item.name) !== item) return;
    for (const callbackId of this.callbacks.get(item.name) ?? []) {
      this.send({ event: 'callback', task_id: callbackId, data: value });
    }
    for (const waiter of this.waiters.slice()) {
      if (waiter.names.has(item.name)) this.finish(waiter, { name: item.name, value });
    }
  }

  private finish(waiter: Waiter, data: unknown): void {
    const idx = this.waiters.indexOf(waiter);
    if (idx < 0) return;
    this.waiters.splice(idx, 1);
    if (waiter.timer !== null) clearTimeout(waiter.timer);
    this.yield(waiter.taskId, data);
  }

  private yield(taskId: string, data: unknown): void {
    this.send({ event: 'js_yield', task_id: taskId, data });
  }
}
