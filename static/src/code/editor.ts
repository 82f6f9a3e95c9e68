// The code editor of `textarea(code=...)`: CodeMirror 6 with a language mode, a light or dark
// theme, and Esc / F11 to toggle full screen.

import { css } from '@codemirror/lang-css';
import { html } from '@codemirror/lang-html';
import { javascript } from '@codemirror/lang-javascript';
import { json } from '@codemirror/lang-json';
import { markdown } from '@codemirror/lang-markdown';
import { python } from '@codemirror/lang-python';
import { sql } from '@codemirror/lang-sql';
import { completionStatus } from '@codemirror/autocomplete';
import { Compartment, EditorState, Prec, type Extension } from '@codemirror/state';
import { oneDark } from '@codemirror/theme-one-dark';
import { EditorView, keymap, placeholder as placeholderExt } from '@codemirror/view';
import { basicSetup } from 'codemirror';
import { h } from '../dom';
import { t } from '../i18n';

const MODES: { [name: string]: () => Extension } = {
  python: () => python(),
  py: () => python(),
  javascript: () => javascript(),
  js: () => javascript(),
  'text/javascript': () => javascript(),
  typescript: () => javascript({ typescript: true }),
  ts: () => javascript({ typescript: true }),
  jsx: () => javascript({ jsx: true }),
  markdown: () => markdown(),
  md: () => markdown(),
  gfm: () => markdown(),
  sql: () => sql(),
  'text/x-sql': () => sql(),
  html: () => html(),
  htmlmixed: () => html(),
  xml: () => html(),
  css: () => css(),
  json: () => json(),
  'application/json': () => json(),
};

// CodeMirror 5 theme names people pass in `code={'theme': ...}`; the dark ones map to one-dark.
const DARK_THEMES = /dark|darcula|dracula|monokai|material|night|nord|cobalt|blackboard|ambiance|erlang|lesser|midnight|seti|solarized dark|the-matrix|tomorrow-night|twilight|vibrant|xq-dark|zenburn|abcdef|base16-dark|colorforth|hopscotch|icecoder|isotope|lucario|mbo|oceanic|panda|paraiso-dark|pastel|railscasts|rubyblue|shadowfox|ssms|yonce|gruvbox/i;

export interface CodeEditorOptions {
  value: string;
  mode?: string;
  theme?: string;
  darkPage: boolean;
  readonly: boolean;
  placeholder?: string;
  rows: number;
  onInput: () => void;
  onBlur: () => void;
}

export class CodeEditor {
  readonly el: HTMLElement;
  private readonly view: EditorView;
  private readonly readOnly = new Compartment();

  constructor(opts: CodeEditorOptions) {
    this.el = h('div', 'webio-code-editor', { title: t('fullscreenHint') });
    const extensions: Extension[] = [
      basicSetup,
      // Esc first closes an open completion list; otherwise it toggles full screen, as F11 does.
      Prec.high(keymap.of([
        { key: 'Escape', run: (view) => (completionStatus(view.state) === 'active' ? false : this.toggleFullscreen()) },
        { key: 'F11', run: () => this.toggleFullscreen(), preventDefault: true },
      ])),
      this.readOnly.of(readOnlyExtension(opts.readonly)),
      EditorView.updateListener.of((update) => {
        if (update.docChanged) opts.onInput();
        if (update.focusChanged && !update.view.hasFocus) opts.onBlur();
      }),
      EditorView.theme({ '.cm-content, .cm-gutter': { minHeight: `${Math.max(opts.rows, 2) * 1.4}em` } }),
    ];
    const modeName = (opts.mode ?? '').toLowerCase();
    if (MODES[modeName]) extensions.push(MODES[modeName]());
    if (opts.darkPage || (opts.theme && DARK_THEMES.test(opts.theme))) extensions.push(oneDark);
    if (opts.placeholder) extensions.push(placeholderExt(opts.placeholder));
    this.view = new EditorView({
      state: EditorState.create({ doc: opts.value, extensions }),
      parent: this.el,
    });
  }

  get value(): string {
    return this.view.state.doc.toString();
  }

  set value(text: string) {
    this.view.dispatch({ changes: { from: 0, to: this.view.state.doc.length, insert: text } });
  }

  setReadonly(readonly: boolean): void {
    this.view.dispatch({ effects: this.readOnly.reconfigure(readOnlyExtension(readonly)) });
  }

  focus(): void {
    this.view.focus();
  }

  toggleFullscreen(): boolean {
    this.el.classList.toggle('webio-fullscreen');
    this.view.requestMeasure();
    return true;
  }
}

function readOnlyExtension(readonly: boolean): Extension {
  return [EditorState.readOnly.of(readonly), EditorView.editable.of(!readonly)];
}
