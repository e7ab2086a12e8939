// stream-buffered: something between server and client holds SSE events back — the response
// headers themselves arrive late and every event lands at once right behind them, or the
// stream is compressed (Content-Encoding on text/event-stream buffers in the compressor).

import type { Evidence } from '../model';
import { BoundedMap, type RequestInfo } from '../protocol/exchanges';
import type { RuleDefinition } from './types';

/** Headers this late on a streaming response mean the first bytes were held back. */
const LATE_HEADERS_MS = 500;
/** Events arriving within this window of each other count as one burst. */
const BURST_WINDOW_MS = 50;
/** How many events must arrive in the burst. */
const BURST_EVENTS = 3;

interface WatchedStream {
  request?: RequestInfo;
  headersAt: number;
  durationMs: number;
  accelBufferingOff: boolean;
  burst: number;
  evidence: Evidence;
}

export const streamBuffered: RuleDefinition = {
  id: 'stream-buffered',
  severity: 'warning',
  title: 'SSE events are buffered on the way to the client',
  kinds: ['http-response', 'sse-event'],
  create(context) {
    const exchanges = context.exchanges;
    const watched = new BoundedMap<number, WatchedStream>(200);
    return {
      onEvent(event, reporter) {
        const request = exchanges.observe(event);
        if (event.kind === 'http-response' && event.streaming) {
          const encoding = event.headers['content-encoding'];
          const what = request ? `${request.method} ${request.path}${request.rpcMethod ? ` (${request.rpcMethod})` : ''}` : `exchange ${event.exchange}`;
          const evidence: Evidence = {
            summary: `${what} → ${event.status} text/event-stream after ${Math.round(event.durationMs)} ms${encoding ? `, Content-Encoding: ${encoding}` : ''}`,
            seq: event.seq,
            t: event.t,
          };
          if (encoding && encoding !== 'identity') {
            reporter.report({
              key: `encoding ${event.client ?? ''}`,
              sessionId: request?.sessionId,
              client: event.client,
              message: `An SSE response is compressed (Content-Encoding: ${encoding}): ${what}. A compressor holds events back until its buffer fills or the stream ends, so notifications arrive late and in bursts.`,
              fix: 'Do not compress text/event-stream (remove it from gzip_types / the compression middleware), and turn proxy buffering off for the MCP endpoint (nginx: proxy_buffering off; or the X-Accel-Buffering: no response header).',
              evidence: [evidence],
            });
          }
          if (event.durationMs >= LATE_HEADERS_MS) {
            watched.set(event.exchange, {
              request,
              headersAt: Date.parse(event.t),
              durationMs: event.durationMs,
              accelBufferingOff: event.headers['x-accel-buffering'] === 'no',
              burst: 0,
              evidence,
            });
          }
          return;
        }
        if (event.kind !== 'sse-event' || event.comment !== undefined || event.data === undefined) return;
        const stream = watched.get(event.exchange);
        if (!stream) return;
        if (Date.parse(event.t) - stream.headersAt > BURST_WINDOW_MS) {
          watched.delete(event.exchange);
          return;
        }
        if (++stream.burst < BURST_EVENTS) return;
        watched.delete(event.exchange);
        reporter.report({
          key: `burst ${event.client ?? ''}`,
          sessionId: stream.request?.sessionId ?? event.session,
          client: event.client,
          message: `Events on ${event.stream} arrived in one burst ${Math.round(stream.durationMs)} ms after the request, response headers included: something between server and client buffered the stream and released it all at once${stream.accelBufferingOff ? '' : ' (the response carries no X-Accel-Buffering: no)'}. Progress and notifications reach the client late.`,
          fix: 'Turn response buffering off for the MCP endpoint (nginx: proxy_buffering off, or send X-Accel-Buffering: no and do not hide it), and do not compress text/event-stream.',
          evidence: [
            stream.evidence,
            { summary: `${stream.burst} events within ${BURST_WINDOW_MS} ms of the headers on ${event.stream}`, seq: event.seq, t: event.t },
          ],
        });
      },
    };
  },
};
