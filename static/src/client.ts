// Applies commands (manual §4.12) to the page. One method per command; outputs go through
// the OutputArea so appends are batched, and post-batch work (animation, auto scroll, focus)
// happens once per batch after every DOM write.

import { asText, scopeId, selectAll } from './dom';
import { FormStack } from './input/form';
import type { Layout } from './layout';
import { OutputArea } from './output/area';
import type { RenderContext } from './output/context';
import { setProcessbar } from './output/controls';
import { datatableCtl } from './output/datatable';
import { renderInto, renderOutput } from './output/render';
import { PinRegistry } from './pin';
import { PopupHost } from './popup';
import { download, runScript } from './script';
import { Toasts } from './toast';
import type { Command, SendEvent } from './types';

/** Batches with more outputs than this get no entry animation. */
const ANIMATE_MAX = 10;

export class Client {
  readonly area = new OutputArea();
  readonly pins: PinRegistry;
  readonly forms: FormStack;
  private readonly popup = new PopupHost();
  private readonly toasts: Toasts;
  private readonly ctx: RenderContext;
  private afterBatch: (() => void)[] = [];

  constructor(private readonly layout: Layout, private readonly send: SendEvent, dark: boolean,
    bufferedAmount: () => number, private readonly onClose: () => void) {
    this.pins = new PinRegistry(send, dark);
    this.ctx = { send, pins: this.pins, dark };
    this.forms = new FormStack(layout.formSlot, layout.panel, { send, dark, bufferedAmount });
    this.toasts = new Toasts(send);
  }

  /** Applies a batch of commands in order, then commits the DOM once. */
  applyBatch(commands: Command[]): void {
    for (const cmd of commands) {
      try {
        this.apply(cmd);
      } catch (err) {
        console.error('webio: command failed', cmd, err);
      }
    }
    this.area.commit();
    this.finishBatch();
  }

  private apply(cmd: Command): void {
    const spec = cmd.spec ?? {};
    if (cmd.command !== 'output') this.area.commit();
    switch (cmd.command) {
      case 'output': return this.output(spec);
      case 'output_ctl': return this.outputCtl(spec);
      case 'input_group': {
        const form = this.forms.show(cmd.task_id ?? '', spec);
        if (this.layout.env.input_auto_focus) this.afterBatch.push(() => form.focus());
        return;
      }
      case 'update_input': return this.forms.update(cmd.task_id, spec);
      case 'destroy_form': return this.forms.destroy(cmd.task_id);
      case 'popup': return this.popup.show(spec, (body) => renderInto(body, spec.content, this.ctx));
      case 'close_popup': return this.popup.close();
      case 'toast': return this.toasts.show(spec);
      case 'set_env': return this.layout.setEnv(spec);
      case 'run_script': return runScript(cmd.task_id, spec, this.send);
      case 'download': return download(spec);
      case 'pin_value': return this.pins.value(cmd.task_id ?? '', asText(spec.name));
      case 'pin_update': return this.pins.update(asText(spec.name), spec.attributes);
      case 'pin_wait': return this.pins.wait(cmd.task_id ?? '', spec.names, spec.timeout);
      case 'pin_onchange': return this.pins.onchange(asText(spec.name), spec.callback_id, spec.clear);
      case 'close_session': return this.onClose();
      case 'set_session_id': return;
      default:
        console.warn('webio: unknown command', cmd.command);
    }
  }

  private output(spec: any): void {
    const selector = spec.scope ? String(spec.scope) : '#webio-scope-ROOT';
    const position = spec.position === undefined || spec.position === null ? -1 : Number(spec.position);
    const targets = this.area.resolve(selector);
    for (const container of targets) this.area.insert(container, renderOutput(spec, this.ctx), position);
  }

  private outputCtl(spec: any): void {
    if (spec.set_scope !== undefined) this.setScope(spec);
    if (spec.loose) for (const el of selectAll(spec.loose)) (el as HTMLElement).style.minHeight = '';
    if (spec.clear) for (const el of selectAll(spec.clear)) el.replaceChildren();
    if (spec.clear_before) for (const el of selectAll(spec.clear_before)) removeSiblings(el, 'previousElementSibling');
    if (spec.clear_after) for (const el of selectAll(spec.clear_after)) removeSiblings(el, 'nextElementSibling');
    if (Array.isArray(spec.clear_range) && spec.clear_range.length === 2) this.clearRange(spec.clear_range[0], spec.clear_range[1]);
    if (spec.scroll_to) this.scrollTo(spec.scroll_to, spec.position);
    if (spec.remove) for (const el of selectAll(spec.remove)) el.remove();
    if (spec.processbar) {
      const bar = spec.processbar;
      const el = document.getElementById(`webio-processbar-${asText(bar.name)}`);
      if (el) setProcessbar(el, Number(bar.value), bar.label);
    }
    if (spec.datatable) datatableCtl(spec.datatable);
  }

  private setScope(spec: any): void {
    const id = scopeId(String(spec.set_scope));
    const existing = document.getElementById(id);
    if (existing) {
      if (spec.if_exist === 'remove') existing.remove();
      else if (spec.if_exist === 'clear') {
        existing.replaceChildren();
        return;
      } else if (spec.if_exist === 'blank') {
        // Keep the height so the page does not jump while the scope is refilled (one read).
        existing.style.minHeight = `${existing.offsetHeight}px`;
        existing.replaceChildren();
        return;
      } else return;
    }
    const container = spec.container ? String(spec.container) : '#webio-scope-ROOT';
    const position = spec.position === undefined || spec.position === null ? -1 : Number(spec.position);
    const targets = selectAll(container);
    for (const parent of targets.slice(0, 1)) {
      const el = document.createElement('div');
      el.id = id;
      el.className = 'webio-scope';
      this.area.insert(parent, el, position);
    }
    this.area.commit();
  }

  private clearRange(startSel: string, endSel: string): void {
    const start = selectAll(startSel)[0];
    const end = selectAll(endSel)[0];
    if (!start || !end || start.parentElement !== end.parentElement) return;
    let node = start.nextElementSibling;
    while (node && node !== end) {
      const next = node.nextElementSibling;
      node.remove();
      node = next;
    }
  }

  private scrollTo(selector: string, position: unknown): void {
    const el = selectAll(selector)[0];
    if (!el) return;
    const block: ScrollLogicalPosition = position === 'middle' ? 'center' : position === 'bottom' ? 'end' : 'start';
    this.afterBatch.push(() => el.scrollIntoView({ block, behavior: 'smooth' }));
  }

  private finishBatch(): void {
    const inserted = this.area.takeInserted();
    if (this.layout.env.output_animation && inserted.length > 0 && inserted.length <= ANIMATE_MAX) {
      for (const el of inserted) el.classList.add('webio-enter');
    }
    if (this.layout.env.auto_scroll_bottom && this.area.insertedIntoRoot) {
      this.afterBatch.push(() => window.scrollTo({ top: document.documentElement.scrollHeight }));
    }
    this.area.insertedIntoRoot = false;
    const tasks = this.afterBatch;
    this.afterBatch = [];
    for (const task of tasks) task();
  }

  /** A toast of the client's own (not commanded by the server). */
  toast(spec: { [key: string]: unknown }): void {
    this.toasts.show(spec);
  }

  /** The session closed: controls stop working. */
  freeze(): void {
    this.forms.freeze();
    this.pins.freeze();
  }
}

function removeSiblings(el: Element, direction: 'previousElementSibling' | 'nextElementSibling'): void {
  let node = el[direction];
  while (node) {
    const next = node[direction];
    node.remove();
    node = next;
  }
}
