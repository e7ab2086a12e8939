// `npm run bench`: what the inspector costs, in one go. Each comparison runs both sides in one
// process run (or alternating child processes), interleaved over several rounds, and reports
// medians and per-round ratios (median and range) — machines here are noisy, so ratios matter,
// and CPU per exchange beside them. Warnings are counted, not printed. `--smoke` runs tiny sizes only
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

/** Warnings that come by the hundred from a baseline, not from us: counted, never printed. */
const COUNTED_ONLY = new Set(['MaxListenersExceededWarning']);

/**
 * Replaces Node's warning printer (its own 'warning' listener) with a count by warning name and
 * by figure. A bare SDK client (the baselines, and every client of the tap figure) piles abort
 * listeners on one AbortSignal, and Node would print a MaxListenersExceededWarning, stack and all,
 * for each request past the limit: hundreds of lines a run. Any other warning is still
 * printed, once per distinct message.
 */
function countWarnings(): { during(figure: string): void; row(): Row } {
  const counts = new Map<string, Map<string, number>>();
  const printed = new Set<string>();
  let figure = 'set-up';
  process.removeAllListeners('warning');
  process.on('warning', (warning) => {
    const byFigure = counts.get(warning.name) ?? new Map<string, number>();
    counts.set(warning.name, byFigure.set(figure, (byFigure.get(figure) ?? 0) + 1));
    const text = `${warning.name}: ${warning.message}`;
    if (COUNTED_ONLY.has(warning.name) || printed.has(text)) return;
    printed.add(text);
    console.error(`(warning, printed once) ${text}`);
  });
  return {
    during(name) {
      figure = name;
    },
    row() {
      const kinds = [...counts].map(([name, byFigure]) => {
        const total = [...byFigure.values()].reduce((sum, count) => sum + count, 0);
        const where = [...byFigure].map(([during, count]) => `${during} ${count}`).join(', ');
        return `${total} ${name} (${where})`;
      });
      const baseline = counts.has('MaxListenersExceededWarning')
        ? 'MaxListenersExceededWarning: from the bare SDK clients of the baselines (abort listeners piled on one signal); counted, not printed'
        : 'counted by kind';
      return { figure: 'warnings during the run', ours: kinds.join('; ') || 'none', reference: baseline, ratio: '—', target: 'report', pass: null };
    },
  };
}

async function main(): Promise<void> {
  const warnings = countWarnings();
  const options: BenchOptions = { smoke: process.argv.includes('--smoke') };
  const only = process.argv
    .find((arg) => arg.startsWith('--only='))
    ?.slice('--only='.length)
    .split(',');
  const rows: Row[] = [];
  const widths = [86, 34, 30, 18, 12];
  const line = (cells: string[]) => cells.map((cell, index) => cell.padEnd(widths[index])).join(' ');
  console.log(line(['figure', 'ours', 'reference', 'ratio', 'target']) + ' result');
  for (const [name, figure] of FIGURES) {
    if (only && !only.some((wanted) => name.includes(wanted))) continue;
    warnings.during(name);
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
  // A warning is emitted on the next tick: let the last ones land before the count.
  await new Promise((resolve) => setImmediate(resolve));
  const summary = warnings.row();
  rows.push(summary);
  console.log(line([summary.figure, summary.ours, summary.reference, summary.ratio, summary.target]));
  // A smoke run keeps the full figures of bench/results.json intact.
  writeFileSync(
    options.smoke ? 'bench/results-smoke.json' : 'bench/results.json',
    `${JSON.stringify({ at: new Date().toISOString(), smoke: options.smoke, rows }, null, 2)}\n`,
  );
  // Servers and sockets of the figures are closed; a straggling keep-alive must not hold the run open.
  process.exit(rows.some((row) => row.ours.startsWith('failed')) ? 1 : 0);
}

void main();
