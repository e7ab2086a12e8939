// `npm run bench`: what the inspector costs, in one go. Each comparison runs both sides in one
// process run (or alternating child processes), interleaved over several rounds, and reports
// medians and ratios — machines here are noisy, so ratios matter. `--smoke` runs tiny sizes only
// to keep the benchmark working (CI). Prints a table and writes bench/results.json.

import { writeFileSync } from 'node:fs';
import { offlineAnalysis } from './figures/analyze';
import { detectionLatency } from './figures/detection';
import { longSessionMemory } from './figures/memory';
import { observationWork } from './figures/observationWork';
import { otelExportOverhead } from './figures/otelExport';
import { observationOverhead } from './figures/overhead';
import { ruleThroughput } from './figures/rules';
import { startup } from './figures/startup';
import { tapOverhead } from './figures/tap';
import { uiUnderLoad } from './figures/uiLoad';
import type { BenchOptions, Row } from './util';

const FIGURES: Array<[string, (options: BenchOptions) => Promise<Row[]>]> = [
  ['observation overhead', observationOverhead],
  ['observation work in isolation', observationWork],
  ['memory over a long session', longSessionMemory],
  ['offline analysis', offlineAnalysis],
  ['start-up', startup],
  ['detection latency', detectionLatency],
  ['rule engine', ruleThroughput],
  ['UI under load', uiUnderLoad],
  ['tap', tapOverhead],
  ['OpenTelemetry export', otelExportOverhead],
];

async function main(): Promise<void> {
  const options: BenchOptions = { smoke: process.argv.includes('--smoke') };
  const only = process.argv
    .find((arg) => arg.startsWith('--only='))
    ?.slice('--only='.length)
    .split(',');
  const rows: Row[] = [];
  const widths = [78, 24, 26, 6, 16];
  const line = (cells: string[]) => cells.map((cell, index) => cell.padEnd(widths[index])).join(' ');
  console.log(line(['figure', 'ours', 'reference', 'ratio', 'target']) + ' result');
  for (const [name, figure] of FIGURES) {
    if (only && !only.some((wanted) => name.includes(wanted))) continue;
    try {
      for (const row of await figure(options)) {
        rows.push(row);
        console.log(line([row.figure, row.ours, row.reference, row.ratio, row.target]) + ' ' + (row.pass === null ? '' : row.pass ? 'pass' : 'MISS'));
      }
    } catch (error) {
      const row: Row = {
        figure: name,
        ours: `failed: ${error instanceof Error ? error.message : String(error)}`.slice(0, 200),
        reference: '—',
        ratio: '—',
        target: '—',
        pass: false,
      };
      rows.push(row);
      console.log(line([row.figure, row.ours, '', '', '']) + ' FAILED');
    }
  }
  // A smoke run keeps the full figures of bench/results.json intact.
  writeFileSync(
    options.smoke ? 'bench/results-smoke.json' : 'bench/results.json',
    `${JSON.stringify({ at: new Date().toISOString(), smoke: options.smoke, rows }, null, 2)}\n`,
  );
  // Servers and sockets of the figures are closed; a straggling keep-alive must not hold the run open.
  process.exit(rows.some((row) => row.ours.startsWith('failed')) ? 1 : 0);
}

void main();
