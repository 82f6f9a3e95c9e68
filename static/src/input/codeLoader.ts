// Loads webio-code.js (CodeMirror, most of the client's weight) the first time a code textarea
// is shown (see ../chunk.ts for how its URL is found).

import { loadChunk } from '../chunk';
import type { CodeEditor } from '../code/editor';

declare const __WEBIO_CODE_HASH__: string;

export function loadCodeEditor(): Promise<typeof CodeEditor> {
  return loadChunk<typeof CodeEditor>('webio-code.js', __WEBIO_CODE_HASH__, '__webioCodeEditor');
}
