// Entry of webio-code.js: the CodeMirror editor, loaded only when a page first needs it.
import { CodeEditor } from './editor';

(window as any).__webioCodeEditor = CodeEditor;
