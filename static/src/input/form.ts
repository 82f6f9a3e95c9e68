// input_group forms: show, update, submit, cancel, destroy.
//
// Several forms may be open at once (an app can ask for input from a callback while its main
// task waits on another form); the newest is shown and the others wait hidden underneath, as a
// stack keyed by task_id. The input panel itself (fixed at the bottom) is owned by Layout.

import { asText, h } from '../dom';
import { t } from '../i18n';
import type { SendEvent } from '../types';
import { ActionsItem, FileItem, createItem, type InputItem, type UploadedFile } from './items';

export interface FormHost {
  send: SendEvent;
  dark: boolean;
  /** Bytes the transport has accepted but not yet sent (upload indicator). */
  bufferedAmount(): number;
}

class InputForm {
  readonly el: HTMLFormElement;
  readonly items: InputItem[] = [];
  private busy = false;
  private progress: HTMLElement | null = null;

  constructor(readonly taskId: string, spec: any, private readonly host: FormHost) {
    this.el = h('form', 'webio-form card', { 'data-webio-task': taskId });
    const body = h('div', 'card-body');
    const itemHost = {
      send: host.send,
      dark: host.dark,
      form: { reset: () => this.reset(), cancel: () => this.cancel() },
    };
    const inputs: any[] = Array.isArray(spec.inputs) ? spec.inputs : [];
    for (const itemSpec of inputs) {
      const item = createItem(itemSpec, itemHost);
      this.wireEvents(item, itemSpec);
      this.items.push(item);
      body.append(item.root);
    }
    const last = this.items[this.items.length - 1];
    if (!(last instanceof ActionsItem && last.hasSubmit())) body.append(this.defaultButtons(!!spec.cancelable));
    if (spec.label) this.el.append(h('div', 'card-header', { dir: 'auto' }, asText(spec.label)));
    this.el.append(body);
    this.el.addEventListener('submit', (ev) => {
      ev.preventDefault();
      void this.submit(ev.submitter);
    });
  }

  private wireEvents(item: InputItem, spec: any): void {
    if (spec.onchange) {
      item.onUserChange = (value) => this.host.send({
        event: 'input_event', task_id: this.taskId, data: { event_name: 'change', name: item.name, value },
      });
    }
    if (spec.onblur && spec.type !== 'checkbox' && spec.type !== 'radio') {
      item.onUserBlur = (value) => this.host.send({
        event: 'input_event', task_id: this.taskId, data: { event_name: 'blur', name: item.name, value },
      });
    }
  }

  private defaultButtons(cancelable: boolean): HTMLElement {
    const submit = h('button', 'btn btn-primary', { type: 'submit' }, t('submit'));
    const reset = h('button', 'btn btn-outline-secondary', { type: 'button' }, t('reset'));
    reset.addEventListener('click', () => this.reset());
    const row = h('div', 'webio-form-buttons', null, submit, reset);
    if (cancelable) {
      const cancel = h('button', 'btn btn-outline-danger', { type: 'button' }, t('cancel'));
      cancel.addEventListener('click', () => this.cancel());
      row.append(cancel);
    }
    return row;
  }

  focusFirst(): void {
    const target = this.items.find((i) => i.spec.auto_focus) ?? this.items.find((i) => i.spec.type !== 'actions');
    target?.focus();
  }

  item(name: string): InputItem | undefined {
    return this.items.find((i) => i.name === name);
  }

  reset(): void {
    for (const item of this.items) item.reset();
  }

  cancel(): void {
    this.host.send({ event: 'from_cancel', task_id: this.taskId, data: null });
  }

  async submit(submitter: HTMLElement | null): Promise<void> {
    if (this.busy) return;
    // Browser validation first (required, min/max, types), then our own checks (file sizes, …).
    if (!this.el.checkValidity()) {
      this.el.reportValidity();
      return;
    }
    let firstBad: InputItem | null = null;
    for (const item of this.items) {
      const problem = item.validate();
      if (problem) {
        item.showError(problem);
        firstBad = firstBad ?? item;
      }
    }
    if (firstBad) {
      firstBad.focus();
      return;
    }
    const pressed = submitter?.getAttribute('data-webio-index');
    const data: { [name: string]: unknown } = {};
    const files = this.items.filter((i): i is FileItem => i instanceof FileItem);
    for (const item of this.items) {
      item.flushChange();
      if (item instanceof ActionsItem) {
        data[item.name] = pressed !== null && pressed !== undefined && submitter && item.root.contains(submitter) ? Number(pressed) : null;
      } else if (!(item instanceof FileItem)) {
        data[item.name] = item.getValue();
      }
    }
    this.busy = true;
    this.setDisabled(true);
    try {
      if (files.length) await this.readFiles(files, data);
      this.host.send({ event: 'from_submit', task_id: this.taskId, data });
      if (files.some((f) => f.files.length)) await this.showSending();
    } catch (err) {
      console.error('webio: could not read the files', err);
    } finally {
      this.busy = false;
      this.setDisabled(false);
      this.progress?.remove();
      this.progress = null;
    }
  }

  private async readFiles(items: FileItem[], data: { [name: string]: unknown }): Promise<void> {
    const total = items.reduce((sum, item) => sum + item.files.reduce((s, f) => s + f.size, 0), 0);
    let before = 0;
    for (const item of items) {
      const size = item.files.reduce((s, f) => s + f.size, 0);
      if (size > 0) this.showProgress('reading', total ? (before / total) * 100 : 100);
      const read: UploadedFile[] = await item.readFiles((loaded) => {
        this.showProgress('reading', total ? ((before + loaded) / total) * 100 : 100);
      });
      before += size;
      data[item.name] = item.spec.multiple ? read : read[0] ?? null;
    }
  }

  /** Follows the transport's send buffer until the submitted files have left the browser. */
  private async showSending(): Promise<void> {
    const start = this.host.bufferedAmount();
    if (start <= 0) return;
    for (;;) {
      const left = this.host.bufferedAmount();
      this.showProgress('uploading', (1 - left / start) * 100);
      if (left <= 0 || !this.el.isConnected) return;
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  private showProgress(phase: 'reading' | 'uploading', pct: number): void {
    const p = Math.max(0, Math.min(100, Math.round(pct)));
    if (!this.progress) {
      this.progress = h('div', 'webio-upload-progress', { 'aria-live': 'polite' },
        h('div', 'small mb-1 webio-upload-label'),
        h('div', 'progress', { role: 'progressbar', 'aria-valuemin': 0, 'aria-valuemax': 100 },
          h('div', 'progress-bar progress-bar-striped progress-bar-animated')));
      this.el.querySelector('.card-body')?.append(this.progress);
    }
    (this.progress.querySelector('.webio-upload-label') as HTMLElement).textContent = t(phase, { p });
    (this.progress.querySelector('.progress-bar') as HTMLElement).style.width = `${p}%`;
    this.progress.querySelector('.progress')?.setAttribute('aria-valuenow', String(p));
  }

  private setDisabled(disabled: boolean): void {
    this.el.querySelectorAll('button[type="submit"]').forEach((b) => {
      (b as HTMLButtonElement).disabled = disabled;
    });
  }
}

export class FormStack {
  private forms: InputForm[] = [];

  /** `slot` receives the forms; `panel` (the input panel) is hidden while there is none. */
  constructor(private readonly slot: HTMLElement, private readonly panel: HTMLElement, private readonly host: FormHost) {
    panel.hidden = true;
  }

  /** Shows a new form on top; returns it so the caller can focus it after layout. */
  show(taskId: string, spec: any): { focus(): void } {
    const existing = this.forms.findIndex((f) => f.taskId === taskId);
    if (existing >= 0) this.removeAt(existing);
    const form = new InputForm(taskId, spec, this.host);
    for (const other of this.forms) other.el.hidden = true;
    this.forms.push(form);
    this.slot.append(form.el);
    this.panel.hidden = false;
    return { focus: () => form.focusFirst() };
  }

  destroy(taskId: string | undefined): void {
    const idx = taskId ? this.forms.findIndex((f) => f.taskId === taskId) : this.forms.length - 1;
    if (idx >= 0) this.removeAt(idx);
  }

  update(taskId: string | undefined, spec: any): void {
    const form = this.forms.find((f) => f.taskId === taskId) ?? this.forms[this.forms.length - 1];
    const item = form?.item(asText(spec.target_name));
    if (!item) {
      console.warn('webio: update_input for an unknown input', spec.target_name);
      return;
    }
    item.update(spec.attributes ?? {}, spec.target_value);
  }

  get empty(): boolean {
    return this.forms.length === 0;
  }

  /** Disables every control (the session closed). */
  freeze(): void {
    for (const form of this.forms) form.el.querySelectorAll('input, select, textarea, button').forEach((c) => c.setAttribute('disabled', ''));
  }

  private removeAt(idx: number): void {
    const [form] = this.forms.splice(idx, 1);
    form.el.remove();
    const top = this.forms[this.forms.length - 1];
    if (top) top.el.hidden = false;
    this.panel.hidden = this.forms.length === 0;
  }
}
