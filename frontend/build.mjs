// Bundles the browser scripts of the process modeller into api/web/static/build/.
// Run with `npm run build:js` (the Makefile's `install` target does it when a source changes).
// Everything the pages need (bpmn-js, its CSS and fonts, the bpmnlint rules) ends up in these
// files: nothing is loaded from a CDN or fetched at run time.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import * as esbuild from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outdir = path.join(root, 'api/web/static/build');
const require = createRequire(path.join(root, 'package.json'));

const entries = {
  modeller: 'frontend/modeller/index.js',
  compare: 'frontend/compare/index.js',
  viewer: 'frontend/viewer/index.js',
  'case-diagram': 'frontend/case-diagram/index.js',
  'form-editor': 'frontend/form-editor/index.js', // written separately; skipped until it exists
  'decision-editor': 'frontend/decision-editor/index.js'
};

/**
 * `import lintConfig from '<path>/.bpmnlintrc'` yields the `{ config, resolver }` bundle that
 * bpmn-js-bpmnlint expects (what bpmnlint-loader does for webpack): bpmnlint itself resolves the
 * configured rules (following `extends`) and writes a module that imports every enabled rule.
 */
const bpmnlintPlugin = {
  name: 'bpmnlintrc',
  setup(build) {
    build.onResolve({ filter: /(^|[\\/])\.bpmnlintrc$/ }, (args) => ({
      path: path.resolve(args.resolveDir, args.path),
      namespace: 'bpmnlintrc'
    }));
    build.onLoad({ filter: /.*/, namespace: 'bpmnlintrc' }, async (args) => {
      const compileConfig = require('bpmnlint/lib/support/compile-config');
      const config = JSON.parse(readFileSync(args.path, 'utf8'));
      const contents = await compileConfig(config);
      // rule imports ('bpmnlint/rules/...') resolve from the repository's node_modules
      return { contents, loader: 'js', resolveDir: root, watchFiles: [args.path] };
    });
  }
};

const common = {
  bundle: true,
  minify: true,
  format: 'iife',
  target: 'es2020',
  platform: 'browser',
  outdir,
  entryNames: '[name]',
  assetNames: '[name]-[hash]',
  sourcemap: false,
  legalComments: 'none',
  logLevel: 'warning',
  jsx: 'automatic',
  jsxImportSource: '@bpmn-io/properties-panel/preact',
  define: { 'process.env.NODE_ENV': '"production"' },
  loader: {
    '.eot': 'file', '.woff': 'file', '.woff2': 'file', '.ttf': 'file', '.svg': 'file',
    '.png': 'dataurl', '.json': 'json'
  },
  plugins: [bpmnlintPlugin],
  absWorkingDir: root
};

let failed = false;
for (const [name, entry] of Object.entries(entries)) {
  if (!existsSync(path.join(root, entry))) {
    continue;
  }
  try {
    await esbuild.build({ ...common, entryPoints: { [name]: entry } });
  } catch (error) {
    failed = true;
    console.error(`build of ${name} failed`);
  }
}
process.exit(failed ? 1 : 0);
