// What OpenTelemetry export costs the traffic a tap carries when the collector is down: two taps
// of the same server-everything, one plain and one with `--otlp` pointing at a port nobody
// listens on, measured interleaved — ping latency (p50, p99) and throughput with 32 in flight.

import type { Client } from '@modelcontextprotocol/client';
import { freePort, startEverything } from '../../test/fixtures/support/servers';
import { interleaved, interleavedLatencies, median, ms, percentile, throughput, type BenchOptions, type Row } from '../util';
import { connect, startTap } from './tap';

export async function otelExportOverhead(options: BenchOptions): Promise<Row[]> {
  const rows: Row[] = [];
  const server = await startEverything('streamableHttp');
  const down = await freePort();
  const plainTap = await startTap(server.url);
  const exportingTap = await startTap(server.url, ['--otlp', `http://127.0.0.1:${down}`]);
  let plain: Client | undefined;
  let exporting: Client | undefined;
  try {
    plain = await connect(plainTap.url);
    exporting = await connect(exportingTap.url);
    const [off, on] = [plain, exporting];
    const latency = await interleavedLatencies(
      () => off.ping(),
      () => on.ping(),
      options,
      1000,
    );
    const offTimes = latency.a;
    const onTimes = latency.b;
    rows.push({
      figure: 'OpenTelemetry export, collector down: latency through the tap (ping, p99)',
      ours: `${ms(percentile(onTimes, 99))} (p50 ${ms(median(onTimes))})`,
      reference: `export off ${ms(percentile(offTimes, 99))} (p50 ${ms(median(offTimes))})`,
      ratio: (percentile(onTimes, 99) / percentile(offTimes, 99)).toFixed(2),
      target: 'reported',
      pass: null,
    });
    const seconds = options.smoke ? 0.5 : 10;
    const slices = options.smoke ? 1 : 4;
    const rates = await interleaved(
      slices,
      () => throughput(() => off.ping(), 32, (seconds * 1000) / slices),
      () => throughput(() => on.ping(), 32, (seconds * 1000) / slices),
    );
    const offRate = median(rates.a);
    const onRate = median(rates.b);
    rows.push({
      figure: 'OpenTelemetry export, collector down: throughput, 32 requests in flight',
      ours: `${Math.round(onRate)} req/s`,
      reference: `export off ${Math.round(offRate)} req/s`,
      ratio: (onRate / offRate).toFixed(2),
      target: '≥ 0.90',
      pass: onRate / offRate >= 0.9,
    });
  } finally {
    await plain?.close();
    await exporting?.close();
    plainTap.child.kill('SIGKILL');
    exportingTap.child.kill('SIGKILL');
    await server.stop();
  }
  return rows;
}
