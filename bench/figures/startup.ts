// Start-up costs: CLI cold start vs the official inspector CLI on the same server (whole-process
// wall time), the extension bundle, and activation time as measured in the extension host by
// the last `npm test` (the in-host suite writes test-output/activation.json).

import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { transformSync } from 'esbuild';
import { startEverything } from '../../test/fixtures/support/servers';
import { median, ms, type BenchOptions, type Row } from '../util';

const INSPECTOR_VERSION = '2.12.0';
const INSPECTOR_DIR = join(homedir(), '.cache', 'mcp-session-inspector', `inspector-${INSPECTOR_VERSION}`);

/** The bundle's size once minified: the bench runs on the unminified build the tests use, the package ships it minified. */
function shippedBundleBytes(bundle: string): number {
  const code = readFileSync(bundle, 'utf8').replace(/^\/\/# sourceMappingURL=.*$/m, '');
  return Buffer.byteLength(transformSync(code, { minify: true, format: 'cjs', platform: 'node', legalComments: 'none' }).code);
}

/** The official inspector's CLI entry, installed once into a cache folder (outside the repo). */
function officialInspector(): string | undefined {
  const bin = join(INSPECTOR_DIR, 'node_modules', '@modelcontextprotocol', 'inspector', 'cli', 'build', 'cli.js');
  const entry = join(INSPECTOR_DIR, 'node_modules', '.bin', 'mcp-inspector');
  if (!existsSync(entry)) {
    mkdirSync(INSPECTOR_DIR, { recursive: true });
    spawnSync(
      'npm',
      ['install', '--prefix', INSPECTOR_DIR, '--no-audit', '--no-fund', '--loglevel=error', `@modelcontextprotocol/inspector@${INSPECTOR_VERSION}`],
      { stdio: 'ignore', timeout: 300_000 },
    );
  }
  return existsSync(entry) ? entry : existsSync(bin) ? bin : undefined;
}

function wallTime(command: string, args: string[]): number {
  const started = performance.now();
  const result = spawnSync(command, args, { encoding: 'utf8', timeout: 60_000 });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} exited ${result.status}: ${(result.stderr || result.stdout).slice(0, 300)}`);
  return performance.now() - started;
}

export async function startup(options: BenchOptions): Promise<Row[]> {
  const rows: Row[] = [];
  const server = await startEverything('streamableHttp');
  try {
    const runs = options.smoke ? 1 : 7;
    const official = options.smoke ? undefined : officialInspector();
    const ours: number[] = [];
    const theirs: number[] = [];
    for (let i = 0; i < runs; i++) {
      ours.push(wallTime(process.execPath, ['dist/cli.js', 'status', server.url, '--json']));
      if (official) theirs.push(wallTime(official, ['--cli', server.url, '--transport', 'http', '--method', 'tools/list']));
    }
    const ratio = theirs.length ? median(ours) / median(theirs) : undefined;
    rows.push({
      figure: 'CLI cold start: status <url> vs official inspector --cli tools/list',
      ours: ms(median(ours), 0),
      reference: theirs.length ? ms(median(theirs), 0) : options.smoke ? 'skipped (smoke)' : 'official inspector CLI unavailable',
      ratio: ratio === undefined ? '—' : ratio.toFixed(2),
      target: 'ours faster',
      pass: ratio === undefined ? null : ratio < 1,
    });
  } finally {
    await server.stop();
  }
  rows.push({
    figure: 'extension bundle, minified as the .vsix ships it (SDK loaded lazily, not at activation)',
    ours: `${(shippedBundleBytes('dist/extension.js') / 1024).toFixed(0)} KiB`,
    reference: '—',
    ratio: '—',
    target: 'report',
    pass: null,
  });
  const activation = 'test-output/activation.json';
  if (existsSync(activation)) {
    const measured = JSON.parse(readFileSync(activation, 'utf8')) as { activationMs: number; sdkLoadedAtActivation: boolean };
    rows.push({
      figure: `activation in the extension host (last npm test; SDK loaded at activation: ${measured.sdkLoadedAtActivation ? 'yes' : 'no'})`,
      ours: ms(measured.activationMs, 1),
      reference: '—',
      ratio: '—',
      target: '≤ 30 ms, no SDK',
      pass: measured.activationMs <= 30 && !measured.sdkLoadedAtActivation,
    });
  } else {
    rows.push({ figure: 'activation in the extension host', ours: 'run npm test first', reference: '—', ratio: '—', target: '≤ 30 ms', pass: null });
  }
  const runtime = 'test-output/runtime.json';
  if (existsSync(runtime)) {
    const measured = JSON.parse(readFileSync(runtime, 'utf8')) as { sseObservation: string; node: string };
    rows.push({
      figure: `SSE bodies observed in the extension host by (last npm test; Node ${measured.node})`,
      ours: measured.sseObservation,
      reference: '—',
      ratio: '—',
      target: 'report',
      pass: null,
    });
  }
  return rows;
}
