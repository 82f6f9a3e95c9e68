// HTTP transport: POST long-poll to the app URL (`?app=NAME&_webio=http`).
//
// One loop keeps a long poll open (`wait` = http_poll_wait); events go out at once in their
// own request, and are resent with the next request if that one failed. Every request carries
// the current ack. When long polling is off (http_poll_wait = 0), the loop polls every
// `http_pull_interval` ms (set_env; default 1000). A server that cannot hold the poll open (a
// single-threaded WSGI worker) answers at once with `poll_after` (ms): the loop pauses that long,
// and at least `http_pull_interval`, before its next poll.
//
// An event over 256 KiB goes out in chunks (chunks.ts), one request each (`{"ack", "chunk",
// "wait": 0}`), in order; a request that failed is sent again with the same chunk (the server
// ignores a repeat of the chunk it already has). The event leaves the outbox after its last chunk.
//
// 413 to a request with events: its body was over a server's limit (webio's max_payload_size, or a
// proxy's lower one). A batch is sent again one event at a time; a single event (or a chunk of one)
// is dropped (sending it again would fail the same way) and the user told; polling goes on.
// 400 to a request with events: the server refused it as breaking the protocol, and applied none of
// it. The same again, except that the user is not told (there is nothing they could do): a console
// warning with the server's reason, and the session goes on.
// 503 to the first request (no session yet: the worker is stopping): asked again after the usual
// pause, showing nothing, for up to GIVE_UP_MS_MIN; a load balancer sends it to a live worker.

import { appUrl, type PageConfig } from '../config';
import { utf8Length, type ClientSession, type Transport } from '../session';
import type { ClientEvent, Frame } from '../types';
import { CHUNK_BYTES, chunksOf, type Chunk } from './chunks';

interface HttpReply {
  session_id?: string;
  frames?: Frame[];
  closed?: boolean;
  poll_after?: number;
}

const GIVE_UP_MS_MIN = 30_000;
/** What `request` returns when the server refused the events or chunk it carried: 413 (too large)
 *  or 400 (breaks the protocol), with the server's one-line reason. */
interface Refusal {
  refused: 413 | 400;
  reason: string;
}

function isRefusal(reply: HttpReply | Refusal | null): reply is Refusal {
  return reply !== null && 'refused' in reply;
}

export class HttpTransport implements Transport {
  pullIntervalMs = 1000;
  private stopped = false;
  private outbox: ClientEvent[] = [];
  private sending = false;
  private failingSince = 0;
  private opened: Promise<void> | null = null;
  /** The first event of the outbox while it goes out in chunks, and how many have gone. */
  private upload: { event: ClientEvent; chunks: Chunk[]; sent: number } | null = null;

  constructor(private readonly session: ClientSession, private readonly config: PageConfig) {}

  start(): void {
    void this.pollLoop();
  }

  deliver(events: ClientEvent[]): void {
    this.outbox.push(...events);
    void this.flushOutbox();
  }

  sendAck(): void {
    // Every poll carries the ack; nothing to do.
  }

  bufferedAmount(): number {
    return 0;
  }

  wireSize(event: ClientEvent): number {
    return utf8Length(JSON.stringify({ ack: event.ack ?? 0, events: [event], wait: 0 }));
  }

  stop(): void {
    this.stopped = true;
  }

  private async pollLoop(): Promise<void> {
    while (!this.stopped) {
      const wait = this.config.http_poll_wait;
      const reply = await this.request([], wait);
      if (this.stopped) break;
      if (!reply) await sleep(Math.min(1000 * 2 ** Math.min(this.failures(), 3), 8000));
      else if (!isRefusal(reply) && reply.poll_after) await sleep(Math.max(reply.poll_after, this.pullIntervalMs));
      else if (wait <= 0) await sleep(this.pullIntervalMs);
    }
  }

  private async flushOutbox(): Promise<void> {
    if (this.sending || this.stopped) return;
    this.sending = true;
    let oneByOne = false;
    try {
      while (this.outbox.length && !this.stopped) {
        if (this.session.sessionId === null && this.opened) await this.opened;
        const first = this.outbox[0];
        if (this.upload?.event !== first) {
          const chunks = chunksOf({ ...first, ack: this.session.lastFrameSeq });
          this.upload = chunks && { event: first, chunks, sent: 0 };
        }
        if (this.upload) {
          await this.sendChunk(this.upload);
          continue;
        }
        const batch = oneByOne ? [first] : this.outbox.slice(0, this.wholeEventsAhead());
        const ack = this.session.lastFrameSeq;
        const reply = await this.request(batch.map((e) => ({ ...e, ack })), 0);
        if (isRefusal(reply) && batch.length > 1) {
          oneByOne = true;
        } else if (isRefusal(reply)) {
          this.outbox.splice(0, 1);
          this.drop(first, reply);
        } else if (reply) {
          this.outbox.splice(0, batch.length);
        } else {
          await sleep(1000);
        }
      }
    } finally {
      this.sending = false;
    }
  }

  /** Sends the next chunk of the upload; the event leaves the outbox after its last one. */
  private async sendChunk(upload: { event: ClientEvent; chunks: Chunk[]; sent: number }): Promise<void> {
    const reply = await this.request([], 0, upload.chunks[upload.sent]);
    if (isRefusal(reply)) {
      this.outbox.splice(0, 1);
      this.upload = null;
      this.drop(upload.event, reply);
    } else if (reply) {
      upload.sent++;
      // Acknowledged before its last chunk: the server refused it from what the first declared.
      if (upload.sent === upload.chunks.length || this.session.isAcknowledged(upload.event)) {
        this.outbox.splice(0, 1);
        this.upload = null;
      }
    } else {
      await sleep(1000);
    }
  }

  /** Forgets an event the server refused: too large, the user is told; breaking the protocol, a
   *  console warning only (a client or server bug; the user can do nothing about it). */
  private drop(event: ClientEvent, refusal: Refusal): void {
    if (refusal.refused === 413) {
      this.session.dropRefused([event]);
      return;
    }
    console.warn(`webio: the server refused a ${event.event} event (HTTP 400), dropped: ${refusal.reason}`);
    this.session.forget([event]);
  }

  /** How many events at the head of the outbox go whole (at least one: the head is one). */
  private wholeEventsAhead(): number {
    let count = 1;
    while (count < this.outbox.length && utf8Length(JSON.stringify(this.outbox[count])) <= CHUNK_BYTES) count++;
    return count;
  }

  private failures(): number {
    return this.failingSince ? Math.floor((Date.now() - this.failingSince) / 2000) : 0;
  }

  /** One POST (events, or one chunk); the server's reply once applied, a Refusal for a 413 or 400
   *  to events or a chunk, or null when the request failed. */
  private async request(events: ClientEvent[], wait: number, chunk?: Chunk): Promise<HttpReply | Refusal | null> {
    const headers: { [k: string]: string } = { 'Content-Type': 'application/json' };
    if (this.session.sessionId !== null) headers['Webio-Session-Id'] = this.session.sessionId;
    const ack = this.session.lastFrameSeq;
    const body = JSON.stringify(chunk ? { ack, chunk, wait } : { ack, events, wait });
    const sending = events.length > 0 || chunk !== undefined;
    const firstOpen = this.session.sessionId === null && !this.opened;
    let release: () => void = () => {};
    if (firstOpen) this.opened = new Promise<void>((resolve) => (release = resolve));
    try {
      const resp = await fetch(appUrl(this.config, { _webio: 'http' }), {
        method: 'POST', headers, body, credentials: 'same-origin', cache: 'no-store',
      });
      if ((resp.status === 413 || resp.status === 400) && sending) {
        return { refused: resp.status === 413 ? 413 : 400, reason: (await resp.text().catch(() => '')).slice(0, 300) };
      }
      if (resp.status === 503 && this.session.sessionId === null) throw new TryLater();
      if (!resp.ok) throw new Error(`HTTP ${resp.status}`);
      const reply = (await resp.json()) as HttpReply;
      this.failingSince = 0;
      if (this.session.state !== 'closed') this.session.setState('open');
      if (reply.session_id && this.session.sessionId === null) this.session.sessionId = reply.session_id;
      for (const frame of reply.frames ?? []) this.session.receiveFrame(frame);
      if (sending || reply.frames?.length) this.session.noteAckSent();
      if (reply.closed) this.session.setState('closed');
      return reply;
    } catch (err) {
      if (firstOpen) this.opened = null;
      return this.noteFailure(err);
    } finally {
      release();
    }
  }

  private noteFailure(err: unknown): null {
    if (this.stopped) return null;
    console.warn('webio: request failed', err);
    const now = Date.now();
    if (!this.failingSince) this.failingSince = now;
    const giveUpMs = Math.max(this.config.reconnect_timeout * 1000, GIVE_UP_MS_MIN);
    if (err instanceof TryLater && now - this.failingSince <= giveUpMs) return null; // no session yet: quietly
    if (this.session.sessionId === null || now - this.failingSince > giveUpMs) {
      this.session.setState('closed');
    } else {
      this.session.setState('reconnecting');
    }
    return null;
  }
}

/** A 503 to the request that would start the session: the worker is stopping, ask again. */
class TryLater extends Error {
  constructor() {
    super('HTTP 503: the server asks to try again later');
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
