// run_script and download.
//
// run_script runs `code` in the page's global scope with `args` as local variables. With
// `eval`, the value of the code (its last expression, as eval() gives it) is sent back in a
// js_yield; a promise is awaited first and a rejected one (or a thrown error) answers null.

import { asText, saveFile } from './dom';
import type { SendEvent } from './types';

export function runScript(taskId: string | undefined, spec: any, send: SendEvent): void {
  const args: { [name: string]: unknown } = spec.args && typeof spec.args === 'object' ? spec.args : {};
  const names = Object.keys(args).filter((n) => /^[A-Za-z_$][\w$]*$/.test(n));
  const values = names.map((n) => args[n]);
  const code = asText(spec.code);
  if (!spec.eval) {
    try {
      // eslint-disable-next-line no-new-func
      new Function(...names, code)(...values);
    } catch (err) {
      console.error('webio: run_js failed', err);
    }
    return;
  }
  let result: unknown;
  try {
    // Direct eval inside a function: `args` are locals and the completion value comes back,
    // so both expressions and statement lists work.
    // eslint-disable-next-line no-new-func
    result = new Function(...names, '__webio_code__', 'return eval(__webio_code__);')(...values, code);
  } catch (err) {
    console.error('webio: eval_js failed', err);
    result = null;
  }
  Promise.resolve(result).then(
    (value) => send({ event: 'js_yield', task_id: taskId ?? null, data: toJson(value) }),
    (err) => {
      console.error('webio: eval_js promise rejected', err);
      send({ event: 'js_yield', task_id: taskId ?? null, data: null });
    },
  );
}

/** Something JSON can carry: undefined and unserialisable values become null. */
function toJson(value: unknown): unknown {
  if (value === undefined) return null;
  try {
    const text = JSON.stringify(value);
    return text === undefined ? null : JSON.parse(text);
  } catch {
    return null;
  }
}

export function download(spec: any): void {
  saveFile(asText(spec.name), asText(spec.content));
}
