// What the main bundle and the lazily loaded grid (webio-datatable.js) share: types only, so
// importing them never pulls AG Grid into the main bundle.

import type { SendEvent } from '../types';

/** One `output_ctl` `datatable` operation (docs/protocol.md, "datatable"). */
export interface DatatableOp {
  instance_id: string;
  op: 'replace' | 'row' | 'cell' | 'insert' | 'remove';
  fields?: string[];
  rows?: unknown[][];
  row_id?: string | number | null;
  row_ids?: (string | number)[];
  field?: string;
  value?: unknown;
}

/** A mounted grid. */
export interface DatatableHandle {
  /** What `window.ag_grid_${instance_id}_promise` resolves to (PyWebIO's handle: `.api`, …). */
  js: object;
  apply(op: DatatableOp): void;
  destroy(): void;
}

/** What webio-datatable.js puts in `window.__webioDatatable`. */
export interface DatatableModule {
  mount(host: HTMLElement, spec: any, send: SendEvent, dark: boolean): DatatableHandle;
}
