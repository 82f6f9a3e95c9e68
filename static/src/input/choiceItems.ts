// Input items that pick among options: native select, searchable select, checkboxes and radios.
// Option values on the wire are indexes (docs/protocol.md).

import { asText, h } from '../dom';
import { t } from '../i18n';
import { SearchSelect } from './searchSelect';
import { InputItem, type OptionSpec } from './itemBase';

function optionsOf(spec: any): OptionSpec[] {
  return Array.isArray(spec.options) ? spec.options : [];
}

/** The indexes chosen by `value` (an index, a list of indexes, or absent). */
function chosenIndexes(value: unknown, options: OptionSpec[]): Set<number> {
  if (value === undefined) return new Set(options.filter((o) => o.selected).map((o) => Number(o.value)));
  if (value === null) return new Set();
  return new Set((Array.isArray(value) ? value : [value]).map(Number));
}

export class SelectItem extends InputItem {
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

export class SearchSelectItem extends InputItem {
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

export class CheckItem extends InputItem {
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
