// The grid itself (in webio-datatable.js): AG Grid Community with webio's wiring. Rows arrive as
// `fields` + `rows` (lists of values) and become one object per row; the row id rides in a key no
// field can use. Cell values are shown as text by AG Grid (no cell renderer unless the app's own
// column_args/grid_args set one); the cell bar and the action labels go in through textContent.

import {
  AllCommunityModule, ModuleRegistry, colorSchemeDark, colorSchemeLight, createGrid, themeAlpine, themeBalham,
  themeMaterial, themeQuartz,
} from 'ag-grid-community';
import type { GridApi, GridOptions, IRowNode } from 'ag-grid-community';
import type { SendEvent } from '../types';
import type { DatatableHandle, DatatableOp } from './api';
import { applyFunctions } from './functions';
import { localeText } from './locales';

ModuleRegistry.registerModules([AllCommunityModule]);

const CSS = `.webio-datatable{margin-bottom:1rem}
.webio-datatable-cell{padding:.25rem .75rem;border:1px solid var(--bs-border-color);border-top:0;font-size:.875rem;white-space:pre-wrap;overflow-wrap:anywhere}
.webio-datatable-tools{display:flex;flex-wrap:wrap;gap:.5rem;justify-content:flex-end;padding:.375rem 0}`;

function addStyles(): void {
  if (document.getElementById('webio-datatable-css')) return;
  const style = document.createElement('style');
  style.id = 'webio-datatable-css';
  style.textContent = CSS;
  document.head.append(style);
}

/** Selection changes that come from the grid's own bookkeeping, not from the user or the page's JS. */
const QUIET_SOURCES = new Set(['rowDataChanged', 'gridInitializing', 'gridOptionsChanged', 'selectableChanged',
  'rowGroupChanged']);

/** The key of the row id in a row object (not a field name Python can produce). */
const ID = '\u0000id';
type Row = { [key: string]: unknown };
type RowId = string | number;

const BASES: { [name: string]: any } = { balham: themeBalham, alpine: themeAlpine, material: themeMaterial, quartz: themeQuartz };

/** AG Grid's theme for a put_datatable theme name; it takes the page's colours (Bootstrap variables)
 * unless the app asked for a dark grid on a light page. */
function gridTheme(name: string, pageDark: boolean): any {
  const gridDark = name.endsWith('-dark');
  const base = BASES[name.replace(/-dark$/, '')] ?? themeBalham;
  const dark = gridDark || pageDark;
  let theme = base.withPart(dark ? colorSchemeDark : colorSchemeLight).withParams({ fontFamily: 'var(--bs-body-font-family)' });
  if (!gridDark || pageDark) {
    theme = theme.withParams({
      backgroundColor: 'var(--bs-body-bg)',
      foregroundColor: 'var(--bs-body-color)',
      borderColor: 'var(--bs-border-color)',
      accentColor: 'var(--bs-primary)',
    });
  }
  return theme;
}

/** AG Grid's row id (a string) for a webio row id (str or int; Python keeps them distinct as text). */
function idKey(id: unknown): string {
  return id === null || id === undefined ? '' : String(id);
}

/** PyWebIO's JavaScript handle, for apps that reach the grid with run_js:
 * `ag_grid_${instance_id}_promise.then((gridOptions) => gridOptions.api...)`. */
function jsHandle(api: GridApi<Row>): object {
  return {
    api,
    columnApi: api, // AG Grid merged the column API into the grid API
    path2field: (path: unknown[]) => path.map(String).join('.'),
    field2path: (field: string) => String(field).split('.'),
    flatten_row: (record: unknown) => {
      const out: Row = {};
      const walk = (value: unknown, prefix: string): void => {
        if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
          for (const [key, inner] of Object.entries(value)) walk(inner, prefix ? `${prefix}.${key}` : key);
        } else out[prefix] = value;
      };
      walk(record, '');
      return out;
    },
  };
}

export function mount(host: HTMLElement, spec: any, send: SendEvent, pageDark: boolean): DatatableHandle {
  addStyles();
  const idField: string | null = typeof spec.id_field === 'string' ? spec.id_field : null;
  const multiple = Boolean(spec.multiple_select);
  let nextIndex = 0;

  const toRows = (fields: unknown, rows: unknown): Row[] => {
    const names = Array.isArray(fields) ? fields.map(String) : [];
    const list = Array.isArray(rows) ? rows : [];
    const out: Row[] = new Array(list.length);
    for (let r = 0; r < list.length; r += 1) {
      const values = Array.isArray(list[r]) ? list[r] : [];
      const row: Row = {};
      for (let c = 0; c < names.length; c += 1) row[names[c]] = values[c] ?? null;
      row[ID] = idField !== null ? row[idField] : nextIndex++;
      out[r] = row;
    }
    return out;
  };

  const gridEl = document.createElement('div');
  gridEl.className = 'webio-datatable-grid';
  const auto = spec.height === 'auto';
  if (!auto) gridEl.style.height = String(spec.height || '600px');
  const cellBar = document.createElement('div');
  cellBar.className = 'webio-datatable-cell';
  cellBar.hidden = true;
  const tools = document.createElement('div');
  tools.className = 'webio-datatable-tools';
  const buttons: HTMLButtonElement[] = [];
  const actions: unknown[] = Array.isArray(spec.actions) ? spec.actions : [];
  let group: HTMLElement | null = null;
  for (const action of actions) {
    if (!Array.isArray(action)) {
      group = null;
      continue;
    }
    if (!group) {
      group = document.createElement('div');
      group.className = 'btn-group btn-group-sm';
      group.setAttribute('role', 'group');
      tools.append(group);
    }
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'btn btn-outline-secondary';
    button.textContent = String(action[0]);
    button.disabled = true;
    const callbackId = String(action[1]);
    button.addEventListener('click', () => {
      const ids = selectedIds();
      if (ids.length) send({ event: 'callback', task_id: callbackId, data: multiple ? ids : ids[0] });
    });
    buttons.push(button);
    group.append(button);
  }
  host.replaceChildren(gridEl, cellBar);
  if (buttons.length) host.append(tools);

  let api: GridApi<Row> | null = null;
  const selectedIds = (): RowId[] => (api ? api.getSelectedNodes().map((node) => node.data?.[ID] as RowId) : []);

  const columns = Array.isArray(spec.columns) ? spec.columns : [];
  const gridArgs = spec.grid_args && typeof spec.grid_args === 'object' ? spec.grid_args : {};
  applyFunctions(columns, spec.functions?.columns);
  applyFunctions(gridArgs, spec.functions?.grid);

  const options: GridOptions<Row> = {
    theme: gridTheme(String(spec.theme || 'balham'), pageDark),
    columnDefs: columns,
    rowData: toRows(spec.fields, spec.rows),
    getRowId: (params) => idKey(params.data[ID]),
    suppressFieldDotNotation: true,
    domLayout: auto ? 'autoHeight' : 'normal',
    enableRtl: document.documentElement.dir === 'rtl',
    localeText: localeText(),
    defaultColDef: { sortable: true, filter: true, resizable: true, minWidth: 90, flex: 1 },
    rowSelection: multiple
      ? { mode: 'multiRow', checkboxes: true, headerCheckbox: true, enableClickSelection: true }
      : { mode: 'singleRow', checkboxes: false, enableClickSelection: true },
    onSelectionChanged: (event) => {
      const ids = selectedIds();
      for (const button of buttons) button.disabled = ids.length === 0;
      // Rows changed by the app (datatable_update…) do not count as the user selecting them.
      if (spec.onselect && ids.length && !QUIET_SOURCES.has(String(event.source))) {
        send({ event: 'callback', task_id: String(spec.onselect), data: multiple ? ids : ids[0] });
      }
    },
    onCellFocused: (event) => {
      if (!spec.cell_content_bar || !api || event.rowIndex === null || !event.column) return;
      const rowNode = api.getDisplayedRowAtIndex(event.rowIndex);
      if (!rowNode) return;
      const value = api.getCellValue({ rowNode, colKey: event.column, useFormatter: true });
      cellBar.textContent = value === null || value === undefined ? '' : String(value);
      cellBar.hidden = false;
    },
    ...gridArgs,
  };
  api = createGrid<Row>(gridEl, options);
  const grid = api;

  const node = (id: unknown): IRowNode<Row> | undefined => {
    const found = grid.getRowNode(idKey(id));
    if (!found) console.warn('webio: datatable', spec.instance_id, 'has no row', id);
    return found;
  };

  return {
    js: jsHandle(grid),
    apply(op: DatatableOp): void {
      switch (op.op) {
        case 'replace':
          nextIndex = 0;
          grid.setGridOption('rowData', toRows(op.fields, op.rows));
          return;
        case 'row': {
          const old = node(op.row_id);
          const [row] = toRows(op.fields, op.rows);
          if (!old || !row) return;
          row[ID] = op.row_id;
          if (idField === null) nextIndex -= 1; // toRows counted it as a new row
          grid.applyTransaction({ update: [row] });
          return;
        }
        case 'cell': {
          const old = node(op.row_id);
          if (old?.data) grid.applyTransaction({ update: [{ ...old.data, [String(op.field)]: op.value ?? null }] });
          return;
        }
        case 'insert': {
          const before = op.row_id === null || op.row_id === undefined ? undefined : node(op.row_id);
          const rows = toRows(op.fields, op.rows);
          grid.applyTransaction(before ? { add: rows, addIndex: before.sourceRowIndex } : { add: rows });
          return;
        }
        case 'remove': {
          const ids = Array.isArray(op.row_ids) ? op.row_ids : [];
          const rows = ids.filter((id) => node(id)).map((id) => ({ [ID]: id }));
          grid.applyTransaction({ remove: rows });
          return;
        }
        default:
          console.warn('webio: unknown datatable operation', op.op);
      }
    },
    destroy(): void {
      grid.destroy();
    },
  };
}
