// Entry of webio-datatable.js: AG Grid Community and webio's grid around it, loaded only when a
// page shows its first datatable.
import type { DatatableModule } from './api';
import { mount } from './grid';

const module: DatatableModule = { mount };
(window as any).__webioDatatable = module;
