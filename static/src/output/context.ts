// What output renderers need from the rest of the client.

import type { PinRegistry } from '../pin';
import type { SendEvent } from '../types';

export interface RenderContext {
  send: SendEvent;
  pins: PinRegistry;
  /** Dark page theme: code editors follow it. */
  dark: boolean;
}
