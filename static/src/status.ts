// The connection state as the user sees it: a banner while reconnecting, and once the session
// is closed a banner with a reload button, a grey favicon and a marker in the page title.

import { h } from './dom';
import { t } from './i18n';
import type { SessionState } from './session';

const CLOSED_ICON = 'data:image/svg+xml,' + encodeURIComponent(
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><rect width="16" height="16" rx="3" fill="#8a8f98"/>'
  + '<path d="M4.5 4.5l7 7m0-7l-7 7" stroke="#fff" stroke-width="2" stroke-linecap="round"/></svg>');

export class StatusView {
  private banner: HTMLElement | null = null;
  private closed = false;

  constructor(private readonly getTitle: () => string) {
    document.addEventListener('webio:title', () => this.renderTitle());
  }

  show(state: SessionState): void {
    if (state === 'closed') this.showClosed();
    else if (state === 'reconnecting') this.showBanner('alert alert-warning', t('reconnecting'));
    else if (!this.closed && this.banner) this.banner.hidden = true;
  }

  renderTitle(): void {
    const title = this.getTitle();
    document.title = this.closed ? `[${t('closedMark')}] ${title}` : title;
  }

  private showClosed(): void {
    if (this.closed) return;
    this.closed = true;
    const reload = h('button', 'btn btn-sm btn-light ms-2', { type: 'button' }, t('reload'));
    reload.addEventListener('click', () => location.reload());
    this.showBanner('alert alert-danger', t('closed'), reload);
    document.body.classList.add('webio-closed');
    let icon = document.querySelector('link[rel~="icon"]') as HTMLLinkElement | null;
    if (!icon) {
      icon = h('link', null, { rel: 'icon' });
      document.head.append(icon);
    }
    icon.href = CLOSED_ICON;
    this.renderTitle();
  }

  private showBanner(cls: string, text: string, extra?: HTMLElement): void {
    if (!this.banner) {
      this.banner = h('div', null, { id: 'webio-status', role: 'alert' });
      document.body.prepend(this.banner);
    }
    this.banner.className = cls;
    this.banner.replaceChildren(h('span', 'webio-status-text', null, text));
    if (extra) this.banner.append(extra);
    this.banner.hidden = false;
  }
}
