// Large events in chunks (docs/protocol.md): an event whose JSON text is over CHUNK_BYTES goes out
// as consecutive slices of that text, `{"chunk": {"seq", "index", "count", "data"}}`, one message
// (or POST) each, so no message reaches a server's own lower limit (daphne's 1 MiB WebSocket
// message, nginx's 1m body, aiohttp's 4 MiB). Smaller events go out whole, as before.
//
// Slices are cut so that the chunk message, once encoded, stays within CHUNK_BYTES of UTF-8:
// each UTF-16 unit is counted as JSON-encoding the slice will write it, and a surrogate pair is
// never split.
//
// The first chunk declares the event, so the server can refuse it before the rest is sent:
// `size` (UTF-8 bytes of the whole text), `task_id`, and `files` (the byte size of each uploaded
// file per input name, as the server checks `max_size` / `max_total_size`).

import type { ClientEvent } from '../types';
import { utf8Length } from '../session';

/** The most bytes (UTF-8) of one chunk message, and the size over which an event is cut. */
export const CHUNK_BYTES = 256 * 1024;
/** Room for the envelope around a slice (`{"chunk": {…}}`, or an HTTP body with ack and wait). */
const ENVELOPE_BYTES = 256;

export interface Chunk {
  seq: number;
  index: number;
  count: number;
  data: string;
  size?: number;
  task_id?: string;
  files?: Record<string, number[]>;
}

/** The chunks of this event, or null when it is small enough to go whole. */
export function chunksOf(event: ClientEvent): Chunk[] | null {
  const text = JSON.stringify(event);
  if (text.length <= CHUNK_BYTES / 3 || utf8Length(text) <= CHUNK_BYTES) return null;
  const slices = sliceJsonText(text, CHUNK_BYTES - ENVELOPE_BYTES - declarationBytes(event));
  const chunks: Chunk[] = slices.map((data, index) => ({ seq: event.seq ?? 0, index, count: slices.length, data }));
  chunks[0].size = utf8Length(text);
  if (event.task_id !== null) chunks[0].task_id = event.task_id;
  const files = declaredFiles(event);
  if (files !== null) chunks[0].files = files;
  return chunks;
}

/** Room for the declaration of the first chunk (every chunk is cut alike, so the first fits). */
function declarationBytes(event: ClientEvent): number {
  const files = declaredFiles(event);
  return 128 + utf8Length(JSON.stringify(event.task_id ?? '')) + (files === null ? 0 : utf8Length(JSON.stringify(files)));
}

/** The byte size of each file of a `from_submit`, per input name; null when there are none. */
export function declaredFiles(event: ClientEvent): Record<string, number[]> | null {
  if (event.event !== 'from_submit' || event.data === null || typeof event.data !== 'object') return null;
  const files: Record<string, number[]> = {};
  let found = false;
  for (const [name, value] of Object.entries(event.data as Record<string, unknown>)) {
    const items = Array.isArray(value) ? value : [value];
    const sizes = items.filter(isFile).map((file) => base64Bytes(file.content));
    if (sizes.length > 0) {
      files[name] = sizes;
      found = true;
    }
  }
  return found ? files : null;
}

function isFile(value: unknown): value is { content: string; filename: string } {
  return value !== null && typeof value === 'object' && typeof (value as { content?: unknown }).content === 'string'
    && typeof (value as { filename?: unknown }).filename === 'string';
}

/** Bytes encoded by a base64 text. */
function base64Bytes(text: string): number {
  const padding = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  return Math.max(0, Math.floor((text.length * 3) / 4) - padding);
}

/** Cuts `text` into slices whose JSON encoding is at most `budget` bytes of UTF-8 each. */
export function sliceJsonText(text: string, budget: number): string[] {
  const slices: string[] = [];
  let start = 0;
  let bytes = 0;
  let i = 0;
  while (i < text.length) {
    const code = text.charCodeAt(i);
    let units = 1;
    let cost: number;
    if (code === 0x22 || code === 0x5c) cost = 2; // \" and \\
    else if (code < 0x20) cost = 6; // \u00XX
    else if (code < 0x80) cost = 1;
    else if (code < 0x800) cost = 2;
    else if (code >= 0xd800 && code < 0xdc00 && isLowSurrogate(text.charCodeAt(i + 1))) {
      units = 2;
      cost = 4;
    } else if (code >= 0xd800 && code < 0xe000) cost = 6; // a lone surrogate is written \uXXXX
    else cost = 3;
    if (bytes + cost > budget && i > start) {
      slices.push(text.slice(start, i));
      start = i;
      bytes = 0;
    }
    bytes += cost;
    i += units;
  }
  slices.push(text.slice(start));
  return slices;
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code < 0xe000;
}
