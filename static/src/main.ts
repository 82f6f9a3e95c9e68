// Entry point: reads the page config, sets the language, builds the page skeleton, starts the
// session over the configured transport and applies incoming commands in batches.

import { Client } from './client';
import { readConfig } from './config';
import { chooseLanguage, setLanguage } from './i18n';
import { Layout } from './layout';
import { installLibraries } from './libs';
import { CommandQueue } from './scheduler';
import { ClientSession } from './session';
import { StatusView } from './status';
import { tooLargeToast } from './toast';
import { HttpTransport } from './transport/http';
import { WebSocketTransport } from './transport/websocket';
import type { ClientEvent, Command } from './types';

function boot(): void {
  const config = readConfig();
  installLibraries(config.libs);
  setLanguage(chooseLanguage(config.lang, navigator.languages ?? [navigator.language]), config.stylesheets);
  const dark = config.theme === 'dark' || document.documentElement.getAttribute('data-bs-theme') === 'dark';
  const layout = new Layout();
  const status = new StatusView(() => layout.title);

  let client: Client | null = null;
  const queue = new CommandQueue((batch: Command[]) => client?.applyBatch(batch));
  const session = new ClientSession({
    onCommands: (commands) => {
      if (config.debug) console.debug('webio: commands', commands);
      queue.push(commands);
    },
    onStateChange: (state) => {
      status.show(state);
      if (state === 'closed') client?.freeze();
    },
    onTooLarge: (limit) => client?.toast(tooLargeToast(limit)),
  }, config.max_payload_size);
  const send = (event: ClientEvent): void => {
    if (config.debug) console.debug('webio: event', event);
    session.send(event);
  };
  client = new Client(layout, send, dark, () => session.transport?.bufferedAmount() ?? 0, () => session.setState('closed'));

  const transport = config.transport === 'http' ? new HttpTransport(session, config) : new WebSocketTransport(session, config);
  if (transport instanceof HttpTransport) {
    document.addEventListener('webio:pull-interval', (ev) => {
      transport.pullIntervalMs = Number((ev as CustomEvent).detail) || 1000;
    });
  }
  session.transport = transport;
  transport.start();

  (window as any).webio = { version: config.version, config, session, queue };
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', boot);
else boot();
