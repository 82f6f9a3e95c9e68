// put_widget: a mustache template whose data may hold output specs.
//
// `{{& pywebio_output_parse}}` (also `webio_output_parse`) inside a section renders the current
// item. The helper returns a placeholder element; after the template is parsed, placeholders are
// replaced by the real rendered outputs, so buttons and other callbacks inside keep working.

import Mustache from 'mustache';
import { asText, h } from '../dom';
import type { OutputSpec } from '../types';
import type { RenderContext } from './context';
import { renderOutput } from './render';

export function renderWidget(spec: any, ctx: RenderContext): HTMLElement {
  const rendered: HTMLElement[] = [];
  const parse = function (this: unknown): string {
    let item: unknown = this;
    if (item instanceof String || item instanceof Number) item = item.valueOf();
    const el = typeof item === 'object' && item !== null && 'type' in (item as object)
      ? renderOutput(item as OutputSpec, ctx)
      : h('span', 'webio-text', null, asText(item));
    rendered.push(el);
    return `<webio-slot data-i="${rendered.length - 1}"></webio-slot>`;
  };
  const data = spec.data && typeof spec.data === 'object' ? spec.data : {};
  const view = { ...data, pywebio_output_parse: parse, webio_output_parse: parse };
  const el = h('div', 'webio-widget');
  el.innerHTML = Mustache.render(asText(spec.template), view);
  el.querySelectorAll('webio-slot').forEach((slot) => {
    const out = rendered[Number(slot.getAttribute('data-i'))];
    if (out) slot.replaceWith(out);
    else slot.remove();
  });
  // A single top-level element is the output itself (so style/scope apply to it).
  if (el.childElementCount === 1 && !hasText(el)) return el.firstElementChild as HTMLElement;
  return el;
}

function hasText(el: Element): boolean {
  for (const node of Array.from(el.childNodes)) {
    if (node.nodeType === Node.TEXT_NODE && (node.textContent ?? '').trim()) return true;
  }
  return false;
}
