// Chart libraries on demand. The server lists what it can serve (page config `libs`, see
// webio_core/charts/libraries.py); a library is fetched only when a chart asks for it, once:
//   - <script data-webio-lib="NAME"></script> in put_html output (the server writes these in place
//     of CDN or inline copies of a listed library);
//   - require(['NAME'], fn), the AMD call of plotly.py, pyecharts, cutecharts and pyg2plot notebook
//     HTML. Listed names load from this server even when require.config() points elsewhere; other
//     names load from the path the app configured (fetched, then run with a private `define`).

export interface LibraryInfo {
  url: string;
  global: string | null;
  requires: string[];
}
export type Libraries = { [name: string]: LibraryInfo };

type AnyFn = (...args: unknown[]) => unknown;

let listed: Libraries = {};
const loads = new Map<string, Promise<unknown>>();
const paths: { [name: string]: string } = {};
const own = (obj: object, key: string): boolean => Object.prototype.hasOwnProperty.call(obj, key);

function loadScript(url: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.src = url;
    script.async = false;
    script.onload = () => resolve();
    script.onerror = () => reject(new Error(`webio: could not load the script ${url}`));
    document.head.appendChild(script);
  });
}

/**
 * An AMD module from a path the app configured. Its code runs with a `define` of its own (fetched,
 * then evaluated): no global `define` ever exists, so other scripts (UMD bundles) keep their globals.
 */
function loadAmd(name: string, path: string): Promise<unknown> {
  const url = /\.js(\?|$)/.test(path) || path.startsWith('data:') ? path : `${path}.js`;
  return fetch(url)
    .then((response) => {
      if (!response.ok) throw new Error(`webio: could not load the module ${name} from ${url}: ${response.status}`);
      return response.text();
    })
    .then((source) => {
      let defined: Promise<unknown> | undefined;
      const define = (...args: unknown[]): void => {
        const factory = args[args.length - 1];
        const deps = Array.isArray(args[args.length - 2]) ? (args[args.length - 2] as string[]) : [];
        defined = requireAll(deps).then((values) => (typeof factory === 'function' ? (factory as AnyFn)(...values) : factory));
      };
      (define as any).amd = {};
      // eslint-disable-next-line no-new-func
      new Function('define', `${source}\n//# sourceURL=${url.startsWith('data:') ? name : url}`)(define);
      return defined ?? (window as any)[name];
    });
}

/** Library `name`, loaded once (its prerequisites first); resolves to the global it defines. */
export function loadLibrary(name: string): Promise<unknown> {
  const started = loads.get(name);
  if (started) return started;
  let load: Promise<unknown>;
  if (own(listed, name)) {
    const info = listed[name];
    load = info.requires
      .reduce<Promise<unknown>>((prev, dep) => prev.then(() => loadLibrary(dep)), Promise.resolve())
      .then(() => loadScript(info.url))
      .then(() => (info.global ? (window as any)[info.global] : undefined));
  } else if (own(paths, name)) {
    load = loadAmd(name, paths[name]);
  } else if (['require', 'exports', 'module'].includes(name)) {
    load = Promise.resolve(undefined);
  } else if (own(window, name)) {
    load = Promise.resolve((window as any)[name]);
  } else {
    load = Promise.reject(new Error(`webio: no library named ${name}: install its Python package or set require.config({paths})`));
  }
  loads.set(name, load);
  return load;
}

function requireAll(deps: string[]): Promise<unknown[]> {
  return deps.reduce<Promise<unknown[]>>(
    (prev, dep) => prev.then((values) => loadLibrary(dep).then((value) => [...values, value])),
    Promise.resolve([]),
  );
}

function amdRequire(deps: string[] | string, callback?: AnyFn, errback?: AnyFn): unknown {
  if (typeof deps === 'string') return (window as any)[deps];
  requireAll(Array.isArray(deps) ? deps : []).then(
    (values) => callback?.(...values),
    (err) => (errback ? errback(err) : console.error(err)),
  );
  return undefined;
}
amdRequire.config = (options: { paths?: { [name: string]: string } }): void => {
  for (const [name, path] of Object.entries(options?.paths ?? {})) {
    if (typeof path === 'string') paths[name] = path;
  }
};

/** Sets the served libraries and, unless the app brought its own loader, a global `require`. */
export function installLibraries(libs: Libraries | undefined): void {
  listed = libs && typeof libs === 'object' ? libs : {};
  const w = window as any;
  if (w.require === undefined) {
    w.require = amdRequire;
    w.requirejs = amdRequire;
  }
}

const CLASSIC = /^(|module|(text|application)\/(x-)?(java|ecma)script)$/i;

/**
 * Runs the <script> elements of HTML output in order, as a static page would: each script waits for
 * the external scripts and listed libraries before it. Re-created so the browser runs them.
 */
export function runScripts(scripts: HTMLScriptElement[], from = 0): void {
  for (let i = from; i < scripts.length; i++) {
    const old = scripts[i];
    const next = (): void => runScripts(scripts, i + 1);
    const lib = old.getAttribute('data-webio-lib');
    if (lib !== null) {
      loadLibrary(lib).then(next, (err) => {
        console.error(err);
        next();
      });
      return;
    }
    const script = document.createElement('script');
    for (const attr of Array.from(old.attributes)) script.setAttribute(attr.name, attr.value);
    script.async = false;
    script.text = old.text;
    const waits = script.src !== '' && CLASSIC.test(script.type.trim());
    if (waits) {
      script.addEventListener('load', next);
      script.addEventListener('error', next);
    }
    old.replaceWith(script);
    if (waits) return;
  }
}
