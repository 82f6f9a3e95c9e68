// Markdown, HTML and code: the three outputs that hold markup.

import '../prism-setup';
import Prism from 'prismjs';
import 'prismjs/components/prism-markup-templating';
import 'prismjs/components/prism-python';
import 'prismjs/components/prism-bash';
import 'prismjs/components/prism-json';
import 'prismjs/components/prism-sql';
import 'prismjs/components/prism-markdown';
import 'prismjs/components/prism-yaml';
import 'prismjs/components/prism-toml';
import 'prismjs/components/prism-ini';
import 'prismjs/components/prism-java';
import 'prismjs/components/prism-c';
import 'prismjs/components/prism-cpp';
import 'prismjs/components/prism-csharp';
import 'prismjs/components/prism-go';
import 'prismjs/components/prism-rust';
import 'prismjs/components/prism-typescript';
import 'prismjs/components/prism-jsx';
import 'prismjs/components/prism-php';
import 'prismjs/components/prism-ruby';
import 'prismjs/components/prism-r';
import 'prismjs/components/prism-diff';
import 'prismjs/components/prism-docker';
import 'prismjs/components/prism-kotlin';
import 'prismjs/components/prism-lua';
import 'prismjs/components/prism-latex';
import 'prismjs/components/prism-powershell';
import DOMPurify from 'dompurify';
import { Marked } from 'marked';
import { asText, h } from '../dom';
import { runScripts } from '../libs';

const markedCache = new Map<string, Marked>();

/** A Marked instance for these options (only string and boolean members are honoured). */
function markedFor(options: unknown): Marked {
  const clean: { [k: string]: string | boolean } = {};
  if (options && typeof options === 'object') {
    for (const [k, v] of Object.entries(options as object)) {
      if (typeof v === 'string' || typeof v === 'boolean') clean[k] = v;
    }
  }
  const key = JSON.stringify(clean);
  let m = markedCache.get(key);
  if (!m) {
    m = new Marked({ ...(clean as object), async: false });
    markedCache.set(key, m);
  }
  return m;
}

/** Highlights `code[class*=language-]` blocks inside an element (works before insertion). */
export function highlightWithin(root: Element): void {
  root.querySelectorAll('code[class*="language-"]').forEach((code) => highlightCode(code as HTMLElement));
}

function highlightCode(code: HTMLElement): void {
  const m = /language-(\S+)/.exec(code.className);
  const lang = m ? m[1].toLowerCase() : '';
  const grammar = lang ? Prism.languages[lang] : undefined;
  if (!grammar) return;
  code.innerHTML = Prism.highlight(code.textContent ?? '', grammar, lang);
  code.parentElement?.classList.add(`language-${lang}`);
}

export function renderMarkdown(spec: any): HTMLElement {
  const html = markedFor(spec.options).parse(asText(spec.content)) as string;
  const el = h('div', 'webio-markdown', { dir: 'auto' });
  el.innerHTML = spec.sanitize === false ? html : DOMPurify.sanitize(html);
  highlightWithin(el);
  return el;
}

/**
 * HTML output. Sanitized content goes through DOMPurify. Unsanitized content is the app's own
 * HTML (documented): its <script> elements are re-created so they run, in order, once the output
 * is in the page, as they would in a static page (plotting libraries rely on this; see libs.ts).
 */
export function renderHtml(spec: any): HTMLElement {
  const el = h('div', 'webio-html', { dir: 'auto' });
  const content = asText(spec.content);
  if (spec.sanitize) {
    el.innerHTML = DOMPurify.sanitize(content);
    return el;
  }
  el.innerHTML = content;
  runScripts(Array.from(el.querySelectorAll('script')));
  return el;
}

export function renderCode(spec: any): HTMLElement {
  const lang = asText(spec.language).toLowerCase();
  const code = h('code', lang ? `language-${lang}` : null);
  code.textContent = asText(spec.content);
  const pre = h('pre', 'webio-code', null, code);
  if (lang) highlightCode(code);
  const rows = Number(spec.rows);
  if (rows > 0) pre.style.maxHeight = `calc(${rows * 1.5}em + 2em)`;
  return pre;
}
