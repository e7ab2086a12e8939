// One side of the offline-analysis benchmark, in its own process so its time and peak RSS are
// its own: `analyze <file>` runs the real analysis; `bare <file>` only reads each line and
// JSON.parses it (entry lines of a HAR written one entry a line). Prints {ms, maxRssMB, …}.

import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { analyzeFile } from '../../src/core/analyze/analyzeFile';

async function bare(path: string): Promise<number> {
  let parsed = 0;
  for await (const line of createInterface({ input: createReadStream(path, { encoding: 'utf8' }), crlfDelay: Infinity })) {
    // A HAR written one entry a line: `,{…}` (or `{…},`); the first and last lines are the wrapper.
    const start = line.startsWith(',') ? 1 : 0;
    const text = line.endsWith(',') ? line.slice(start, -1) : start ? line.slice(start) : line;
    if (!text.startsWith('{')) continue;
    try {
      JSON.parse(text);
      parsed++;
    } catch {
      // the HAR's first and last lines
    }
  }
  return parsed;
}

async function main(): Promise<void> {
  const [mode, path] = process.argv.slice(2);
  const started = performance.now();
  const detail = mode === 'analyze' ? { findings: (await analyzeFile(path)).findings.length } : { parsed: await bare(path) };
  const elapsed = performance.now() - started;
  process.stdout.write(`${JSON.stringify({ ms: elapsed, maxRssMB: process.resourceUsage().maxRSS / 1024, ...detail })}\n`);
}

void main();
