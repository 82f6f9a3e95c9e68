// The page's settings, read from <script id="webio-config" type="application/json">.

import type { Libraries } from './libs';

export interface PageConfig {
  app: string;
  transport: 'websocket' | 'http';
  reconnect_timeout: number;
  http_poll_wait: number;
  debug: boolean;
  version: string;
  lang: string | null;
  theme: string;
  /** The default look's stylesheet per text direction (null for the Bootswatch themes: LTR only). */
  stylesheets: { ltr: string; rtl: string } | null;
  /** The app's max_payload_size in bytes: larger events are not sent (0: unknown). */
  max_payload_size: number;
  /** Chart libraries this server can serve, loaded on first use (libs.ts). */
  libs?: Libraries;
}

const DEFAULTS: PageConfig = {
  app: 'index',
  transport: 'websocket',
  reconnect_timeout: 0,
  http_poll_wait: 20,
  debug: false,
  version: '',
  lang: null,
  theme: 'default',
  stylesheets: null,
  max_payload_size: 0,
};

export function readConfig(doc: Document = document): PageConfig {
  const node = doc.getElementById('webio-config');
  let parsed: Partial<PageConfig> = {};
  if (node && node.textContent) {
    try {
      parsed = JSON.parse(node.textContent) as Partial<PageConfig>;
    } catch (err) {
      console.error('webio: the page config is not valid JSON', err);
    }
  }
  return { ...DEFAULTS, ...parsed };
}

/** Query parameters naming the server of a page served from another origin (PyWebIO's name too). */
const API_PARAMS = ['webio_api', 'pywebio_api'];

/**
 * The server a page served elsewhere drives (`?webio_api=https://tools.example/app`), or null for
 * the page's own URL. The server still checks the page's origin against its allowed_origins.
 */
export function apiBase(search: string = location.search, here: string = location.href): URL | null {
  const query = new URLSearchParams(search);
  for (const name of API_PARAMS) {
    const value = query.get(name);
    if (!value) continue;
    try {
      const url = new URL(value, here);
      if (url.protocol === 'http:' || url.protocol === 'https:') return url;
    } catch {
      // reported below
    }
    console.error(`webio: ?${name}= must be the http(s) URL of the app, got ${JSON.stringify(value)}`);
  }
  return null;
}

/** The app's one URL (the page's own path, or the `webio_api` URL), with `app` and extra query parameters. */
export function appUrl(config: PageConfig, extra: { [k: string]: string }): string {
  const api = apiBase();
  const params = new URLSearchParams({ app: api?.searchParams.get('app') || config.app, ...extra });
  if (!api) return `${location.pathname}?${params.toString()}`;
  api.searchParams.forEach((value, key) => {
    if (!params.has(key)) params.set(key, value);
  });
  return `${api.origin}${api.pathname}?${params.toString()}`;
}

/** The WebSocket URL of the app: same host as the page, or the `webio_api` server. */
export function socketUrl(config: PageConfig, extra: { [k: string]: string }): string {
  const url = new URL(appUrl(config, extra), location.href);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  return url.toString();
}
