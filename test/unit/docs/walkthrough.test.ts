// The "Get Started" walkthrough (contributes.walkthroughs): every step has its page, and every
// command it offers or waits for is one the extension contributes.

import * as assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import manifest from '../../../package.json';

interface Step {
  id: string;
  title: string;
  description: string;
  media: { markdown?: string; image?: string };
  completionEvents?: string[];
}

const root = resolve(__dirname, '../../../..');
const contributes = manifest.contributes as unknown as {
  walkthroughs: Array<{ steps: Step[] }>;
  commands: Array<{ command: string }>;
  views: Record<string, Array<{ id: string }>>;
};
const commands = new Set([
  ...contributes.commands.map((entry) => entry.command),
  ...Object.values(contributes.views)
    .flat()
    .map((view) => `${view.id}.focus`),
]);

describe('the Get Started walkthrough', () => {
  const [walkthrough] = contributes.walkthroughs;

  it('takes a user from adding a server to analyzing a HAR', () => {
    assert.deepEqual(
      walkthrough.steps.map((step) => step.id),
      ['addServer', 'seeSession', 'sessionCheck', 'tap', 'analyzeHar'],
    );
  });

  it('every step has its page in the package', () => {
    for (const step of walkthrough.steps) {
      const media = step.media.markdown ?? step.media.image;
      assert.ok(media && existsSync(resolve(root, media)), `${step.id}: ${media}`);
    }
  });

  it('every command a step links to or waits for is contributed', () => {
    for (const step of walkthrough.steps) {
      const linked = [...step.description.matchAll(/\(command:([\w.]+)\)/g)].map((match) => match[1]);
      assert.ok(linked.length, `${step.id} offers a button`);
      const awaited = (step.completionEvents ?? []).filter((event) => event.startsWith('onCommand:')).map((event) => event.slice('onCommand:'.length));
      for (const command of [...linked, ...awaited]) assert.ok(commands.has(command), `${step.id}: ${command} is not contributed`);
    }
  });
});
