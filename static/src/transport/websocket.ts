// WebSocket transport: one socket to the app URL; frames in, events out.
//
// On an unexpected close, if the server keeps sessions (`reconnect_timeout` > 0) and we know
// our session id, we reconnect with `session=ID&ack=N` until the timeout runs out, then resend
// every event the server has not acknowledged. Replayed frames are dropped by the session.
// An event over 256 KiB goes out in chunks, one message each (chunks.ts); the server keeps a
// half-received event only as long as its socket, so a resend starts from the first chunk.
//
// A server closes with 1009 (message too big) when a message is over its own limit, which can be
// lower than max_payload_size. With chunks no message is over 256 KiB, so that takes a server with
// a very low limit; resending the event would close the resumed socket too, until the session
// ends. So the largest unacknowledged event sent on the closed socket is dropped and the user
// told: it is the refused one, since an event the server read before it was within the limit, and
// the server read nothing after it. (If a larger one went out after it, that one is dropped
// instead, and the refused one goes the same way on the next close.) A close without a close frame
// (1006) is a network drop: every unacknowledged event is resent.
//
// A tab with no session yet whose socket is closed with 1013 (try again later: the worker is
// stopping) opens a new one after a short pause, for up to NEW_SESSION_RETRY_MS, showing nothing;
// a load balancer sends it to a live worker.

import { socketUrl, type PageConfig } from '../config';
import { utf8Length, type ClientSession, type Transport } from '../session';
import type { ClientEvent, Frame } from '../types';
import { chunksOf } from './chunks';

const MESSAGE_TOO_BIG = 1009;
const TRY_AGAIN_LATER = 1013;
const NEW_SESSION_RETRY_MS = 30_000;

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
    return socketUrl(this.config, extra);
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
      this.onLost(ev.code);
    };
  }

  private sendEvent(ws: WebSocket, event: ClientEvent): void {
    const chunks = chunksOf(event);
    if (chunks === null) ws.send(JSON.stringify(event));
    else for (const chunk of chunks) ws.send(JSON.stringify({ chunk }));
    if (typeof event.seq === 'number') this.sentOnSocket.add(event.seq);
  }

  /** After a close for size (see the top), forgets the event the server refused. */
  private dropRefused(code: number, sent: ReadonlySet<number>): void {
    if (code !== MESSAGE_TOO_BIG) return;
    const largest = this.session.largestUnacked(sent);
    if (largest) this.session.dropRefused([largest.event]);
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

  private onLost(code: number): void {
    if (this.stopped || this.session.state === 'closed') return;
    if (code === TRY_AGAIN_LATER && this.session.sessionId === null && !this.session.closeAnnounced) {
      this.retryNewSession();
      return;
    }
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
    this.retryAfter(delay);
  }

  /** The server refused to start a session for now (1013): ask again soon, quietly. */
  private retryNewSession(): void {
    const now = Date.now();
    if (!this.lostAt) this.lostAt = now;
    if (now - this.lostAt >= NEW_SESSION_RETRY_MS) {
      this.session.setState('closed');
      return;
    }
    const delay = Math.min(250 * 2 ** this.attempt, 3000);
    this.attempt++;
    this.retryAfter(delay);
  }

  private retryAfter(delay: number): void {
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      if (!this.stopped) this.open();
    }, delay);
  }
}
