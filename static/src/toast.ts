// toast: a short notice at the top of the page; text only. duration 0 keeps it until closed.

import { asText, h } from './dom';
import { t } from './i18n';
import type { SendEvent } from './types';

/** As the server's refusal toast (webio/transport/websocket.py too_large_toast). */
const TOO_LARGE_SECONDS = 6;

const COLORS: { [name: string]: string } = {
  info: '#1769aa', error: '#c62828', warn: '#b45309', success: '#2e7d32',
};

export class Toasts {
  private box: HTMLElement | null = null;

  constructor(private readonly send: SendEvent) {}

  show(spec: any): void {
    if (!this.box) {
      this.box = h('div', null, { id: 'webio-toasts', role: 'status', 'aria-live': 'polite' });
      document.body.append(this.box);
    }
    const position = ['left', 'center', 'right'].includes(spec.position) ? spec.position : 'center';
    const color = asText(spec.color || 'info');
    const el = h('div', `webio-toast webio-${position}`, null, h('div', 'webio-toast-text', { dir: 'auto' }, asText(spec.content)));
    el.style.background = COLORS[color] ?? (/^#[0-9a-fA-F]{3,8}$/.test(color) ? color : COLORS.info);
    const remove = (): void => el.remove();
    const duration = Number(spec.duration ?? 2);
    if (!(duration > 0)) {
      const close = h('button', 'btn-close btn-close-white', { type: 'button', 'aria-label': t('close') });
      close.addEventListener('click', (ev) => {
        ev.stopPropagation();
        remove();
      });
      el.append(close);
    } else {
      setTimeout(remove, duration * 1000);
    }
    if (spec.callback_id) {
      el.classList.add('webio-has-callback');
      el.addEventListener('click', () => {
        this.send({ event: 'callback', task_id: String(spec.callback_id), data: null });
        remove();
      });
    }
    this.box.append(el);
  }
}

/** The toast for an event too large to send; `limit` in bytes, or null when a server's own limit
 *  (unknown) refused it. Same wording as the server's. */
export function tooLargeToast(limit: number | null): { [key: string]: unknown } {
  const content = limit === null ? t('tooLargeForServer') : t('tooLarge', { limit: humanSize(limit) });
  return { content, duration: TOO_LARGE_SECONDS, position: 'center', color: 'error' };
}

/** `1024` → "1 KiB", `1536` → "1.5 KiB", `500` → "500 bytes", as the server's human_size. */
export function humanSize(size: number): string {
  const units = ['bytes', 'KiB', 'MiB', 'GiB', 'TiB'];
  let power = 0;
  while (power < units.length - 1 && size >= 1024 ** (power + 1)) power++;
  return `${(size / 1024 ** power).toFixed(1).replace(/\.0$/, '')} ${units[power]}`;
}
