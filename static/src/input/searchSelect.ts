// A select with a search box (`select(native=False)`): a toggle button that opens a panel
// with a filter field and a listbox. Keyboard: arrows move, Enter picks, Esc closes.

import { asText, h } from '../dom';
import { t } from '../i18n';
import type { OptionSpec } from './itemBase';

export interface SearchSelectOptions {
  id: string;
  multiple: boolean;
  options: OptionSpec[];
  chosen: Set<number>;
  onChange: () => void;
  onBlur: () => void;
}

export class SearchSelect {
  readonly el: HTMLElement;
  readonly toggle: HTMLButtonElement;
  chosen: Set<number>;
  private readonly menu: HTMLElement;
  private readonly search: HTMLInputElement;
  private readonly list: HTMLUListElement;
  private readonly empty: HTMLElement;
  private options: OptionSpec[] = [];
  private items: HTMLLIElement[] = [];
  private active = -1;

  constructor(private readonly opts: SearchSelectOptions) {
    this.chosen = new Set(opts.chosen);
    this.toggle = h('button', 'form-select webio-ss-toggle', {
      type: 'button', id: opts.id, 'aria-haspopup': 'listbox', 'aria-expanded': 'false',
    });
    this.search = h('input', 'form-control form-control-sm', { type: 'search', placeholder: t('search'), 'aria-label': t('search') });
    this.list = h('ul', 'webio-ss-list', { role: 'listbox', 'aria-multiselectable': opts.multiple ? 'true' : null });
    this.empty = h('div', 'webio-ss-empty', null, t('noMatch'));
    this.empty.hidden = true;
    this.menu = h('div', 'webio-ss-menu', null, this.search, this.list, this.empty);
    this.menu.hidden = true;
    this.el = h('div', 'webio-search-select', null, this.toggle, this.menu);
    this.setOptions(opts.options, this.chosen);

    this.toggle.addEventListener('click', () => (this.menu.hidden ? this.open() : this.close()));
    this.search.addEventListener('input', () => this.filter());
    this.search.addEventListener('keydown', (ev) => this.onKey(ev));
    this.toggle.addEventListener('keydown', (ev) => {
      if (ev.key === 'ArrowDown' && this.menu.hidden) {
        ev.preventDefault();
        this.open();
      }
    });
    const outside = (ev: Event): void => {
      if (!this.el.isConnected) document.removeEventListener('pointerdown', outside);
      else if (!this.menu.hidden && !this.el.contains(ev.target as Node)) this.close();
    };
    document.addEventListener('pointerdown', outside);
    this.el.addEventListener('focusout', (ev) => {
      if (!this.el.contains(ev.relatedTarget as Node | null)) {
        this.close();
        opts.onBlur();
      }
    });
  }

  setOptions(options: OptionSpec[], chosen: Set<number>): void {
    this.options = options;
    this.chosen = new Set(chosen);
    this.items = options.map((o) => {
      const li = h('li', null, { role: 'option', 'data-value': String(o.value), 'aria-disabled': o.disabled ? 'true' : null },
        asText(o.label));
      li.addEventListener('mousedown', (ev) => ev.preventDefault());
      li.addEventListener('click', () => this.pick(li));
      return li;
    });
    this.list.replaceChildren(...this.items);
    this.render();
  }

  setChosen(chosen: Set<number>): void {
    this.chosen = new Set(chosen);
    this.render();
  }

  setDisabled(disabled: boolean): void {
    this.toggle.disabled = disabled;
    if (disabled) this.close();
  }

  private render(): void {
    for (const li of this.items) li.setAttribute('aria-selected', this.chosen.has(Number(li.dataset.value)) ? 'true' : 'false');
    const labels = this.options.filter((o) => this.chosen.has(Number(o.value))).map((o) => asText(o.label));
    this.toggle.textContent = labels.length ? labels.join(', ') : t('pleaseSelect');
    this.toggle.classList.toggle('text-body-secondary', !labels.length);
  }

  private open(): void {
    if (this.toggle.disabled) return;
    this.menu.hidden = false;
    this.toggle.setAttribute('aria-expanded', 'true');
    this.search.value = '';
    this.filter();
    this.search.focus();
  }

  private close(): void {
    if (this.menu.hidden) return;
    this.menu.hidden = true;
    this.toggle.setAttribute('aria-expanded', 'false');
  }

  private filter(): void {
    const q = this.search.value.trim().toLowerCase();
    let shown = 0;
    for (const li of this.items) {
      const match = !q || (li.textContent ?? '').toLowerCase().includes(q);
      li.hidden = !match;
      if (match) shown++;
    }
    this.empty.hidden = shown > 0;
    this.setActive(this.visible()[0] ?? null);
  }

  private visible(): HTMLLIElement[] {
    return this.items.filter((li) => !li.hidden && li.getAttribute('aria-disabled') !== 'true');
  }

  private setActive(li: HTMLLIElement | null): void {
    this.items.forEach((x) => x.classList.remove('webio-active'));
    this.active = li ? this.items.indexOf(li) : -1;
    if (li) {
      li.classList.add('webio-active');
      li.scrollIntoView({ block: 'nearest' });
    }
  }

  private onKey(ev: KeyboardEvent): void {
    const visible = this.visible();
    const pos = visible.indexOf(this.items[this.active]);
    if (ev.key === 'ArrowDown' || ev.key === 'ArrowUp') {
      ev.preventDefault();
      const next = ev.key === 'ArrowDown' ? Math.min(pos + 1, visible.length - 1) : Math.max(pos - 1, 0);
      this.setActive(visible[next] ?? null);
    } else if (ev.key === 'Enter') {
      ev.preventDefault();
      if (this.active >= 0) this.pick(this.items[this.active]);
    } else if (ev.key === 'Escape') {
      ev.preventDefault();
      ev.stopPropagation();
      this.close();
      this.toggle.focus();
    }
  }

  private pick(li: HTMLLIElement): void {
    if (li.getAttribute('aria-disabled') === 'true') return;
    const value = Number(li.dataset.value);
    if (this.opts.multiple) {
      if (this.chosen.has(value)) this.chosen.delete(value);
      else this.chosen.add(value);
    } else {
      this.chosen = new Set([value]);
      this.close();
      this.toggle.focus();
    }
    this.render();
    this.opts.onChange();
  }
}
