// The repository's documents point only at what is in the repository: every relative link in the
// Markdown users read resolves, and no source file cites a design document kept outside it.

import * as assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const root = resolve(__dirname, '../../../..');

function filesUnder(dir: string, keep: (name: string) => boolean): string[] {
  if (!existsSync(dir)) return [];
  const files: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) files.push(...filesUnder(path, keep));
    else if (keep(name)) files.push(path);
  }
  return files;
}

/** Relative link targets of a Markdown text (inline links and images; code spans and blocks skipped). */
function relativeLinks(markdown: string): string[] {
  const prose = markdown.replace(/```[\s\S]*?```/g, '').replace(/`[^`\n]*`/g, '');
  const targets: string[] = [];
  for (const match of prose.matchAll(/!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)) {
    const target = match[1];
    if (/^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith('#')) continue;
    targets.push(target);
  }
  return targets;
}

const markdownFiles = [
  join(root, 'README.md'),
  join(root, 'CHANGELOG.md'),
  join(root, 'bench', 'README.md'),
  join(root, 'demo', 'README.md'),
  ...filesUnder(join(root, 'docs'), (name) => name.endsWith('.md')),
  ...filesUnder(join(root, 'media', 'walkthrough'), (name) => name.endsWith('.md')),
];

describe('repository documents', () => {
  it('finds the relative links it checks (the extractor works)', () => {
    assert.deepEqual(relativeLinks('see [a](docs/a.md#x), ![img](images/b.png "t"), [web](https://x.y), [top](#here), `[no](c.md)`'), [
      'docs/a.md#x',
      'images/b.png',
    ]);
    assert.ok(relativeLinks(readFileSync(join(root, 'README.md'), 'utf8')).length > 10, 'README links to docs and images');
  });

  it('every relative link in README.md, bench, demo, docs/**/*.md and the walkthrough resolves to a file in the repository', () => {
    const broken: string[] = [];
    for (const file of markdownFiles) {
      assert.ok(existsSync(file), `${relative(root, file)} exists`);
      for (const target of relativeLinks(readFileSync(file, 'utf8'))) {
        const path = decodeURIComponent(target.split('#')[0]);
        if (!path) continue;
        const resolved = resolve(dirname(file), path);
        if (!resolved.startsWith(root) || !existsSync(resolved)) broken.push(`${relative(root, file)} → ${target}`);
      }
    }
    assert.deepEqual(broken, []);
  });

  it('no file under src, test, scripts, bench or demo cites a design document that is not in the repository', () => {
    const outside = ['DESIGN', 'DIAGNOSTICS'].map((name) => `${name}.md`);
    const citing: string[] = [];
    for (const folder of ['src', 'test', 'scripts', 'bench', 'demo', 'media']) {
      for (const file of filesUnder(join(root, folder), (name) => /\.(ts|mjs|js|json|md|css|html)$/.test(name))) {
        const text = readFileSync(file, 'utf8');
        for (const name of outside) if (text.includes(name)) citing.push(`${relative(root, file)} cites ${name}`);
      }
    }
    assert.deepEqual(citing, []);
  });
});
