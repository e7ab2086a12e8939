// Detection latency: from the 404 "Session not found" response (or the stream close) being
// observed to the finding (or the model change) being published, over repeated server restarts.

import { startSessionsLost } from '../../test/fixtures/faults/sessionsLost';
import { createConnection, defaultEngineOptions } from '../../src/core/connection';
import { ms, percentile, type BenchOptions, type Row } from '../util';

export async function detectionLatency(options: BenchOptions): Promise<Row[]> {
  const trials = options.smoke ? 3 : 30;
  const fixture = await startSessionsLost();
  const toFinding: number[] = [];
  const toStreamState: number[] = [];
  // The 404 is timed where fetch hands it over, before the engine's own (deferred) recording.
  const realFetch = globalThis.fetch;
  let notFoundAt = 0;
  globalThis.fetch = (async (input: Parameters<typeof fetch>[0], init?: RequestInit) => {
    const response = await realFetch(input, init);
    if (response.status === 404 && !notFoundAt) notFoundAt = performance.now();
    return response;
  }) as typeof fetch;
  try {
    for (let trial = 0; trial < trials; trial++) {
      const connection = createConnection(
        { name: 'bench', type: 'http', url: fixture.url, source: { kind: 'cli' } },
        { ...defaultEngineOptions, pingIntervalMs: 0 },
      );
      await connection.connect();
      // The GET stream opens just after the handshake; the restart must find it open.
      for (let wait = 0; wait < 100 && !connection.model.streams.some((stream) => stream.kind === 'get' && stream.state === 'open'); wait++)
        await new Promise((done) => setTimeout(done, 20));
      notFoundAt = 0;
      let closedAt = 0;
      const seen = connection.trace.onDidAppend((event) => {
        if (event.kind === 'lifecycle' && event.name === 'stream-close' && event.streamKind === 'get' && !closedAt) closedAt = performance.now();
      });
      // Both the stream drop and the 404 finding are awaited (they can arrive in either order).
      const published = new Promise<void>((done) => {
        let streamSeen = false;
        let findingSeen = false;
        const finish = setTimeout(() => {
          listener.dispose();
          done();
        }, 5000);
        const listener = connection.onDidChange((model) => {
          if (!streamSeen && closedAt && model.streams.some((stream) => stream.kind === 'get' && stream.state !== 'open')) {
            streamSeen = true;
            toStreamState.push(performance.now() - closedAt);
          }
          if (!findingSeen && notFoundAt && model.findings.some((finding) => finding.rule === 'unknown-session')) {
            findingSeen = true;
            toFinding.push(performance.now() - notFoundAt);
          }
          if (streamSeen && findingSeen) {
            clearTimeout(finish);
            listener.dispose();
            done();
          }
        });
      });
      await fixture.restart();
      await connection.checkHealth();
      await published;
      seen.dispose();
      await connection.dispose();
    }
  } finally {
    globalThis.fetch = realFetch;
    await fixture.stop();
  }
  return [
    {
      figure: 'detection latency p99: 404 → unknown-session finding published',
      ours: ms(percentile(toFinding, 99)),
      reference: `p50 ${ms(percentile(toFinding, 50))}`,
      ratio: '—',
      target: '≤ 50 ms',
      pass: percentile(toFinding, 99) <= 50,
    },
    {
      figure: 'detection latency p99: stream close → model change published',
      ours: ms(percentile(toStreamState, 99)),
      reference: `p50 ${ms(percentile(toStreamState, 50))}`,
      ratio: '—',
      target: '≤ 50 ms',
      pass: toStreamState.length > 0 && percentile(toStreamState, 99) <= 50,
    },
  ];
}
