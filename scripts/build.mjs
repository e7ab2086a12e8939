// Bundles the extension, the CLI and webview scripts into dist/ (and, with --tests, every test,
// fixture and benchmark into out/ for mocha). One esbuild config, so tests run the same code we ship.
import * as esbuild from 'esbuild';
import { readdirSync, statSync, rmSync, chmodSync, existsSync } from 'node:fs';
import { join } from 'node:path';

const args = new Set(process.argv.slice(2));
const production = args.has('--production');
const withTests = args.has('--tests');
const watch = args.has('--watch');

/** Every *.ts file under a folder (recursively), skipping .d.ts. */
function tsFilesUnder(dir) {
  if (!existsSync(dir)) return [];
  const files = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) files.push(...tsFilesUnder(path));
    else if (name.endsWith('.ts') && !name.endsWith('.d.ts')) files.push(path);
  }
  return files;
}

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: production ? false : 'linked',
  minify: production,
  logLevel: 'warning',
  legalComments: 'none',
  // jsonc-parser's UMD build hides its requires from the bundler; its ESM build bundles cleanly.
  mainFields: ['module', 'main'],
};

const product = [
  { ...common, entryPoints: { extension: 'src/extension.ts' }, outdir: 'dist', external: ['vscode'] },
  { ...common, entryPoints: { cli: 'src/cli/main.ts' }, outdir: 'dist', banner: { js: '#!/usr/bin/env node' } },
];
// Each webview has media/webview/<name>/main.ts, bundled to dist/webview/<name>/main.js.
const webviewEntries = tsFilesUnder('media/webview').filter((file) => file.endsWith('main.ts'));
if (webviewEntries.length) {
  product.push({
    ...common,
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    entryPoints: webviewEntries,
    outdir: 'dist/webview',
    outbase: 'media/webview',
  });
}

const testBuilds = withTests
  ? [
      {
        ...common,
        sourcemap: 'inline',
        minify: false,
        packages: 'external',
        external: ['vscode'],
        entryPoints: [...tsFilesUnder('test'), ...tsFilesUnder('bench')],
        outdir: 'out',
        outbase: '.',
      },
    ]
  : [];

if (!watch) {
  rmSync('dist', { recursive: true, force: true });
  if (withTests) rmSync('out', { recursive: true, force: true });
}

const contexts = await Promise.all([...product, ...testBuilds].map((options) => esbuild.context(options)));
if (watch) {
  await Promise.all(contexts.map((context) => context.watch()));
  console.log('[build] watching for changes');
} else {
  await Promise.all(contexts.map((context) => context.rebuild()));
  await Promise.all(contexts.map((context) => context.dispose()));
  if (existsSync('dist/cli.js')) chmodSync('dist/cli.js', 0o755);
}
