// Shapes of the wire protocol (docs/protocol.md) as the client sees them.

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

/** One command of manual §4.12. */
export interface Command {
  command: string;
  task_id?: string;
  spec?: any;
}

/** A server → client frame. A pure acknowledgement has only `ack`. */
export interface Frame {
  seq?: number;
  ack?: number;
  commands?: Command[];
}

/** A client → server event (seq/ack are added by the session). */
export interface ClientEvent {
  event: 'input_event' | 'callback' | 'from_submit' | 'from_cancel' | 'js_yield';
  task_id: string | null;
  data: any;
  seq?: number;
  ack?: number;
}

/** Sends an event to the server; implemented by the session. */
export type SendEvent = (event: ClientEvent) => void;

/** An output spec: an object with `type`, or a string/number standing for a text output. */
export type OutputSpec = string | number | null | { type: string; [key: string]: any };
