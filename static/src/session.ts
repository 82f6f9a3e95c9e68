// The client end of a session: sequence numbers, acknowledgements and the closed state.
//
// Rules (docs/protocol.md):
//  - a frame is applied only if its seq is above the last applied one (replays are dropped);
//  - every event gets the next event seq and stays in `unacked` until a frame acks it, so a
//    reconnecting transport can resend it;
//  - the client acks applied frames at least every 64 frames and within 1 s.
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
  /** Stops for good. */
  stop(): void;
}

export type SessionState = 'connecting' | 'open' | 'reconnecting' | 'closed';

export interface SessionHooks {
  onCommands(commands: Command[]): void;
  onStateChange(state: SessionState): void;
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

  constructor(private readonly hooks: SessionHooks) {}

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

  /** Sends an event: numbers it, remembers it until acked, hands it to the transport. */
  send(event: ClientEvent): void {
    if (this.state === 'closed') return;
    const numbered: ClientEvent = { ...event, seq: this.nextEventSeq++ };
    this.unacked.push(numbered);
    this.deliver([numbered]);
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
