// Outputs that hold other outputs. Each marks its content slot with data-webio-slot, which is
// where a `container_dom_id` scope goes when the server gives no container_selector.

import 'bootstrap/js/dist/collapse';
import 'bootstrap/js/dist/tab';
import { asText, freshId, h, scopeId } from '../dom';
import { t } from '../i18n';
import type { OutputSpec } from '../types';
import type { RenderContext } from './context';
import { renderInto, renderOutput } from './render';

const ALERT_COLORS = new Set(['info', 'success', 'warning', 'danger', 'primary', 'secondary', 'light', 'dark']);

export function renderAlert(spec: any, ctx: RenderContext): HTMLElement {
  const color = ALERT_COLORS.has(spec.color) ? spec.color : 'info';
  const slot = h('div', 'webio-alert-body', { 'data-webio-slot': true, dir: 'auto' });
  renderInto(slot, spec.contents, ctx);
  const el = h('div', `alert alert-${color} webio-alert`, { role: 'alert' }, slot);
  if (spec.closable) {
    el.classList.add('alert-dismissible');
    const close = h('button', 'btn-close', { type: 'button', 'aria-label': t('close') });
    close.addEventListener('click', (ev) => {
      ev.stopPropagation();
      el.remove();
    });
    el.append(close);
  }
  return el;
}

export function renderLoading(spec: any, ctx: RenderContext): HTMLElement {
  const shape = spec.shape === 'grow' ? 'grow' : 'border';
  const color = ALERT_COLORS.has(spec.color) ? spec.color : 'dark';
  const el = h('div', `spinner-${shape} text-${color} webio-loading`, { role: 'status' },
    h('span', 'visually-hidden', null, t('loading')));
  renderInto(el, spec.contents, ctx);
  return el;
}

export function renderCollapse(spec: any, ctx: RenderContext): HTMLElement {
  const bodyId = freshId('collapse');
  const open = !!spec.open;
  const button = h('button', null, {
    type: 'button', 'data-bs-toggle': 'collapse', 'data-bs-target': `#${bodyId}`,
    'aria-expanded': open ? 'true' : 'false', 'aria-controls': bodyId,
  });
  const title = spec.title;
  if (title && typeof title === 'object') button.append(renderOutput(title as OutputSpec, ctx));
  else button.textContent = asText(title);
  const slot = h('div', 'card-body webio-slot', { 'data-webio-slot': true });
  renderInto(slot, spec.contents, ctx);
  const body = h('div', open ? 'collapse show' : 'collapse', { id: bodyId }, slot);
  return h('div', 'card webio-collapse', null, h('div', 'card-header', null, button), body);
}

export function renderScrollable(spec: any, ctx: RenderContext): HTMLElement {
  const el = h('div', 'webio-scrollable', { 'data-webio-slot': true });
  if (spec.border !== false) el.classList.add('webio-bordered');
  if (spec.horizon_scroll) el.classList.add('webio-hscroll');
  const px = (v: unknown): string | null => (v === null || v === undefined || v === '' ? null : typeof v === 'number' ? `${v}px` : asText(v));
  const minH = px(spec.min_height);
  const maxH = px(spec.max_height ?? spec.height);
  if (minH) el.style.minHeight = minH;
  if (maxH) el.style.maxHeight = maxH;
  renderInto(el, spec.contents, ctx);
  if (spec.keep_bottom) keepAtBottom(el);
  return el;
}

/** Keeps a scrollable box scrolled to the end as content arrives; a click pauses/resumes. */
function keepAtBottom(el: HTMLElement): void {
  let active = true;
  el.title = '';
  el.addEventListener('click', () => {
    active = !active;
    if (active) el.scrollTop = el.scrollHeight;
  });
  const observer = new MutationObserver(() => {
    if (active && el.isConnected) el.scrollTop = el.scrollHeight;
  });
  observer.observe(el, { childList: true, subtree: true, characterData: true });
  requestAnimationFrame(() => {
    el.scrollTop = el.scrollHeight;
  });
}

export function renderTabs(spec: any, ctx: RenderContext): HTMLElement {
  const nav = h('ul', 'nav nav-tabs', { role: 'tablist' });
  const content = h('div', 'tab-content');
  const tabs: any[] = Array.isArray(spec.tabs) ? spec.tabs : [];
  tabs.forEach((tab, i) => {
    const paneId = freshId('tab');
    const button = h('button', i === 0 ? 'nav-link active' : 'nav-link', {
      type: 'button', role: 'tab', 'data-bs-toggle': 'tab', 'data-bs-target': `#${paneId}`,
      'aria-controls': paneId, 'aria-selected': i === 0 ? 'true' : 'false',
    });
    if (tab.title && typeof tab.title === 'object') button.append(renderOutput(tab.title, ctx));
    else button.textContent = asText(tab.title);
    nav.append(h('li', 'nav-item', { role: 'presentation' }, button));
    const pane = h('div', i === 0 ? 'tab-pane active show' : 'tab-pane', { id: paneId, role: 'tabpanel' });
    renderInto(pane, tab.contents ?? tab.content, ctx);
    content.append(pane);
  });
  return h('div', 'webio-tabs', null, nav, content);
}

/** put_row / put_column: a CSS grid; `null` items are 10px gaps unless `size` says otherwise. */
export function renderRowColumn(spec: any, ctx: RenderContext): HTMLElement {
  const isRow = spec.type === 'row';
  const el = h('div', isRow ? 'webio-row' : 'webio-column', { 'data-webio-slot': true });
  const items: unknown[] = Array.isArray(spec.contents) ? spec.contents : [];
  const size = spec.size ? asText(spec.size) : items.map((item) => (item === null ? '10px' : isRow ? 'minmax(0, 1fr)' : 'auto')).join(' ');
  if (isRow) el.style.gridTemplateColumns = size;
  else el.style.gridTemplateRows = size;
  for (const item of items) el.append(renderOutput(item as OutputSpec, ctx));
  return el;
}

export function renderGrid(spec: any, ctx: RenderContext): HTMLElement {
  const el = h('div', 'webio-grid', { 'data-webio-slot': true });
  const rows: unknown[][] = Array.isArray(spec.contents) ? spec.contents.map((r: unknown) => (Array.isArray(r) ? r : [r])) : [];
  const ncols = rows.reduce((m, r) => Math.max(m, r.length), 0);
  const columns = spec.cell_widths ? asText(spec.cell_widths) : `repeat(${Math.max(ncols, 1)}, ${asText(spec.cell_width || 'auto')})`;
  const heights = spec.cell_heights ? asText(spec.cell_heights) : `repeat(${Math.max(rows.length, 1)}, ${asText(spec.cell_height || 'auto')})`;
  el.style.gridTemplateColumns = columns;
  el.style.gridTemplateRows = heights;
  if (spec.direction === 'column') el.style.gridAutoFlow = 'column';
  for (const row of rows) for (const cell of row) el.append(renderOutput(cell as OutputSpec, ctx));
  return el;
}

export function renderScope(spec: any, ctx: RenderContext): HTMLElement {
  const el = h('div', 'webio-scope', { id: spec.dom_id ? scopeId(String(spec.dom_id)) : null });
  renderInto(el, spec.contents, ctx);
  return el;
}
