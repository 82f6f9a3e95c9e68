// Text-like input items: one-line inputs (with datalist and action button) and textareas
// (plain, or a code editor).

import { asText, h } from '../dom';
import { t } from '../i18n';
import type { CodeEditor } from '../code/editor';
import { loadCodeEditor } from './codeLoader';
import { InputItem } from './itemBase';

export class TextItem extends InputItem {
  private input!: HTMLInputElement;
  private datalist: HTMLDataListElement | null = null;

  protected build(): HTMLElement {
    const type = asText(this.spec.type || 'text');
    const htmlType = type === 'float' ? 'number' : type;
    this.input = h('input', type === 'color' ? 'form-control form-control-color' : 'form-control', { id: this.id, type: htmlType });
    if (type === 'float') this.input.step = 'any';
    this.setValue(this.spec.value);
    this.input.addEventListener('input', () => this.changed(true));
    this.input.addEventListener('blur', () => this.blurred());
    const parts: HTMLElement[] = [];
    if (Array.isArray(this.spec.datalist)) {
      this.datalist = h('datalist', null, { id: `${this.id}-list` });
      this.fillDatalist(this.spec.datalist);
      this.input.setAttribute('list', this.datalist.id);
    }
    let main: HTMLElement = this.input;
    const action = this.spec.action;
    if (action && typeof action === 'object') {
      const btn = h('button', 'btn btn-outline-secondary', { type: 'button' }, asText(action.label));
      btn.addEventListener('click', () => this.host.send({ event: 'callback', task_id: String(action.callback_id), data: null }));
      main = h('div', 'input-group', null, this.input, btn);
    }
    parts.push(main);
    if (this.datalist) parts.push(this.datalist);
    return parts.length === 1 ? parts[0] : h('div', null, null, ...parts);
  }

  private fillDatalist(items: unknown[]): void {
    if (!this.datalist) return;
    this.datalist.replaceChildren(...items.map((v) => h('option', null, { value: asText(v) })));
  }

  protected controls(): HTMLElement[] {
    return [this.input];
  }

  protected updateSpecial(key: string, value: unknown): boolean {
    if (key !== 'datalist' || !Array.isArray(value)) return false;
    if (!this.datalist) {
      this.datalist = h('datalist', null, { id: `${this.id}-list` });
      this.input.after(this.datalist);
      this.input.setAttribute('list', this.datalist.id);
    }
    this.fillDatalist(value);
    return true;
  }

  getValue(): unknown {
    const type = this.spec.type;
    if (type === 'number' || type === 'float') {
      if (this.input.value === '') return null;
      const n = Number(this.input.value);
      return Number.isFinite(n) ? (type === 'number' ? Math.trunc(n) : n) : null;
    }
    return this.input.value;
  }

  setValue(value: unknown): void {
    this.input.value = asText(value);
  }
}

export class TextareaItem extends InputItem {
  private textarea!: HTMLTextAreaElement;
  private editor: CodeEditor | null = null;
  private box!: HTMLElement;

  protected build(): HTMLElement {
    const rows = Number(this.spec.rows) || 6;
    this.textarea = h('textarea', 'form-control', { id: this.id, rows });
    this.textarea.value = asText(this.spec.value);
    this.textarea.addEventListener('input', () => this.changed(true));
    this.textarea.addEventListener('blur', () => this.blurred());
    this.box = h('div', 'webio-textarea', null, this.textarea);
    // A code textarea works as a plain one until the editor (a separate file) has loaded.
    if (this.spec.code) {
      this.textarea.classList.add('font-monospace');
      loadCodeEditor().then((Editor) => this.upgrade(Editor, rows), (err) => console.error('webio:', err));
    }
    return this.box;
  }

  private upgrade(Editor: typeof CodeEditor, rows: number): void {
    const opts = typeof this.spec.code === 'object' && this.spec.code ? this.spec.code : {};
    const hadFocus = document.activeElement === this.textarea;
    this.editor = new Editor({
      value: this.textarea.value,
      mode: opts.mode ? asText(opts.mode) : undefined,
      theme: opts.theme ? asText(opts.theme) : undefined,
      darkPage: this.host.dark,
      readonly: !!this.spec.readonly || this.textarea.disabled,
      placeholder: this.spec.placeholder ? asText(this.spec.placeholder) : undefined,
      rows,
      onInput: () => this.changed(true),
      onBlur: () => this.blurred(),
    });
    this.editor.el.id = this.id;
    this.textarea.removeAttribute('id');
    this.textarea.hidden = true;
    this.box.append(this.editor.el);
    this.editor.el.classList.toggle('is-invalid', this.root.classList.contains('webio-invalid'));
    if (hadFocus) this.editor.focus();
  }

  protected controls(): HTMLElement[] {
    return [this.textarea];
  }

  protected updateSpecial(key: string, value: unknown): boolean {
    if (key === 'readonly' || key === 'disabled') this.editor?.setReadonly(!!value);
    return false;
  }

  validate(): string | null {
    if (this.editor && this.spec.required && !this.editor.value) return t('required');
    return null;
  }

  focus(): void {
    if (this.editor) this.editor.focus();
    else super.focus();
  }

  setValidity(status: unknown): void {
    super.setValidity(status);
    this.editor?.el.classList.toggle('is-invalid', status === false);
  }

  getValue(): unknown {
    return this.editor ? this.editor.value : this.textarea.value;
  }

  setValue(value: unknown): void {
    this.textarea.value = asText(value);
    if (this.editor) this.editor.value = asText(value);
  }
}
