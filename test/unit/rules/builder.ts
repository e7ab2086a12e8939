// Builds realistic trace events (what the engine or a HAR import records) for rule tests.

import type { NewTraceEvent, TraceEvent } from '../../../src/core/trace/events';
import { RuleRunner } from '../../../src/core/rules/runner';
import type { Finding } from '../../../src/core/model';

export class TraceBuilder {
  readonly events: TraceEvent[] = [];
  private seq = 1;
  private exchange = 1;
  private clock = Date.parse('2026-01-01T00:00:00Z');

  constructor(private readonly client = 'inspector') {}

  /** Moves the clock forward. */
  wait(ms: number): this {
    this.clock += ms;
    return this;
  }

  add(event: Omit<NewTraceEvent, 't' | 'server'> & Record<string, unknown>): this {
    this.clock += 5;
    this.events.push({ seq: this.seq++, t: new Date(this.clock).toISOString(), server: 'srv', client: this.client, ...event } as TraceEvent);
    return this;
  }

  /** One HTTP exchange: request + response. */
  http(
    method: string,
    url: string,
    options: {
      session?: string;
      body?: unknown;
      status: number;
      responseBody?: string;
      responseHeaders?: Record<string, string>;
      requestHeaders?: Record<string, string>;
    },
  ): this {
    const exchange = this.exchange++;
    const headers: Record<string, string> = { ...(options.session ? { 'mcp-session-id': options.session } : {}), ...options.requestHeaders };
    this.add({ kind: 'http-request', exchange, method, url, headers, ...(options.body ? { body: JSON.stringify(options.body) } : {}) });
    this.add({
      kind: 'http-response',
      exchange,
      status: options.status,
      headers: options.responseHeaders ?? {},
      durationMs: 3,
      ...(options.responseBody ? { body: options.responseBody } : {}),
    });
    return this;
  }

  initialize(session: string | undefined, url = 'http://localhost/mcp'): this {
    return this.http('POST', url, {
      body: { jsonrpc: '2.0', id: 0, method: 'initialize', params: {} },
      status: 200,
      responseHeaders: session ? { 'mcp-session-id': session } : {},
    });
  }

  ping(session: string | undefined, status = 200, responseBody?: string, url = 'http://localhost/mcp'): this {
    return this.http('POST', url, { session, body: { jsonrpc: '2.0', id: this.seq, method: 'ping' }, status, ...(responseBody ? { responseBody } : {}) });
  }
}

export const TS_SESSION_NOT_FOUND = '{"jsonrpc":"2.0","error":{"code":-32001,"message":"Session not found"},"id":null}';
export const NO_VALID_SESSION = '{"jsonrpc":"2.0","error":{"code":-32000,"message":"Bad Request: No valid session ID provided"}}';

/** Runs every rule over the events, offline, and returns the findings. */
export function analyze(events: readonly TraceEvent[]): Finding[] {
  const runner = new RuleRunner({ mode: 'offline', server: 'srv', timeouts: { response: 30_000, endpoint: 10_000, handshake: 30_000 } });
  for (const event of events) runner.push(event);
  runner.finish();
  return runner.findings();
}

export function rulesOf(findings: readonly Finding[]): string[] {
  return findings.map((finding) => finding.rule).sort();
}
