// Tables. Cells that are plain strings/numbers are set as text directly (the common case for
// big tables); other cells are full output specs.

import { asText, h } from '../dom';
import type { OutputSpec } from '../types';
import type { RenderContext } from './context';
import { renderOutput } from './render';

export function renderTable(spec: any, ctx: RenderContext): HTMLElement {
  const rows: unknown[][] = Array.isArray(spec.data) ? spec.data : [];
  const spans: { [rc: string]: { row?: number; col?: number } } = spec.span && typeof spec.span === 'object' ? spec.span : {};
  const hasHeader = spec.header !== false && rows.length > 0;
  const table = h('table', 'table table-bordered webio-table');
  const fillRow = (tr: HTMLTableRowElement, row: unknown, r: number, cellTag: 'td' | 'th'): void => {
    const cells = Array.isArray(row) ? row : [row];
    for (let c = 0; c < cells.length; c++) {
      const cell = document.createElement(cellTag);
      const value = cells[c];
      if (value === null || value === undefined) {
        // empty cell
      } else if (typeof value !== 'object') {
        cell.textContent = asText(value);
      } else {
        cell.append(renderOutput(value as OutputSpec, ctx));
      }
      const span = spans[`${r},${c}`];
      if (span) {
        if (Number(span.row) > 1) cell.rowSpan = Number(span.row);
        if (Number(span.col) > 1) cell.colSpan = Number(span.col);
      }
      tr.append(cell);
    }
  };
  let start = 0;
  if (hasHeader) {
    // A header may span several rows (span(row=2) in the header): take rows while spans reach down.
    let headerRows = 1;
    for (const key in spans) {
      const [r] = key.split(',').map(Number);
      if (r === 0) headerRows = Math.max(headerRows, Number(spans[key].row) || 1);
    }
    headerRows = Math.min(headerRows, rows.length);
    const thead = h('thead');
    for (let r = 0; r < headerRows; r++) {
      const tr = document.createElement('tr');
      fillRow(tr, rows[r], r, 'th');
      thead.append(tr);
    }
    table.append(thead);
    start = headerRows;
  }
  const tbody = document.createElement('tbody');
  for (let r = start; r < rows.length; r++) {
    const tr = document.createElement('tr');
    fillRow(tr, rows[r], r, 'td');
    tbody.append(tr);
  }
  table.append(tbody);
  return h('div', 'webio-table-wrap', null, table);
}
