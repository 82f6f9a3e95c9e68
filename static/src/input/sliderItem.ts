// The slider item: a range input with its value shown next to it.

import { asText, h } from '../dom';
import { InputItem } from './itemBase';

export class SliderItem extends InputItem {
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
