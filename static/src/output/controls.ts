// Buttons and progress bars.

import { asText, h } from '../dom';
import type { RenderContext } from './context';

const COLORS = new Set(['primary', 'secondary', 'success', 'danger', 'warning', 'info', 'light', 'dark']);

/** Bootstrap button classes for a colour name, outline/link/small flags. */
export function buttonClass(color: unknown, opts: { outline?: boolean; link?: boolean; small?: boolean }): string {
  const c = typeof color === 'string' && COLORS.has(color) ? color : 'primary';
  let cls = opts.link ? 'btn btn-link' : `btn btn-${opts.outline ? 'outline-' : ''}${c}`;
  if (opts.small) cls += ' btn-sm';
  return cls;
}

export function renderButtons(spec: any, ctx: RenderContext): HTMLElement {
  const wrap = h('div', spec.group ? 'webio-buttons btn-group' : 'webio-buttons', spec.group ? { role: 'group' } : null);
  const callbackId = spec.callback_id === undefined || spec.callback_id === null ? null : String(spec.callback_id);
  for (const btn of Array.isArray(spec.buttons) ? spec.buttons : []) {
    const color = btn.color ?? (spec.link ? null : 'primary');
    const el = h('button', buttonClass(color, { outline: spec.outline, link: spec.link, small: spec.small }),
      { type: 'button', disabled: !!btn.disabled }, asText(btn.label));
    el.addEventListener('click', (ev) => {
      ev.stopPropagation();
      if (callbackId !== null) ctx.send({ event: 'callback', task_id: callbackId, data: btn.value ?? null });
    });
    wrap.append(el);
  }
  return wrap;
}

/** Sets value (0..1) and label of a progress bar element made by renderProcessbar. */
export function setProcessbar(el: Element, value: number, label: unknown): void {
  const bar = el.querySelector('.progress-bar') as HTMLElement | null;
  if (!bar) return;
  const v = Math.max(0, Math.min(1, Number(value) || 0));
  const pct = Math.round(v * 1000) / 10;
  bar.style.width = `${pct}%`;
  bar.textContent = label === null || label === undefined || label === '' ? `${Math.round(v * 100)}%` : asText(label);
  el.setAttribute('aria-valuenow', String(pct));
  if (v >= 1 && el.getAttribute('data-auto-close') === 'true') el.remove();
}

export function renderProcessbar(spec: any): HTMLElement {
  const name = asText(spec.name);
  const el = h('div', 'progress webio-processbar', {
    id: `webio-processbar-${name}`, role: 'progressbar', 'aria-valuemin': 0, 'aria-valuemax': 100,
    'data-auto-close': spec.auto_close ? 'true' : 'false',
  }, h('div', 'progress-bar'));
  const value = Number(spec.value ?? spec.init ?? 0);
  // auto_close applies to later updates; a bar created full is still shown.
  el.setAttribute('data-auto-close', 'false');
  setProcessbar(el, value, spec.label);
  if (spec.auto_close) el.setAttribute('data-auto-close', 'true');
  return el;
}
