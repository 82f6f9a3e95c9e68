// Input items: one class per input type, shared by forms (input_group) and pin widgets.
//
// Every item renders the same frame: label, control, invalid/valid feedback, help text.
// Option and button values on the wire are indexes (docs/protocol.md); labels are text.

import { asText, formatBytes, freshId, h } from '../dom';
import { t } from '../i18n';
import type { SendEvent } from '../types';
import { buttonClass } from '../output/controls';
import type { CodeEditor } from '../code/editor';
import { loadCodeEditor } from './codeLoader';
import { SearchSelect } from './searchSelect';

/** What an item needs from its owner. `form` is null for pin widgets. */
export interface ItemHost {
  send: SendEvent;
  dark: boolean;
  form: {
    reset(): void;
    cancel(): void;
  } | null;
}

export interface OptionSpec {
  label: unknown;
  value: number;
  selected?: boolean;
  disabled?: boolean;
}

/** Keys of an item spec that are not plain HTML attributes of the control. */
const SPECIAL = new Set([
  'type', 'name', 'label', 'value', 'help_text', 'auto_focus', 'onchange', 'onblur', 'invalid_feedback',
  'valid_feedback', 'valid_status', 'datalist', 'action', 'options', 'code', 'inline', 'buttons', 'multiple',
  'native', 'max_size', 'max_total_size', 'min_value', 'max_value', 'float', 'validate', 'title', 'id', 'class',
]);

const DEBOUNCE_MS = 200;

export abstract class InputItem {
  root!: HTMLElement;
  name: string;
  spec: any;
  /** Called with the new value when the user changes it (set by the form or pin registry). */
  onUserChange: ((value: unknown) => void) | null = null;
  /** Called with the value when the control loses focus. */
  onUserBlur: ((value: unknown) => void) | null = null;
  protected id = freshId('input');
  protected labelEl!: HTMLElement;
  protected helpEl!: HTMLElement;
  protected invalidEl!: HTMLElement;
  protected validEl!: HTMLElement;
  protected initial: unknown;
  private debounceTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(spec: any, protected readonly host: ItemHost) {
    this.spec = { ...spec };
    this.name = asText(spec.name);
  }

  /** Builds the DOM; called once by createItem() after construction. */
  init(): void {
    this.labelEl = h('label', 'form-label', { for: this.id, id: `${this.id}-label`, dir: 'auto' });
    this.setLabel(this.spec.label);
    this.invalidEl = h('div', 'invalid-feedback');
    this.validEl = h('div', 'valid-feedback');
    this.helpEl = h('div', 'form-text', { dir: 'auto' });
    this.setHelp(this.spec.help_text);
    const control = this.build();
    this.root = h('div', 'mb-3 webio-input-item', { 'data-webio-name': this.name, 'data-webio-type': asText(this.spec.type) },
      this.labelEl, control, this.invalidEl, this.validEl, this.helpEl);
    this.applyAttributes(this.spec);
    if (this.spec.invalid_feedback) this.invalidEl.textContent = asText(this.spec.invalid_feedback);
    if (this.spec.valid_feedback) this.validEl.textContent = asText(this.spec.valid_feedback);
    if (this.spec.valid_status !== undefined) this.setValidity(this.spec.valid_status);
    this.initial = this.getValue();
  }

  /** Creates the control area. */
  protected abstract build(): HTMLElement;
  abstract getValue(): unknown;
  abstract setValue(value: unknown): void;
  /** Elements that plain HTML attributes (placeholder, readonly, …) apply to. */
  protected abstract controls(): HTMLElement[];

  /** A client-side problem that blocks submission, or null. */
  validate(): string | null {
    return null;
  }

  focus(): void {
    this.controls()[0]?.focus();
  }

  reset(): void {
    this.setValue(this.initial);
    this.setValidity(0);
  }

  /** Applies update_input / pin_update attributes. */
  update(attrs: { [k: string]: any }, targetValue?: unknown): void {
    if (targetValue !== undefined && targetValue !== null && this.updateOption(targetValue, attrs)) return;
    for (const [key, value] of Object.entries(attrs)) {
      this.spec[key] = value;
      switch (key) {
        case 'valid_status': this.setValidity(value); break;
        case 'invalid_feedback': this.invalidEl.textContent = asText(value); break;
        case 'valid_feedback': this.validEl.textContent = asText(value); break;
        case 'help_text': this.setHelp(value); break;
        case 'label': this.setLabel(value); break;
        case 'value': this.setValue(value); break;
        default:
          if (!this.updateSpecial(key, value) && !SPECIAL.has(key)) this.setAttr(key, value);
      }
    }
  }

  /** Type-specific update of one key; returns true if handled. */
  protected updateSpecial(_key: string, _value: unknown): boolean {
    return false;
  }

  /** Updates one option (checkbox/radio `target_value`); returns true if handled. */
  protected updateOption(_target: unknown, _attrs: { [k: string]: any }): boolean {
    return false;
  }

  /** valid_status: true = valid, false = invalid, 0/null = neither. */
  setValidity(status: unknown): void {
    const valid = status === true;
    const invalid = status === false;
    this.root.classList.toggle('webio-valid', valid);
    this.root.classList.toggle('webio-invalid', invalid);
    for (const c of this.controls()) {
      c.classList.toggle('is-valid', valid);
      c.classList.toggle('is-invalid', invalid);
    }
  }

  /** Shows a client-side error as invalid feedback. */
  showError(message: string): void {
    this.invalidEl.textContent = message;
    this.setValidity(false);
  }

  protected setLabel(label: unknown): void {
    const text = asText(label);
    this.labelEl.textContent = text;
    this.labelEl.hidden = !text;
  }

  protected setHelp(help: unknown): void {
    const text = asText(help);
    this.helpEl.textContent = text;
    this.helpEl.hidden = !text;
  }

  protected applyAttributes(spec: { [k: string]: any }): void {
    for (const [key, value] of Object.entries(spec)) {
      if (!SPECIAL.has(key)) this.setAttr(key, value);
    }
  }

  protected setAttr(key: string, value: unknown): void {
    if (!/^[a-zA-Z_:][-a-zA-Z0-9_:.]*$/.test(key) || /^on/i.test(key)) return;
    for (const c of this.controls()) {
      if (value === null || value === undefined || value === false) c.removeAttribute(key);
      else if (value === true) c.setAttribute(key, '');
      else if (typeof value !== 'object') c.setAttribute(key, String(value));
    }
  }

  /** Reports a user change: immediately, or debounced for typing. */
  protected changed(debounce: boolean): void {
    if (!this.onUserChange) return;
    if (this.debounceTimer !== null) clearTimeout(this.debounceTimer);
    const fire = (): void => {
      this.debounceTimer = null;
      this.onUserChange?.(this.getValue());
    };
    if (debounce) this.debounceTimer = setTimeout(fire, DEBOUNCE_MS);
    else fire();
  }

  /** Sends a pending debounced change now (before submit or blur). */
  flushChange(): void {
    if (this.debounceTimer !== null) {
      clearTimeout(this.debounceTimer);
      this.debounceTimer = null;
      this.onUserChange?.(this.getValue());
    }
  }

  protected blurred(): void {
    this.flushChange();
    this.onUserBlur?.(this.getValue());
  }
}

// ---------------------------------------------------------------- text-like inputs

class TextItem extends InputItem {
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

class TextareaItem extends InputItem {
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

// ---------------------------------------------------------------- choices

function optionsOf(spec: any): OptionSpec[] {
  return Array.isArray(spec.options) ? spec.options : [];
}

/** The indexes chosen by `value` (an index, a list of indexes, or absent). */
function chosenIndexes(value: unknown, options: OptionSpec[]): Set<number> {
  if (value === undefined) return new Set(options.filter((o) => o.selected).map((o) => Number(o.value)));
  if (value === null) return new Set();
  return new Set((Array.isArray(value) ? value : [value]).map(Number));
}

class SelectItem extends InputItem {
  private select!: HTMLSelectElement;

  protected build(): HTMLElement {
    this.select = h('select', 'form-select', { id: this.id, multiple: !!this.spec.multiple });
    this.fill(optionsOf(this.spec), this.spec.value);
    this.select.addEventListener('change', () => this.changed(false));
    this.select.addEventListener('blur', () => this.blurred());
    return this.select;
  }

  private fill(options: OptionSpec[], value?: unknown): void {
    const chosen = chosenIndexes(value, options);
    this.select.replaceChildren(...options.map((o) => {
      const opt = h('option', null, { value: String(o.value), disabled: !!o.disabled }, asText(o.label));
      opt.selected = chosen.has(Number(o.value));
      return opt;
    }));
    if (!this.spec.multiple && chosen.size === 0) this.chooseFirstEnabled();
  }

  /** A single select with nothing chosen shows (and submits) its first enabled option, as a plain
   *  <select> does and as PyWebIO apps expect: `select('Team', ['A', 'B'])` left alone gives 'A'. */
  private chooseFirstEnabled(): void {
    const first = Array.from(this.select.options).find((o) => !o.disabled);
    if (first) first.selected = true;
  }

  protected controls(): HTMLElement[] {
    return [this.select];
  }

  protected updateSpecial(key: string, value: unknown): boolean {
    if (key !== 'options') return false;
    this.fill(Array.isArray(value) ? (value as OptionSpec[]) : []);
    return true;
  }

  getValue(): unknown {
    const selected = Array.from(this.select.selectedOptions).map((o) => Number(o.value));
    return this.spec.multiple ? selected : selected.length ? selected[0] : null;
  }

  setValue(value: unknown): void {
    const chosen = chosenIndexes(value ?? null, []);
    for (const opt of Array.from(this.select.options)) opt.selected = chosen.has(Number(opt.value));
    if (!this.spec.multiple && !this.select.selectedOptions.length) this.chooseFirstEnabled();
  }
}

class SearchSelectItem extends InputItem {
  private widget!: SearchSelect;

  protected build(): HTMLElement {
    const options = optionsOf(this.spec);
    this.widget = new SearchSelect({
      id: this.id,
      multiple: !!this.spec.multiple,
      options,
      chosen: chosenIndexes(this.spec.value, options),
      onChange: () => this.changed(false),
      onBlur: () => this.blurred(),
    });
    return this.widget.el;
  }

  protected controls(): HTMLElement[] {
    return [this.widget.toggle];
  }

  protected updateSpecial(key: string, value: unknown): boolean {
    if (key === 'options') {
      const options = Array.isArray(value) ? (value as OptionSpec[]) : [];
      this.widget.setOptions(options, chosenIndexes(undefined, options));
      return true;
    }
    if (key === 'disabled' || key === 'readonly') {
      this.widget.setDisabled(!!value);
      return true;
    }
    return false;
  }

  validate(): string | null {
    return this.spec.required && this.widget.chosen.size === 0 ? t('pleaseSelect') : null;
  }

  focus(): void {
    this.widget.toggle.focus();
  }

  getValue(): unknown {
    const chosen = Array.from(this.widget.chosen).sort((a, b) => a - b);
    return this.spec.multiple ? chosen : chosen.length ? chosen[0] : null;
  }

  setValue(value: unknown): void {
    this.widget.setChosen(chosenIndexes(value ?? null, []));
  }
}

class CheckItem extends InputItem {
  private box!: HTMLElement;
  private inputs: HTMLInputElement[] = [];

  protected build(): HTMLElement {
    this.box = h('div', 'webio-choices', {
      id: this.id, role: this.spec.type === 'radio' ? 'radiogroup' : 'group', 'aria-labelledby': `${this.id}-label`,
    });
    this.fill(optionsOf(this.spec), this.spec.value);
    return this.box;
  }

  private fill(options: OptionSpec[], value?: unknown): void {
    const chosen = chosenIndexes(value, options);
    const type = this.spec.type === 'radio' ? 'radio' : 'checkbox';
    const groupName = `${this.id}-opt`;
    this.inputs = [];
    this.box.replaceChildren(...options.map((o, i) => {
      const inputId = `${this.id}-${i}`;
      const input = h('input', 'form-check-input', {
        type, id: inputId, name: groupName, value: String(o.value), disabled: !!o.disabled,
      });
      input.checked = chosen.has(Number(o.value));
      if (type === 'radio' && this.spec.required) input.required = true;
      if (this.spec.readonly) input.disabled = true;
      input.addEventListener('change', () => this.changed(false));
      this.inputs.push(input);
      const label = h('label', 'form-check-label', { for: inputId }, asText(o.label));
      return h('div', this.spec.inline ? 'form-check form-check-inline' : 'form-check', null, input, label);
    }));
    this.labelEl.removeAttribute('for');
  }

  protected controls(): HTMLElement[] {
    return this.inputs;
  }

  protected setAttr(key: string, value: unknown): void {
    // readonly has no effect on checkboxes: disable them instead.
    super.setAttr(key === 'readonly' ? 'disabled' : key, value);
  }

  protected updateSpecial(key: string, value: unknown): boolean {
    if (key === 'options') {
      this.fill(Array.isArray(value) ? (value as OptionSpec[]) : []);
      return true;
    }
    return key === 'inline';
  }

  protected updateOption(target: unknown, attrs: { [k: string]: any }): boolean {
    const input = this.inputs.find((i) => Number(i.value) === Number(target));
    if (!input) return true;
    for (const [key, value] of Object.entries(attrs)) {
      if (key === 'label') {
        const label = input.nextElementSibling;
        if (label) label.textContent = asText(value);
      } else if (key === 'disabled') input.disabled = !!value;
      else if (key === 'checked' || key === 'selected' || key === 'value') input.checked = !!value;
    }
    return true;
  }

  getValue(): unknown {
    const checked = this.inputs.filter((i) => i.checked).map((i) => Number(i.value));
    if (this.spec.type === 'radio') return checked.length ? checked[0] : null;
    return checked;
  }

  setValue(value: unknown): void {
    const chosen = chosenIndexes(value ?? null, []);
    for (const input of this.inputs) input.checked = chosen.has(Number(input.value));
  }
}

// ---------------------------------------------------------------- actions

class ActionsItem extends InputItem {
  /** Index of the last pressed button (pin widgets keep it as their value). */
  private pressed: number | null = null;
  private box!: HTMLElement;
  private buttons: HTMLButtonElement[] = [];

  protected build(): HTMLElement {
    this.box = h('div', 'webio-actions', { id: this.id, role: 'group', 'aria-labelledby': `${this.id}-label` });
    this.fill(Array.isArray(this.spec.buttons) ? this.spec.buttons : []);
    this.pressed = typeof this.spec.value === 'number' ? this.spec.value : null;
    this.labelEl.removeAttribute('for');
    return this.box;
  }

  private fill(buttons: any[]): void {
    this.buttons = buttons.map((b) => {
      const kind = b.type === 'reset' || b.type === 'cancel' ? b.type : 'submit';
      const color = b.color ?? (kind === 'submit' ? 'primary' : kind === 'reset' ? 'warning' : 'danger');
      const inForm = this.host.form !== null;
      const el = h('button', buttonClass(color, {}), {
        type: inForm && kind === 'submit' ? 'submit' : 'button', disabled: !!b.disabled,
        'data-webio-index': kind === 'submit' ? String(b.value) : null, 'data-webio-action': kind,
      }, asText(b.label));
      el.addEventListener('click', (ev) => this.onPress(ev, kind, Number(b.value)));
      return el;
    });
    this.box.replaceChildren(...this.buttons);
  }

  private onPress(ev: Event, kind: string, value: number): void {
    const form = this.host.form;
    if (!form) {
      if (kind !== 'submit') return;
      this.pressed = value;
      this.changed(false);
      return;
    }
    if (kind === 'reset') form.reset();
    else if (kind === 'cancel') form.cancel();
    // submit buttons are real submit buttons: the form reads ev.submitter.
    if (kind !== 'submit') ev.preventDefault();
  }

  /** Whether this item has a submit-type button (it then replaces the form's own buttons). */
  hasSubmit(): boolean {
    return this.buttons.some((b) => b.getAttribute('data-webio-action') === 'submit');
  }

  protected controls(): HTMLElement[] {
    return this.buttons;
  }

  protected setAttr(): void {
    // HTML attributes of an actions item do not go to its buttons.
  }

  protected updateSpecial(key: string, value: unknown): boolean {
    if (key !== 'buttons') return false;
    this.fill(Array.isArray(value) ? value : []);
    return true;
  }

  setValidity(status: unknown): void {
    this.root.classList.toggle('webio-valid', status === true);
    this.root.classList.toggle('webio-invalid', status === false);
  }

  getValue(): unknown {
    return this.pressed;
  }

  setValue(value: unknown): void {
    this.pressed = typeof value === 'number' ? value : null;
  }
}

// ---------------------------------------------------------------- file upload

export interface UploadedFile {
  filename: string;
  content: string;
  mime_type: string;
  last_modified: number;
}

export class FileItem extends InputItem {
  private input!: HTMLInputElement;
  private list!: HTMLElement;

  protected build(): HTMLElement {
    this.input = h('input', 'form-control', { id: this.id, type: 'file', multiple: !!this.spec.multiple });
    const accept = Array.isArray(this.spec.accept) ? this.spec.accept.join(',') : this.spec.accept;
    if (accept) this.input.accept = asText(accept);
    this.list = h('ul', 'webio-file-list', { 'aria-live': 'polite' });
    this.showChosen();
    this.input.addEventListener('change', () => {
      this.setValidity(0);
      this.showChosen();
      const problem = this.validate();
      if (problem) this.showError(problem);
      this.changed(false);
    });
    return h('div', null, null, this.input, this.list);
  }

  private showChosen(): void {
    const files = Array.from(this.input.files ?? []);
    if (!files.length) {
      this.list.replaceChildren(h('li', null, null, asText(this.spec.placeholder || t('chooseFile'))));
      return;
    }
    const items = files.map((f) => h('li', null, null, `${f.name} (${formatBytes(f.size)})`));
    if (files.length > 1) items.unshift(h('li', null, null, t('filesSelected', { n: files.length })));
    this.list.replaceChildren(...items);
  }

  protected controls(): HTMLElement[] {
    return [this.input];
  }

  protected setAttr(key: string, value: unknown): void {
    if (key !== 'placeholder') super.setAttr(key, value);
  }

  protected updateSpecial(key: string, value: unknown): boolean {
    if (key === 'placeholder') {
      this.showChosen();
      return true;
    }
    if (key === 'accept') {
      this.input.accept = Array.isArray(value) ? value.join(',') : asText(value);
      return true;
    }
    return false;
  }

  get files(): File[] {
    return Array.from(this.input.files ?? []);
  }

  /** The browser-side size checks (the server checks again). */
  validate(): string | null {
    const maxSize = Number(this.spec.max_size) || 0;
    const maxTotal = Number(this.spec.max_total_size) || 0;
    let total = 0;
    for (const f of this.files) {
      if (maxSize > 0 && f.size > maxSize) return t('fileTooLarge', { name: f.name, limit: formatBytes(maxSize) });
      total += f.size;
    }
    if (maxTotal > 0 && total > maxTotal) return t('totalTooLarge', { limit: formatBytes(maxTotal) });
    return null;
  }

  getValue(): unknown {
    // The real value (file contents) is read at submit time by readFiles(); this is for onchange.
    const names = this.files.map((f) => f.name);
    return this.spec.multiple ? names : names[0] ?? null;
  }

  setValue(value: unknown): void {
    if (value === null || value === undefined || value === '') {
      this.input.value = '';
      this.showChosen();
    }
  }

  reset(): void {
    this.setValue(null);
    this.setValidity(0);
  }

  /** Reads the chosen files as base64, reporting bytes read so far. */
  async readFiles(onProgress: (loaded: number) => void): Promise<UploadedFile[]> {
    const out: UploadedFile[] = [];
    let done = 0;
    for (const file of this.files) {
      const dataUrl = await readAsDataUrl(file, (loaded) => onProgress(done + loaded));
      done += file.size;
      onProgress(done);
      out.push({
        filename: file.name,
        content: dataUrl.slice(dataUrl.indexOf(',') + 1),
        mime_type: file.type,
        last_modified: file.lastModified,
      });
    }
    return out;
  }
}

function readAsDataUrl(file: File, onProgress: (loaded: number) => void): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onprogress = (ev) => onProgress(ev.loaded);
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(file);
  });
}

// ---------------------------------------------------------------- slider

class SliderItem extends InputItem {
  private input!: HTMLInputElement;
  private output!: HTMLOutputElement;

  protected build(): HTMLElement {
    this.input = h('input', 'form-range', { id: this.id, type: 'range' });
    this.output = h('output', 'badge text-bg-secondary', { for: this.id });
    this.setRange(this.spec);
    this.setValue(this.spec.value ?? 0);
    this.input.addEventListener('input', () => {
      this.output.value = this.input.value;
      this.changed(true);
    });
    this.input.addEventListener('blur', () => this.blurred());
    return h('div', 'webio-slider', null, this.input, this.output);
  }

  private setRange(spec: any): void {
    if (spec.min_value !== undefined) this.input.min = asText(spec.min_value);
    if (spec.max_value !== undefined) this.input.max = asText(spec.max_value);
    if (spec.step !== undefined) this.input.step = asText(spec.step);
    else if (this.spec.float) this.input.step = 'any';
  }

  protected controls(): HTMLElement[] {
    return [this.input];
  }

  protected updateSpecial(key: string, value: unknown): boolean {
    if (key === 'min_value' || key === 'max_value' || key === 'step') {
      this.setRange({ [key]: value });
      this.output.value = this.input.value;
      return true;
    }
    return false;
  }

  getValue(): unknown {
    const n = Number(this.input.value);
    return this.spec.float ? n : Math.round(n);
  }

  setValue(value: unknown): void {
    this.input.value = asText(value ?? 0);
    this.output.value = this.input.value;
  }
}

// ---------------------------------------------------------------- factory

/** Creates the item for an input spec (unknown types fall back to a text input). */
export function createItem(spec: any, host: ItemHost): InputItem {
  let item: InputItem;
  switch (spec.type) {
    case 'textarea': item = new TextareaItem(spec, host); break;
    case 'select': item = spec.native === false ? new SearchSelectItem(spec, host) : new SelectItem(spec, host); break;
    case 'checkbox':
    case 'radio': item = new CheckItem(spec, host); break;
    case 'actions': item = new ActionsItem(spec, host); break;
    case 'file': item = new FileItem(spec, host); break;
    case 'slider': item = new SliderItem(spec, host); break;
    default: item = new TextItem(spec, host);
  }
  item.init();
  return item;
}

export { ActionsItem };
