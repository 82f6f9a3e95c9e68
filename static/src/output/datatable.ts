// put_datatable in the main bundle: a placeholder element, the lazy load of webio-datatable.js
// (AG Grid) and the registry that routes datatable_update/insert/remove to a table by instance_id.
// Operations that arrive before the grid is loaded wait for it, in order.

import { loadChunk } from '../chunk';
import { asText, h } from '../dom';
import type { DatatableHandle, DatatableModule, DatatableOp } from '../datatable/api';
import type { RenderContext } from './context';

declare const __WEBIO_DATATABLE_HASH__: string;

interface Entry {
  el: HTMLElement;
  ready: Promise<DatatableHandle | null>;
  shown: boolean;
}

const tables = new Map<string, Entry>();

function loadGrid(): Promise<DatatableModule> {
  return loadChunk<DatatableModule>('webio-datatable.js', __WEBIO_DATATABLE_HASH__, '__webioDatatable');
}

export function renderDatatable(spec: any, ctx: RenderContext): HTMLElement {
  const el = h('div', 'webio-datatable', { 'data-instance-id': asText(spec.instance_id) });
  const height = asText(spec.height);
  if (height && height !== 'auto') el.style.minHeight = height;
  const entry: Entry = { el, shown: false, ready: Promise.resolve(null) };
  entry.ready = loadGrid().then(
    (mod) => {
      el.style.minHeight = '';
      return mod.mount(el, spec, ctx.send, ctx.dark);
    },
    (err) => {
      console.error('webio: datatable', err);
      el.replaceChildren(h('div', 'alert alert-warning', null, String(err.message ?? err)));
      return null;
    },
  );
  forgetRemoved();
  tables.set(asText(spec.instance_id), entry);
  (window as any)[`ag_grid_${asText(spec.instance_id)}_promise`] = entry.ready.then((handle) => handle?.js ?? null);
  return el;
}

/** Applies an `output_ctl` `datatable` operation to the table of that instance_id. */
export function datatableCtl(op: DatatableOp): void {
  const entry = tables.get(asText(op?.instance_id));
  if (!entry) {
    console.warn('webio: no datatable with instance_id', op?.instance_id);
    return;
  }
  entry.ready.then((handle) => handle?.apply(op)).catch((err) => console.error('webio: datatable', op.op, err));
}

/** Tables that were on the page and are gone (cleared scope, removed output) free their grid. */
function forgetRemoved(): void {
  for (const [id, entry] of tables) {
    if (entry.el.isConnected) entry.shown = true;
    else if (entry.shown) {
      tables.delete(id);
      entry.ready.then((handle) => handle?.destroy()).catch(() => undefined);
    }
  }
}
