// The rule engine alone: every rule over realistic HTTP exchanges, events per second.

import { DEFAULT_RULE_TIMEOUTS, RuleRunner } from '../../src/core/rules/runner';
import type { TraceEvent } from '../../src/core/trace/events';
import type { BenchOptions, Row } from '../util';

export async function ruleThroughput(options: BenchOptions): Promise<Row[]> {
  const count = options.smoke ? 20_000 : 400_000;
  const t = new Date(0).toISOString();
  const runner = new RuleRunner({ mode: 'offline', server: 's', timeouts: DEFAULT_RULE_TIMEOUTS });
  const started = performance.now();
  for (let i = 0; i < count / 2; i++) {
    // Fresh event objects, as a live trace has them (rules cache per event).
    runner.push({
      seq: i * 2,
      t,
      server: 's',
      kind: 'http-request',
      exchange: i,
      method: 'POST',
      url: 'http://h/mcp',
      headers: { 'mcp-session-id': 'abc' },
      body: `{"jsonrpc":"2.0","id":${i},"method":"ping"}`,
    } as TraceEvent);
    runner.push({
      seq: i * 2 + 1,
      t,
      server: 's',
      kind: 'http-response',
      exchange: i,
      status: 200,
      headers: {},
      durationMs: 1,
      body: `{"jsonrpc":"2.0","id":${i},"result":{}}`,
    } as TraceEvent);
  }
  const perSecond = count / ((performance.now() - started) / 1000);
  runner.dispose();
  return [
    {
      figure: 'rule engine throughput (all rules, HTTP exchanges)',
      ours: `${Math.round(perSecond).toLocaleString('en')} events/s`,
      reference: '—',
      ratio: '—',
      target: 'report',
      pass: null,
    },
  ];
}
