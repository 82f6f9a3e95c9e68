// WebSocket transport: one socket to the app URL; frames in, events out.
//
// On an unexpected close, if the server keeps sessions (`reconnect_timeout` > 0) and we know
// our session id, we reconnect with `session=ID&ack=N` until the timeout runs out, then resend
// every event the server has not acknowledged. Replayed frames are dropped by the session.
//
// A server closes with 1009 (message too big) when an event is over its own limit, which can be
// lower than max_payload_size (daphne: 1 MiB). Resending that event would close the resumed socket
// too, until the session ends. So the largest unacknowledged event sent on the closed socket is
// dropped and the user told: it is the refused one, since an event the server read before it was
// within the limit, and the server read nothing after it. (If a larger one went out after it, that
// one is dropped instead, and the refused one goes the same way on the next close.) A server may
// also cut the connection without a close frame (1006; Tornado does so while the browser is still
// sending): that counts as 1009 only if the event is over 1 MiB, the lowest server limit in common
// use. A network drop with no such event unacknowledged resends everything; one while such an
// event is being sent (or not yet acknowledged) loses that event: the user sees the toast and the
// form still holds the value.

import { appUrl, type PageConfig } from '../config';
import { utf8Length, type ClientSession, type Transport } from '../session';
import type { ClientEvent, Frame } from '../types';

const MESSAGE_TOO_BIG = 1009;
const NO_CLOSE_FRAME = 1006;
/** Over this, an event whose socket was cut without a close frame is taken as too large. */
const CUT_SUSPECT_BYTES = 1024 * 1024;

export class WebSocketTransport implements Transport {
  private ws: WebSocket | null = null;
  private stopped = false;
  private lostAt = 0;
  private attempt = 0;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  /** Seqs of the events sent on the current socket. */
  private sentOnSocket = new Set<number>();

  constructor(private readonly session: ClientSession, private readonly config: PageConfig) {}

  start(): void {
    this.open();
  }

  deliver(events: ClientEvent[]): void {
    // While disconnected, events wait in the session's unacked list and go out on resume.
    if (this.ws && this.ws.readyState === WebSocket.OPEN) {
      for (const event of events) this.sendEvent(this.ws, event);
    }
  }

  wireSize(event: ClientEvent): number {
    return utf8Length(JSON.stringify(event));
  }

  sendAck(ack: number): void {
    if (this.ws && this.ws.readyState === WebSocket.OPEN) this.ws.send(JSON.stringify({ ack }));
  }

  bufferedAmount(): number {
    return this.ws ? this.ws.bufferedAmount : 0;
  }

  stop(): void {
    this.stopped = true;
    if (this.retryTimer !== null) clearTimeout(this.retryTimer);
    if (this.ws && this.ws.readyState <= WebSocket.OPEN) this.ws.close(1000);
  }

  private url(): string {
    const extra: { [k: string]: string } = {};
    if (this.session.sessionId !== null) {
      extra.session = this.session.sessionId;
      extra.ack = String(this.session.lastFrameSeq);
    }
    const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
    return `${scheme}//${location.host}${appUrl(this.config, extra)}`;
  }

  private open(): void {
    const resuming = this.session.sessionId !== null;
    const ws = new WebSocket(this.url());
    const sent = new Set<number>();
    this.ws = ws;
    this.sentOnSocket = sent;
    ws.onopen = () => {
      // The loss counts as over once the socket has stayed up a moment (a server may accept
      // and drop at once); until then the reconnect deadline keeps running.
      const settled = setTimeout(() => {
        if (this.ws === ws) {
          this.attempt = 0;
          this.lostAt = 0;
        }
      }, 1000);
      ws.addEventListener('close', () => clearTimeout(settled));
      this.session.setState('open');
      // Events the server has not acknowledged (made while disconnected, or lost with the old
      // socket) go out again; the server drops any it has already processed.
      const pending = this.session.pendingEvents();
      for (const event of pending) this.sendEvent(ws, event);
      if (pending.length || resuming) this.session.noteAckSent();
    };
    ws.onmessage = (msg: MessageEvent) => this.receive(msg.data);
    ws.onclose = (ev: CloseEvent) => {
      if (this.ws !== ws) return;
      this.ws = null;
      if (!this.stopped && this.session.state !== 'closed') this.dropRefused(ev.code, sent);
      this.onLost();
    };
  }

  private sendEvent(ws: WebSocket, event: ClientEvent): void {
    ws.send(JSON.stringify(event));
    if (typeof event.seq === 'number') this.sentOnSocket.add(event.seq);
  }

  /** After a close for size (see the top), forgets the event the server refused. */
  private dropRefused(code: number, sent: ReadonlySet<number>): void {
    if (code !== MESSAGE_TOO_BIG && code !== NO_CLOSE_FRAME) return;
    const largest = this.session.largestUnacked(sent);
    if (!largest || (code === NO_CLOSE_FRAME && largest.size <= CUT_SUSPECT_BYTES)) return;
    this.session.dropRefused([largest.event]);
  }

  private receive(data: unknown): void {
    if (typeof data !== 'string') return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(data);
    } catch (err) {
      console.error('webio: a frame is not JSON', err);
      return;
    }
    const frames = Array.isArray(parsed) ? parsed : [parsed];
    for (const frame of frames) {
      if (frame && typeof frame === 'object') this.session.receiveFrame(frame as Frame);
    }
  }

  private onLost(): void {
    if (this.stopped || this.session.state === 'closed') return;
    const keepMs = this.config.reconnect_timeout * 1000;
    if (this.session.closeAnnounced || this.session.sessionId === null || keepMs <= 0) {
      this.session.setState('closed');
      return;
    }
    const now = Date.now();
    if (!this.lostAt) this.lostAt = now;
    if (now - this.lostAt >= keepMs) {
      this.session.setState('closed');
      return;
    }
    this.session.setState('reconnecting');
    const delay = Math.min(250 * 2 ** this.attempt, 5000, Math.max(0, keepMs - (now - this.lostAt)));
    this.attempt++;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      if (!this.stopped) this.open();
    }, delay);
  }
}
