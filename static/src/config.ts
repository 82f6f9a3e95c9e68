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

/** The app's one URL (path of the page), with `app` and extra query parameters. */
export function appUrl(config: PageConfig, extra: { [k: string]: string }): string {
  const params = new URLSearchParams({ app: config.app, ...extra });
  return `${location.pathname}?${params.toString()}`;
}
