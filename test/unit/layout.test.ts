// The shape of the tree: small source files, and unit tests laid out like the code they test, so
// the test of src/core/<area> is found in test/unit/<area>.

import * as assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

const root = resolve(__dirname, '../../..');
const UNIT = join(root, 'test/unit');
const MAX_LINES = 400;

/** Folders of test/unit that hold what the tests share, or test what is not under src/. */
const NOT_MIRRORED = new Map([
  ['support', 'helpers the unit tests share'],
  ['docs', 'tests of docs/ and the walkthrough, not of src/'],
]);

/** Where test/unit/<folder> may mirror a folder of src/. */
const MIRRORED_ROOTS = ['src', 'src/core', 'src/ui'];

function filesUnder(dir: string): string[] {
  const files: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) files.push(...filesUnder(path));
    else files.push(path);
  }
  return files;
}

function foldersIn(dir: string): string[] {
  return readdirSync(dir).filter((name) => statSync(join(dir, name)).isDirectory());
}

function lineCount(text: string): number {
  return text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
}

const isFolder = (path: string) => existsSync(path) && statSync(path).isDirectory();

/** Every test folder (test/unit/<a>/<b>…) whose counterpart under src/ does not exist. */
function unmirrored(testDir: string, sourceDirs: readonly string[]): string[] {
  const missing: string[] = [];
  for (const name of foldersIn(testDir)) {
    if (testDir === UNIT && NOT_MIRRORED.has(name)) continue;
    const counterparts = sourceDirs.map((dir) => join(dir, name)).filter(isFolder);
    if (counterparts.length) missing.push(...unmirrored(join(testDir, name), counterparts));
    else missing.push(relative(root, join(testDir, name)).split('\\').join('/'));
  }
  return missing;
}

describe('layout', () => {
  it(`no file under src/ is over ${MAX_LINES} lines`, () => {
    const long = filesUnder(join(root, 'src'))
      .map((file) => ({ file: relative(root, file).split('\\').join('/'), lines: lineCount(readFileSync(file, 'utf8')) }))
      .filter(({ lines }) => lines > MAX_LINES)
      .map(({ file, lines }) => `${file}: ${lines} lines`);
    assert.deepEqual(long, []);
  });

  it('each folder of test/unit names a folder of src/ (src/<x>, src/core/<x> or src/ui/<x>)', () => {
    const missing = unmirrored(
      UNIT,
      MIRRORED_ROOTS.map((dir) => join(root, dir)),
    );
    assert.deepEqual(missing, [], 'no such folder under src/, src/core or src/ui');
  });
});
