// Chart libraries copied as they are from npm into dist/lib/, each with its licence. The page loads
// one only when a chart asks for it (webio_core/charts/libraries.py lists what the server serves).
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

const LIBRARIES = {
  echarts: ['echarts', 'dist/echarts.min.js'],
  'chart.xkcd': ['chart.xkcd', 'dist/chart.xkcd.min.js'],
  g2plot: ['@antv/g2plot', 'dist/g2plot.min.js'],
};

/** Output files (esbuild's shape: path, contents) for dist/lib/NAME.js and NAME.LICENSE.txt. */
export function vendorFiles(outdir) {
  const files = [];
  for (const [name, [pkg, file]] of Object.entries(LIBRARIES)) {
    const root = join(here, 'node_modules', pkg);
    files.push({ path: join(outdir, 'lib', `${name}.js`), contents: readFileSync(join(root, file)) });
    files.push({ path: join(outdir, 'lib', `${name}.LICENSE.txt`), contents: readFileSync(join(root, 'LICENSE')) });
  }
  return files;
}
