// Builds the browser client into dist/ (or into the folder given with --out DIR).
//
// Outputs are computed in memory against the logical folder dist/ and then written, so a
// build into a temporary folder gives byte-identical files (check-build.sh relies on this).
import * as esbuild from 'esbuild';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { vendorFiles } from './vendor.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const logicalOut = join(here, 'dist');
const outArg = process.argv.indexOf('--out');
const target = outArg > 0 ? resolve(process.argv[outArg + 1]) : logicalOut;

// Bootswatch themes start with an @import of remote web fonts; the page must never load anything
// from the internet, so the import is dropped and the fonts come from @fontsource (see themes/).
const dropRemoteImports = {
  name: 'drop-remote-imports',
  setup(build) {
    build.onLoad({ filter: /bootswatch[\\/].*\.css$/ }, (args) => ({
      contents: readFileSync(args.path, 'utf8').replace(/@import\s+url\(["']?https?:[^)]*\)\s*;/g, ''),
      loader: 'css',
    }));
  },
};

const common = {
  bundle: true,
  minify: true,
  sourcemap: 'linked',
  sourcesContent: true,
  legalComments: 'linked',
  write: false,
  outdir: logicalOut,
  absWorkingDir: here,
  logLevel: 'warning',
  charset: 'utf8',
  loader: { '.woff2': 'dataurl', '.woff': 'dataurl', '.ttf': 'dataurl', '.svg': 'dataurl', '.png': 'dataurl' },
};

// The code editor (CodeMirror, most of the weight) is its own file, loaded on first use; the main
// bundle carries its content hash (same scheme as webio.static.asset_version) for the URL.
const codeBuild = await esbuild.build({
  ...common,
  entryPoints: { 'webio-code': 'src/code/entry.ts' },
  format: 'iife',
  target: ['es2020'],
});
const codeJs = codeBuild.outputFiles.find((f) => f.path.endsWith('webio-code.js'));
const codeHash = createHash('sha256').update(codeJs.contents).digest('hex').slice(0, 12);

// The data grid (AG Grid Community, put_datatable) is loaded the same way, on the first datatable.
const datatableBuild = await esbuild.build({
  ...common,
  entryPoints: { 'webio-datatable': 'src/datatable/entry.ts' },
  format: 'iife',
  target: ['es2020'],
  define: { 'process.env.NODE_ENV': '"production"' },
  // AG Grid's sources carry no legal comment: its MIT notice goes in the file itself.
  banner: { js: '/*! AG Grid Community | MIT License | Copyright (c) 2015-2026 AG GRID LTD */' },
});
const datatableJs = datatableBuild.outputFiles.find((f) => f.path.endsWith('webio-datatable.js'));
const datatableHash = createHash('sha256').update(datatableJs.contents).digest('hex').slice(0, 12);

const jobs = [
  Promise.resolve(codeBuild),
  Promise.resolve(datatableBuild),
  esbuild.build({
    ...common,
    entryPoints: { webio: 'src/main.ts' },
    format: 'iife',
    target: ['es2020'],
    define: { 'process.env.NODE_ENV': '"production"', __WEBIO_CODE_HASH__: JSON.stringify(codeHash),
      __WEBIO_DATATABLE_HASH__: JSON.stringify(datatableHash) },
  }),
  esbuild.build({
    ...common,
    entryPoints: {
      webio: 'src/styles/default.css',
      'webio.rtl': 'src/styles/default.rtl.css',
      'themes/dark': 'src/themes/dark.css',
      'themes/sketchy': 'src/themes/sketchy.css',
      'themes/minty': 'src/themes/minty.css',
      'themes/yeti': 'src/themes/yeti.css',
    },
    target: ['chrome90', 'firefox90', 'safari14'],
    plugins: [dropRemoteImports],
  }),
];

const results = await Promise.all(jobs);
results.push({ outputFiles: vendorFiles(logicalOut) });
rmSync(target, { recursive: true, force: true });
for (const result of results) {
  for (const file of result.outputFiles) {
    const dest = join(target, relative(logicalOut, file.path));
    mkdirSync(dirname(dest), { recursive: true });
    writeFileSync(dest, file.contents);
  }
}
