// `npm run package`: a production build, then dist/mcp-session-inspector-<version>.vsix.
// vsce packs a staging folder holding exactly what the extension ships: the bundles in dist/ (so
// no node_modules), media, the rule docs and README's images. package.json's `files` is the npm
// package's whitelist (the CLI, without README's screenshots), so the two lists stay apart.
// Relative links stay relative: the installed extension's README resolves its images itself.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const root = resolve(import.meta.dirname, '..');
/** What the .vsix holds besides package.json (folders are copied whole, minus TypeScript sources and tsconfigs). */
const SHIPPED = ['README.md', 'CHANGELOG.md', 'LICENSE', 'dist/extension.js', 'dist/cli.js', 'dist/webview', 'media', 'docs/rules', 'docs/images'];

function run(args, cwd) {
  const result = spawnSync(process.execPath, args, { cwd, encoding: 'utf8', input: 'y\n' });
  if (result.status !== 0) throw new Error(`${args.join(' ')} failed:\n${result.stdout}\n${result.stderr}`);
  return result.stdout;
}

/** Builds (production) and packs the extension into `out`; returns `out`. */
export function packageVsix(out) {
  run(['scripts/build.mjs', '--production'], root);
  const stage = mkdtempSync(join(tmpdir(), 'mcpsi-vsix-'));
  try {
    for (const path of SHIPPED) {
      if (!existsSync(join(root, path))) throw new Error(`${path} is missing; the build did not make it`);
      mkdirSync(dirname(join(stage, path)), { recursive: true });
      cpSync(join(root, path), join(stage, path), { recursive: true, filter: (source) => !source.endsWith('.ts') && !source.endsWith('tsconfig.json') });
    }
    const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
    delete manifest.files;
    delete manifest.scripts;
    writeFileSync(join(stage, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
    mkdirSync(dirname(resolve(out)), { recursive: true });
    run([join(root, 'node_modules/@vscode/vsce/vsce'), 'package', '--no-dependencies', '--no-rewrite-relative-links', '--out', resolve(out)], stage);
    return out;
  } finally {
    rmSync(stage, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  try {
    const out = packageVsix(join(root, 'dist', `mcp-session-inspector-${version}.vsix`));
    console.log(`[package] ${out}`);
  } catch (error) {
    console.error(`[package] ${error.message}`);
    process.exit(1);
  }
}
