// Output specs to DOM elements. One renderer per `type`; the common fields (style, click
// callback, container scope) are handled once in renderOutput().

import { asText, h, saveFile, scopeId } from '../dom';
import type { OutputSpec } from '../types';
import { renderAlert, renderCollapse, renderGrid, renderLoading, renderRowColumn, renderScope,
  renderScrollable, renderTabs } from './containers';
import type { RenderContext } from './context';
import { renderCode, renderHtml, renderMarkdown } from './markup';
import { renderButtons, renderProcessbar } from './controls';
import { renderDatatable } from './datatable';
import { renderTable } from './table';
import { renderWidget } from './widget';

type Renderer = (spec: any, ctx: RenderContext) => HTMLElement;

const RENDERERS: { [type: string]: Renderer } = {
  text: renderText,
  markdown: renderMarkdown,
  html: renderHtml,
  code: renderCode,
  link: renderLink,
  image: renderImage,
  file: renderFile,
  table: renderTable,
  buttons: renderButtons,
  processbar: renderProcessbar,
  loading: renderLoading,
  alert: renderAlert,
  collapse: renderCollapse,
  scrollable: renderScrollable,
  tabs: renderTabs,
  row: renderRowColumn,
  column: renderRowColumn,
  grid: renderGrid,
  scope: renderScope,
  pin: (spec, ctx) => ctx.pins.render(spec.input ?? {}),
  custom_widget: renderWidget,
  datatable: renderDatatable,
};

/** Renders one output spec (a string or number stands for a text output). */
export function renderOutput(spec: OutputSpec, ctx: RenderContext): HTMLElement {
  if (spec === null || spec === undefined) return h('div', 'webio-gap');
  if (typeof spec !== 'object') return h('p', 'webio-text', { dir: 'auto' }, asText(spec));
  const renderer = RENDERERS[spec.type];
  let el: HTMLElement;
  if (renderer) {
    el = renderer(spec, ctx);
  } else {
    console.warn('webio: unknown output type', spec.type);
    el = h('div', 'alert alert-warning', null, `Unknown output type: ${asText(spec.type)}`);
  }
  applyCommon(el, spec, ctx);
  return el;
}

/** Renders a list of nested specs into a parent element. */
export function renderInto(parent: Element, contents: unknown, ctx: RenderContext): void {
  const list = Array.isArray(contents) ? contents : contents === undefined || contents === null ? [] : [contents];
  for (const item of list) parent.append(renderOutput(item as OutputSpec, ctx));
}

function applyCommon(el: HTMLElement, spec: any, ctx: RenderContext): void {
  if (spec.style) el.style.cssText += `;${asText(spec.style)}`;
  if (spec.click_callback_id) {
    const callbackId = String(spec.click_callback_id);
    el.classList.add('webio-clickable');
    el.addEventListener('click', () => ctx.send({ event: 'callback', task_id: callbackId, data: null }));
  }
  if (spec.container_dom_id) {
    const slot = findSlot(el, spec.container_selector) ?? el.querySelector('[data-webio-slot]') ?? el;
    slot.id = scopeId(String(spec.container_dom_id));
  }
}

function findSlot(el: HTMLElement, selector: unknown): Element | null {
  if (!selector) return null;
  try {
    return el.matches(String(selector)) ? el : el.querySelector(String(selector));
  } catch (err) {
    console.warn('webio: bad container_selector', selector, err);
    return null;
  }
}

function renderText(spec: any): HTMLElement {
  return h(spec.inline ? 'span' : 'p', 'webio-text', { dir: 'auto' }, asText(spec.content));
}

function renderLink(spec: any): HTMLElement {
  const href = spec.app !== undefined && spec.app !== null
    ? `?${new URLSearchParams({ app: String(spec.app) }).toString()}`
    : asText(spec.url);
  const a = h('a', 'webio-link', { href }, asText(spec.content ?? spec.name));
  if (spec.new_window) {
    a.target = '_blank';
    a.rel = 'noopener noreferrer';
  }
  return a;
}

function renderImage(spec: any): HTMLElement {
  const img = h('img', 'webio-image', { src: asText(spec.src), alt: asText(spec.alt ?? spec.title) });
  if (spec.title) img.title = asText(spec.title);
  if (spec.width) img.style.width = asText(spec.width);
  if (spec.height) img.style.height = asText(spec.height);
  return img;
}

function renderFile(spec: any): HTMLElement {
  const name = asText(spec.name);
  const a = h('a', 'webio-file-link', { href: '#', download: name }, asText(spec.label || name));
  a.addEventListener('click', (ev) => {
    ev.preventDefault();
    saveFile(name, asText(spec.content));
  });
  return h('p', 'webio-file', null, a);
}

