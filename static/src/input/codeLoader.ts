// Loads webio-code.js (CodeMirror, most of the client's weight) the first time a code textarea
// is shown. Its URL is derived from this script's own URL, so it works with relative asset URLs
// (`?_webio_static=webio.js&v=…`) and with a CDN prefix alike.

import type { CodeEditor } from '../code/editor';

declare const __WEBIO_CODE_HASH__: string;

const ownSrc = (document.currentScript as HTMLScriptElement | null)?.src ?? '';
let loading: Promise<typeof CodeEditor> | null = null;

function chunkUrl(): string {
  const url = new URL(ownSrc || location.href, location.href);
  if (url.searchParams.has('_webio_static')) {
    url.searchParams.set('_webio_static', 'webio-code.js');
    url.searchParams.set('v', __WEBIO_CODE_HASH__);
  } else {
    url.pathname = url.pathname.replace(/[^/]*$/, 'webio-code.js');
    url.search = `?v=${__WEBIO_CODE_HASH__}`;
  }
  return url.toString();
}

export function loadCodeEditor(): Promise<typeof CodeEditor> {
  const ready = (window as any).__webioCodeEditor as typeof CodeEditor | undefined;
  if (ready) return Promise.resolve(ready);
  if (!loading) {
    loading = new Promise((resolve, reject) => {
      const script = document.createElement('script');
      script.src = chunkUrl();
      script.async = true;
      script.onload = () => {
        const loaded = (window as any).__webioCodeEditor as typeof CodeEditor | undefined;
        if (loaded) resolve(loaded);
        else reject(new Error('webio-code.js did not define the editor'));
      };
      script.onerror = () => {
        loading = null;
        reject(new Error('could not load webio-code.js'));
      };
      document.head.append(script);
    });
  }
  return loading;
}
