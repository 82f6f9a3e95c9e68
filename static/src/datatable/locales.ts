// AG Grid's own texts (filter menus, "no rows" overlay…) in webio's UI languages where AG Grid has
// a translation (it has none for Russian: those pages keep English).
import { AG_GRID_LOCALE_CN, AG_GRID_LOCALE_DE, AG_GRID_LOCALE_IR } from '@ag-grid-community/locale';

const LOCALES: { [lang: string]: { [key: string]: string } } = {
  zh: AG_GRID_LOCALE_CN,
  de: AG_GRID_LOCALE_DE,
  fa: AG_GRID_LOCALE_IR,
};

/** The grid texts for the page's language (set by the main client on <html lang>), or undefined. */
export function localeText(): { [key: string]: string } | undefined {
  return LOCALES[document.documentElement.lang];
}
