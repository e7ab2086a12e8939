// Packaging for the real-VS-Code runs: vsce from node_modules, and the product .vsix exactly as
// `npm run package` builds it.
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { packageVsix } from '../../../scripts/package.mjs';

const root = resolve(import.meta.dirname, '../../..');

/** Runs vsce (from node_modules) in `cwd`; throws with its output when it fails. */
export function vsce(args, cwd) {
  const result = spawnSync(process.execPath, [join(root, 'node_modules/@vscode/vsce/vsce'), ...args], { cwd, encoding: 'utf8', input: 'y\n' });
  if (result.status !== 0) throw new Error(`vsce ${args.join(' ')} failed:\n${result.stdout}\n${result.stderr}`);
}

/** The product .vsix in `work`, exactly as `npm run package` builds it. */
export function packageProduct(work) {
  return packageVsix(join(work, 'product.vsix'));
}
