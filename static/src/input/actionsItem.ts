// The actions item: a row of buttons (submit, reset, cancel, or a value).

import { asText, h } from '../dom';
import { buttonClass } from '../output/controls';
import { InputItem } from './itemBase';

export class ActionsItem extends InputItem {
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
