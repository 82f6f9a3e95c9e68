// The client end of a session: sequence numbers, acknowledgements and the closed state.
//
// Rules (docs/protocol.md):
//  - a frame is applied only if its seq is above the last applied one (replays are dropped);
//  - every event gets the next event seq and stays in `unacked` until a frame acks it, so a
//    reconnecting transport can resend it;
//  - the client acks applied frames at least every 64 frames and within 1 s;
//  - an event larger on the wire than the app's max_payload_size is not sent at all, and one a
//    server refused for its size (its own limit can be lower) is forgotten, not resent: the user
//    is told in a toast and the form stays as it was (docs/protocol.md); one a server refused as
//    breaking the protocol (HTTP 400) is forgotten too, with a console warning only.
// The session knows nothing about sockets: a Transport moves frames and events.

import type { ClientEvent, Command, Frame } from './types';

export interface Transport {
  /** Opens the connection (a new session, or a resume when the session has an id). */
  start(): void;
  /** Sends these events now, or as soon as the connection allows. */
  deliver(events: ClientEvent[]): void;
  /** Sends a pure acknowledgement. */
  sendAck(ack: number): void;
  /** Bytes accepted but not yet sent (for the upload indicator); 0 if unknown. */
  bufferedAmount(): number;
  /** Bytes (UTF-8) of what this transport sends for this one event. */
  wireSize(event: ClientEvent): number;
  /** Stops for good. */
  stop(): void;
}

export type SessionState = 'connecting' | 'open' | 'reconnecting' | 'closed';

export interface SessionHooks {
  onCommands(commands: Command[]): void;
  onStateChange(state: SessionState): void;
  /** An event was too large: not sent (`limit`: max_payload_size), or refused by a server whose
   *  own limit is not known (`limit` null). */
  onTooLarge(limit: number | null): void;
}

const ACK_EVERY_FRAMES = 64;
const ACK_WITHIN_MS = 1000;

export class ClientSession {
  sessionId: string | null = null;
  lastFrameSeq = 0;
  state: SessionState = 'connecting';
  /** Set once a close_session command arrived: a socket close after it is not a loss. */
  closeAnnounced = false;
  transport: Transport | null = null;

  private nextEventSeq = 1;
  private unacked: ClientEvent[] = [];
  private framesSinceAck = 0;
  private ackTimer: ReturnType<typeof setTimeout> | null = null;
  private ackedUpTo = 0;
  private early = new Map<number, Frame>();

  /** `maxEventBytes`: the app's max_payload_size (0: unknown, nothing is checked). */
  constructor(private readonly hooks: SessionHooks, private readonly maxEventBytes = 0) {}

  /** Takes one frame from the transport. Returns false if it was a replay and was dropped.
   *  Frames are applied in seq order: one that arrives early (two HTTP answers can cross) waits
   *  for the frames before it; a frame without seq (the server's "session gone") applies at once. */
  receiveFrame(frame: Frame): boolean {
    if (typeof frame.ack === 'number') this.forgetEventsUpTo(frame.ack);
    if (typeof frame.seq !== 'number') {
      this.applyCommands(Array.isArray(frame.commands) ? frame.commands : []);
      return true;
    }
    if (frame.seq <= this.lastFrameSeq || this.early.has(frame.seq)) return false;
    this.early.set(frame.seq, frame);
    let next: Frame | undefined;
    while ((next = this.early.get(this.lastFrameSeq + 1)) !== undefined) {
      this.early.delete(this.lastFrameSeq + 1);
      this.lastFrameSeq += 1;
      this.applyCommands(Array.isArray(next.commands) ? next.commands : []);
      this.noteFrameApplied();
    }
    return true;
  }

  private applyCommands(commands: Command[]): void {
    for (const cmd of commands) {
      if (cmd.command === 'set_session_id') this.sessionId = String(cmd.spec);
      else if (cmd.command === 'close_session') this.closeAnnounced = true;
    }
    if (commands.length) this.hooks.onCommands(commands);
  }

  /** Sends an event: numbers it, remembers it until acked, hands it to the transport. One over
   *  max_payload_size is not sent (the server would refuse it): the user is told instead. */
  send(event: ClientEvent): void {
    if (this.state === 'closed') return;
    const numbered: ClientEvent = { ...event, seq: this.nextEventSeq };
    if (this.maxEventBytes > 0 && this.sizeOf(numbered) > this.maxEventBytes) {
      this.hooks.onTooLarge(this.maxEventBytes);
      return;
    }
    this.nextEventSeq++;
    this.unacked.push(numbered);
    this.deliver([numbered]);
  }

  /** Forgets these events, which a server refused for their size, and tells the user. */
  dropRefused(events: ClientEvent[]): void {
    this.forget(events);
    this.hooks.onTooLarge(null);
  }

  /** Forgets these events (a server refused them): they are never sent again. */
  forget(events: ClientEvent[]): void {
    const refused = new Set(events.map((e) => e.seq));
    this.unacked = this.unacked.filter((e) => !refused.has(e.seq));
  }

  /** Whether the server has acknowledged this event (processed, or refused from its first chunk). */
  isAcknowledged(event: ClientEvent): boolean {
    return !this.unacked.some((e) => e.seq === event.seq);
  }

  /** The largest unacknowledged event among these seqs, with its size on the wire. */
  largestUnacked(seqs: ReadonlySet<number>): { event: ClientEvent; size: number } | null {
    let largest: { event: ClientEvent; size: number } | null = null;
    for (const event of this.unacked) {
      if (!seqs.has(event.seq ?? 0)) continue;
      const size = this.sizeOf(event);
      if (!largest || size > largest.size) largest = { event, size };
    }
    return largest;
  }

  /** Events the server has not acknowledged yet, with the current frame ack. */
  pendingEvents(): ClientEvent[] {
    return this.unacked.map((e) => ({ ...e, ack: this.lastFrameSeq }));
  }

  /** Called by a transport after a resend or any message that carried the current ack. */
  noteAckSent(): void {
    this.ackedUpTo = this.lastFrameSeq;
    this.framesSinceAck = 0;
    if (this.ackTimer !== null) {
      clearTimeout(this.ackTimer);
      this.ackTimer = null;
    }
  }

  setState(state: SessionState): void {
    if (this.state === state || this.state === 'closed') return;
    this.state = state;
    if (state === 'closed') {
      if (this.ackTimer !== null) clearTimeout(this.ackTimer);
      this.transport?.stop();
    }
    this.hooks.onStateChange(state);
  }

  private sizeOf(event: ClientEvent): number {
    return this.transport ? this.transport.wireSize({ ...event, ack: this.lastFrameSeq }) : 0;
  }

  private deliver(events: ClientEvent[]): void {
    if (!this.transport) return;
    this.transport.deliver(events.map((e) => ({ ...e, ack: this.lastFrameSeq })));
    this.noteAckSent();
  }

  private forgetEventsUpTo(ack: number): void {
    if (!this.unacked.length) return;
    this.unacked = this.unacked.filter((e) => (e.seq ?? 0) > ack);
  }

  private noteFrameApplied(): void {
    this.framesSinceAck++;
    if (this.framesSinceAck >= ACK_EVERY_FRAMES) {
      this.flushAck();
    } else if (this.ackTimer === null) {
      this.ackTimer = setTimeout(() => {
        this.ackTimer = null;
        this.flushAck();
      }, ACK_WITHIN_MS);
    }
  }

  private flushAck(): void {
    if (this.lastFrameSeq <= this.ackedUpTo || !this.transport || this.state === 'closed') return;
    this.transport.sendAck(this.lastFrameSeq);
    this.noteAckSent();
  }
}

/** The UTF-8 size of `text` in bytes, without encoding it (an event can be tens of MB). */
export function utf8Length(text: string): number {
  // Every UTF-16 unit is one byte at least; U+0080..U+07FF take 2, the rest of the BMP 3, and a
  // surrogate pair (2 units) 4. JSON.stringify escapes lone surrogates, so pairs are whole.
  let bytes = text.length;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) continue;
    bytes += code < 0x800 || (code >= 0xd800 && code < 0xe000) ? 1 : 2;
  }
  return bytes;
}
