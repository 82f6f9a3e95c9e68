// The file item: choose files, check their sizes, read and send them.

import { asText, formatBytes, h } from '../dom';
import { t } from '../i18n';
import { InputItem } from './itemBase';

export interface UploadedFile {
  filename: string;
  content: string;
  mime_type: string;
  last_modified: number;
}

export class FileItem extends InputItem {
  private input!: HTMLInputElement;
  private list!: HTMLElement;

  protected build(): HTMLElement {
    this.input = h('input', 'form-control', { id: this.id, type: 'file', multiple: !!this.spec.multiple });
    const accept = Array.isArray(this.spec.accept) ? this.spec.accept.join(',') : this.spec.accept;
    if (accept) this.input.accept = asText(accept);
    this.list = h('ul', 'webio-file-list', { 'aria-live': 'polite' });
    this.showChosen();
    this.input.addEventListener('change', () => {
      this.setValidity(0);
      this.showChosen();
      const problem = this.validate();
      if (problem) this.showError(problem);
      this.changed(false);
    });
    return h('div', null, null, this.input, this.list);
  }

  private showChosen(): void {
    const files = Array.from(this.input.files ?? []);
    if (!files.length) {
      this.list.replaceChildren(h('li', null, null, asText(this.spec.placeholder || t('chooseFile'))));
      return;
    }
    const items = files.map((f) => h('li', null, null, `${f.name} (${formatBytes(f.size)})`));
    if (files.length > 1) items.unshift(h('li', null, null, t('filesSelected', { n: files.length })));
    this.list.replaceChildren(...items);
  }

  protected controls(): HTMLElement[] {
    return [this.input];
  }

  protected setAttr(key: string, value: unknown): void {
    if (key !== 'placeholder') super.setAttr(key, value);
  }

  protected updateSpecial(key: string, value: unknown): boolean {
    if (key === 'placeholder') {
      this.showChosen();
      return true;
    }
    if (key === 'accept') {
      this.input.accept = Array.isArray(value) ? value.join(',') : asText(value);
      return true;
    }
    return false;
  }

  get files(): File[] {
    return Array.from(this.input.files ?? []);
  }

  /** The browser-side size checks (the server checks again). */
  validate(): string | null {
    const maxSize = Number(this.spec.max_size) || 0;
    const maxTotal = Number(this.spec.max_total_size) || 0;
    let total = 0;
    for (const f of this.files) {
      if (maxSize > 0 && f.size > maxSize) return t('fileTooLarge', { name: f.name, limit: formatBytes(maxSize) });
      total += f.size;
    }
    if (maxTotal > 0 && total > maxTotal) return t('totalTooLarge', { limit: formatBytes(maxTotal) });
    return null;
  }

  getValue(): unknown {
    // The real value (file contents) is read at submit time by readFiles(); this is for onchange.
    const names = this.files.map((f) => f.name);
    return this.spec.multiple ? names : names[0] ?? null;
  }

  setValue(value: unknown): void {
    if (value === null || value === undefined || value === '') {
      this.input.value = '';
      this.showChosen();
    }
  }

  reset(): void {
    this.setValue(null);
    this.setValidity(0);
  }

  /** Reads the chosen files as base64, reporting bytes read so far. */
  async readFiles(onProgress: (loaded: number) => void): Promise<UploadedFile[]> {
    const out: UploadedFile[] = [];
    let done = 0;
    for (const file of this.files) {
      const dataUrl = await readAsDataUrl(file, (loaded) => onProgress(done + loaded));
      done += file.size;
      onProgress(done);
      out.push({
        filename: file.name,
        content: dataUrl.slice(dataUrl.indexOf(',') + 1),
        mime_type: file.type,
        last_modified: file.lastModified,
      });
    }
    return out;
  }
}

function readAsDataUrl(file: File, onProgress: (loaded: number) => void): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onprogress = (ev) => onProgress(ev.loaded);
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(file);
  });
}
