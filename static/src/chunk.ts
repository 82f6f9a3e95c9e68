// Loads a separately built script of the client (a "chunk") the first time a page needs it. The
// chunk's URL is derived from this script's own URL, so relative asset URLs
// (`?_webio_static=webio.js&v=…`) and a CDN prefix both work; `hash` busts caches.

const ownSrc = (document.currentScript as HTMLScriptElement | null)?.src ?? '';
const loading = new Map<string, Promise<unknown>>();

export function chunkUrl(file: string, hash: string): string {
  const url = new URL(ownSrc || location.href, location.href);
  if (url.searchParams.has('_webio_static')) {
    url.searchParams.set('_webio_static', file);
    url.searchParams.set('v', hash);
  } else {
    url.pathname = url.pathname.replace(/[^/]*$/, file);
    url.search = `?v=${hash}`;
  }
  return url.toString();
}

/** Loads `file` once; resolves with what it stored in `window[globalName]`. */
export function loadChunk<T>(file: string, hash: string, globalName: string): Promise<T> {
  const ready = (window as any)[globalName] as T | undefined;
  if (ready) return Promise.resolve(ready);
  let promise = loading.get(file);
  if (!promise) {
    promise = new Promise<unknown>((resolve, reject) => {
      const script = document.createElement('script');
      script.src = chunkUrl(file, hash);
      script.async = true;
      script.onload = () => {
        const loaded = (window as any)[globalName];
        if (loaded) resolve(loaded);
        else reject(new Error(`${file} did not define ${globalName}`));
      };
      script.onerror = () => {
        loading.delete(file);
        reject(new Error(`could not load ${file}`));
      };
      document.head.append(script);
    });
    loading.set(file, promise);
  }
  return promise as Promise<T>;
}
