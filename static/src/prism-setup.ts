// Must be imported before prismjs: stops Prism from highlighting the whole page on load.
(globalThis as any).Prism = { manual: true, disableWorkerMessageHandler: true };
export {};
