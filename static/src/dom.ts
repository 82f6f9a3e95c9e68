// Small DOM helpers. Text always goes in through textContent, never through innerHTML.

type Attrs = { [name: string]: string | number | boolean | null | undefined };

/** Creates an element with a class string, attributes and children (strings become text). */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  cls?: string | null,
  attrs?: Attrs | null,
  ...children: (Node | string | null | undefined)[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  if (cls) el.className = cls;
  if (attrs) {
    for (const name in attrs) {
      const value = attrs[name];
      if (value === null || value === undefined || value === false) continue;
      el.setAttribute(name, value === true ? '' : String(value));
    }
  }
  for (const child of children) {
    if (child === null || child === undefined) continue;
    el.append(child);
  }
  return el;
}

/** Converts any JSON value to display text the way Python's str() would for simple values. */
export function asText(value: unknown): string {
  if (value === null || value === undefined) return '';
  return typeof value === 'string' ? value : String(value);
}

let idCounter = 0;
/** A fresh DOM id for internal wiring (labels, tabs, datalists). */
export function freshId(prefix: string): string {
  idCounter += 1;
  return `webio-${prefix}-${idCounter}`;
}

/** Decodes base64 into bytes. */
export function base64ToBytes(b64: string): Uint8Array<ArrayBuffer> {
  const bin = atob(b64);
  const out = new Uint8Array(new ArrayBuffer(bin.length));
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/** Saves bytes as a file through a temporary object URL. */
export function saveFile(name: string, b64: string, mime = 'application/octet-stream'): void {
  const blob = new Blob([base64ToBytes(b64)], { type: mime });
  const url = URL.createObjectURL(blob);
  const a = h('a', null, { href: url, download: name || 'download' });
  a.style.display = 'none';
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 30_000);
}

/** Human-readable byte size: 1.5 MB. */
export function formatBytes(n: number): string {
  const units = ['B', 'KB', 'MB', 'GB'];
  let i = 0;
  while (n >= 1024 && i < units.length - 1) {
    n /= 1024;
    i++;
  }
  return `${i === 0 ? n : n.toFixed(1)} ${units[i]}`;
}

/** Resolves a scope/container id given as a bare name or as the full DOM id. */
export function scopeId(nameOrId: string): string {
  const id = nameOrId.startsWith('#') ? nameOrId.slice(1) : nameOrId;
  return id.startsWith('webio-scope-') ? id : `webio-scope-${id}`;
}

/** querySelectorAll that logs instead of throwing on a bad selector. */
export function selectAll(selector: string, root: ParentNode = document): Element[] {
  try {
    return Array.from(root.querySelectorAll(selector));
  } catch (err) {
    console.warn('webio: bad selector', selector, err);
    return [];
  }
}
