// popup / close_popup: one Bootstrap modal at a time. A new popup replaces the open one at once.

import Modal from 'bootstrap/js/dist/modal';
import { asText, h, scopeId } from './dom';
import { t } from './i18n';

export class PopupHost {
  private current: { el: HTMLElement; modal: Modal } | null = null;

  /** Shows a popup; `fill` renders the content into the body (which is also a scope). */
  show(spec: any, fill: (body: HTMLElement) => void): void {
    this.close();
    const size = spec.size === 'large' ? ' modal-lg' : spec.size === 'small' ? ' modal-sm' : '';
    const closable = spec.closable !== false;
    const implicit = closable && !!spec.implicit_close;
    const titleId = `${scopeId('popup')}-title`;
    const title = h('h5', 'modal-title', { id: titleId, dir: 'auto' }, asText(spec.title));
    const header = h('div', 'modal-header', null, title);
    if (closable) header.append(h('button', 'btn-close', { type: 'button', 'data-bs-dismiss': 'modal', 'aria-label': t('close') }));
    const body = h('div', 'modal-body', { id: spec.dom_id ? scopeId(String(spec.dom_id)) : null });
    fill(body);
    const el = h('div', 'modal webio-popup', { tabindex: -1, role: 'dialog', 'aria-modal': 'true', 'aria-labelledby': titleId },
      h('div', `modal-dialog modal-dialog-scrollable${size}`, null, h('div', 'modal-content', null, header, body)));
    document.body.append(el);
    // No fade: show and hide are synchronous, so a popup can replace another within one batch.
    const modal = new Modal(el, { backdrop: implicit ? true : 'static', keyboard: implicit, focus: true });
    el.addEventListener('hidden.bs.modal', () => {
      modal.dispose();
      el.remove();
      if (this.current?.el === el) this.current = null;
    });
    this.current = { el, modal };
    modal.show();
  }

  close(): void {
    const current = this.current;
    if (!current) return;
    this.current = null;
    current.modal.hide();
  }
}
