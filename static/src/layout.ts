// The page skeleton and the settings of set_env: output width, animation, auto scroll, the
// input panel (fixed at the bottom, resizable by its handle), auto focus and the title.

import { h } from './dom';

export interface Env {
  output_animation: boolean;
  auto_scroll_bottom: boolean;
  input_panel_fixed: boolean;
  input_panel_min_height: number;
  input_panel_init_height: number;
  input_auto_focus: boolean;
  http_pull_interval: number;
}

export class Layout {
  readonly main: HTMLElement;
  readonly root: HTMLElement;
  readonly panel: HTMLElement;
  readonly formSlot: HTMLElement;
  readonly env: Env = {
    output_animation: true,
    auto_scroll_bottom: false,
    input_panel_fixed: true,
    input_panel_min_height: 300,
    input_panel_init_height: 300,
    input_auto_focus: true,
    http_pull_interval: 1000,
  };
  title = document.title;
  private panelHeight = 300;

  constructor() {
    this.main = document.getElementById('webio-main') ?? document.body.appendChild(h('main', null, { id: 'webio-main' }));
    this.root = document.getElementById('webio-scope-ROOT') ?? this.main.appendChild(h('div', null, { id: 'webio-scope-ROOT' }));
    this.panel = document.getElementById('webio-input-container') ?? document.body.appendChild(h('div', null, { id: 'webio-input-container' }));
    const handle = h('div', 'webio-panel-handle', { 'aria-hidden': 'true' });
    this.formSlot = h('div', 'webio-form-wrap');
    this.panel.replaceChildren(handle, this.formSlot);
    this.panel.classList.add('webio-fixed');
    this.setPanelHeight(this.env.input_panel_init_height);
    this.watchPanel();
    this.makeResizable(handle);
  }

  /** Applies the keys of a set_env command. */
  setEnv(spec: { [key: string]: unknown }): void {
    for (const [key, value] of Object.entries(spec)) {
      switch (key) {
        case 'title':
          this.title = String(value ?? '');
          document.dispatchEvent(new CustomEvent('webio:title'));
          break;
        case 'output_max_width':
          document.documentElement.style.setProperty('--webio-max-width', typeof value === 'number' ? `${value}px` : String(value));
          break;
        case 'input_panel_fixed':
          this.env.input_panel_fixed = !!value;
          this.panel.classList.toggle('webio-fixed', !!value);
          this.updatePanelSpace(this.panel.classList.contains('webio-fixed') ? this.lastPanelHeight : 0);
          break;
        case 'input_panel_min_height':
          this.env.input_panel_min_height = Number(value) || 0;
          document.documentElement.style.setProperty('--webio-panel-min-height', `${this.env.input_panel_min_height}px`);
          this.setPanelHeight(Math.max(this.panelHeight, this.env.input_panel_min_height));
          break;
        case 'input_panel_init_height':
          this.env.input_panel_init_height = Number(value) || 300;
          this.setPanelHeight(this.env.input_panel_init_height);
          break;
        case 'output_animation':
        case 'auto_scroll_bottom':
        case 'input_auto_focus':
          this.env[key] = !!value;
          break;
        case 'http_pull_interval':
          this.env.http_pull_interval = Number(value) || 1000;
          document.dispatchEvent(new CustomEvent('webio:pull-interval', { detail: this.env.http_pull_interval }));
          break;
        default:
          console.warn('webio: unknown set_env key', key);
      }
    }
  }

  private lastPanelHeight = 0;

  private setPanelHeight(px: number): void {
    this.panelHeight = px;
    document.documentElement.style.setProperty('--webio-panel-height', `${px}px`);
  }

  /** Keeps room below the outputs for the fixed panel, without reading layout ourselves. */
  private watchPanel(): void {
    if (typeof ResizeObserver === 'undefined') return;
    new ResizeObserver((entries) => {
      const box = entries[entries.length - 1];
      this.lastPanelHeight = box.borderBoxSize?.[0]?.blockSize ?? box.contentRect.height;
      this.updatePanelSpace(this.panel.classList.contains('webio-fixed') ? this.lastPanelHeight : 0);
    }).observe(this.panel);
  }

  private updatePanelSpace(px: number): void {
    document.documentElement.style.setProperty('--webio-panel-space', `${Math.ceil(px)}px`);
  }

  private makeResizable(handle: HTMLElement): void {
    handle.addEventListener('pointerdown', (down) => {
      down.preventDefault();
      handle.setPointerCapture(down.pointerId);
      const move = (ev: PointerEvent): void => {
        const max = window.innerHeight * 0.9;
        const want = window.innerHeight - ev.clientY;
        this.setPanelHeight(Math.round(Math.max(this.env.input_panel_min_height, Math.min(max, want))));
      };
      const up = (): void => {
        handle.removeEventListener('pointermove', move);
        handle.removeEventListener('pointerup', up);
      };
      handle.addEventListener('pointermove', move);
      handle.addEventListener('pointerup', up);
    });
  }
}
