// UI under load: a server pushing 2,000 notifications/s for 10 s, measured in the real extension
// host by the last extension-test run (test/extension/suite/uiLoad.test.ts writes
// test-output/ui-load.json): Servers-view refreshes a second, command round-trip p99, and how often
// the unchanged Problems went to the workbench.

import { existsSync, readFileSync } from 'node:fs';
import { ms, type BenchOptions, type Row } from '../util';

const FILE = 'test-output/ui-load.json';

interface UiLoad {
  rate: number;
  seconds: number;
  notificationsSent: number;
  notificationsSeen: number;
  refreshesPerSecond: number;
  commandRoundTrips: number;
  commandP50Ms: number;
  commandP99Ms: number;
  hostLoopDelayP99Ms?: number;
  /** Times the Problems of mcp.json were republished during the flood (they do not change). */
  problemsRepublished?: number;
}

export async function uiUnderLoad(_options: BenchOptions): Promise<Row[]> {
  if (!existsSync(FILE)) {
    return [
      { figure: 'UI under load (extension host)', ours: 'run npm run test:extension first', reference: '—', ratio: '—', target: '≤ 10/s, ≤ 50 ms', pass: null },
    ];
  }
  const load = JSON.parse(readFileSync(FILE, 'utf8')) as UiLoad;
  const what = `${load.rate.toLocaleString('en')} notifications/s for ${Math.round(load.seconds)} s`;
  return [
    {
      figure: `UI under load: Servers-view refreshes/s (${what}; last extension test run)`,
      ours: `${load.refreshesPerSecond.toFixed(1)}/s`,
      reference: `${load.notificationsSeen.toLocaleString('en')} of ${load.notificationsSent.toLocaleString('en')} seen`,
      ratio: '—',
      target: '≤ 10/s',
      pass: load.refreshesPerSecond <= 10,
    },
    {
      figure: `UI under load: command round-trip p99 in the extension host (${load.commandRoundTrips} round-trips)`,
      ours: ms(load.commandP99Ms, 1),
      reference: `p50 ${ms(load.commandP50Ms, 1)}${load.hostLoopDelayP99Ms !== undefined ? `; host loop delay p99 ${ms(load.hostLoopDelayP99Ms, 0)}` : ''}`,
      ratio: '—',
      target: '≤ 50 ms',
      pass: load.commandP99Ms <= 50,
    },
    ...(load.problemsRepublished === undefined
      ? []
      : [
          {
            figure: 'UI under load: publications of mcp.json Problems during the flood (they do not change)',
            ours: String(load.problemsRepublished),
            reference: '—',
            ratio: '—',
            target: 'report',
            pass: null,
          },
        ]),
  ];
}
