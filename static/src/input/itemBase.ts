// The frame every input item shares (label, control, feedback, help text) and its update rules.

import { asText, freshId, h } from '../dom';
import type { SendEvent } from '../types';

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
