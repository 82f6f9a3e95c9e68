// JSFunction values of column_args / grid_args: Python sends each as [path, params, body] and a
// null in its place; they become functions here. They are the app's own code (like run_js),
// never data from rows.

export function applyFunctions(root: any, list: unknown): void {
  if (!Array.isArray(list)) return;
  for (const item of list) {
    if (!Array.isArray(item) || !Array.isArray(item[0]) || item[0].length === 0) continue;
    const [path, params, body] = item as [unknown[], unknown[], unknown];
    let target = root;
    for (const key of path.slice(0, -1)) {
      if (target === null || typeof target !== 'object') break;
      target = target[key as string];
    }
    if (target === null || typeof target !== 'object') continue;
    try {
      // eslint-disable-next-line no-new-func
      target[path[path.length - 1] as string] = new Function(...(Array.isArray(params) ? params.map(String) : []), String(body));
    } catch (err) {
      console.error('webio: datatable JSFunction does not compile', path, err);
    }
  }
}
