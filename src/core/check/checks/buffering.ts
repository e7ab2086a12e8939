// Stream buffering: do streamed events reach the client when the server sends them, or does
// something in between (nginx proxy_buffering, gzip on text/event-stream, a CDN) hold them back
// and deliver a burst at the end? Measured by calling a tool that streams notifications at a
// known pace — only with --allow-mutating, since calling a tool may change server state — and
// otherwise, passively, by the gaps between keep-alives on the GET stream.

import { detail, rpc, rpcResultOf, type OpenProbe, type ProbeResponse, type SseEventSeen } from '../probe';
import { withSession, type CheckSession } from '../session';
import type { CheckContext, CheckLog, CheckOutcome, Check } from '../types';

/** A tool known to stream notifications at a pace set by its arguments. */
interface StreamingTool {
  name: string;
  /** Small, bounded arguments: a handful of notifications a fixed interval apart. */
  args: Record<string, number>;
  count: number;
  spacingMs: number;
  /** Where its notifications travel: the POST response stream, or the session's GET stream. */
  via: 'post' | 'get';
}

const COUNT = 5;
const SPACING_MS = 200;

/**
 * The tools this check knows how to drive. Only tools whose pace is known are called, and only
 * when their input schema takes the arguments listed: a same-named tool that takes something
 * else is left alone.
 */
export const STREAMING_TOOLS: readonly StreamingTool[] = [
  // server-everything: `steps` progress notifications over `duration` seconds (needs a progressToken).
  { name: 'trigger-long-running-operation', args: { duration: (COUNT * SPACING_MS) / 1000, steps: COUNT }, count: COUNT, spacingMs: SPACING_MS, via: 'post' },
  // The v1 SDK's stateful example: log notifications on the GET stream, each with its ISO send time. count 0 never stops.
  { name: 'start-notification-stream', args: { interval: SPACING_MS, count: COUNT }, count: COUNT, spacingMs: SPACING_MS, via: 'get' },
  // This project's fault fixtures: log notifications on the POST stream, each with its send time.
  { name: 'ticks', args: { count: COUNT, intervalMs: SPACING_MS }, count: COUNT, spacingMs: SPACING_MS, via: 'post' },
];

/** How long the passive fallback holds the GET stream open. */
const PASSIVE_LOOK_MS = 1500;
/** How long to wait for the GET stream's headers before calling a tool whose events travel on it. */
const GET_OPEN_WAIT_MS = 1500;
/** Events closer together than this count as one burst. */
const BURST_GAP_MS = 25;

/** Why the active part did not run, in the words every skip uses. */
export const NEEDS_ALLOW_MUTATING =
  'needs --allow-mutating (in VS Code the setting mcpSessions.sessionCheck.allowMutating): calling a tool may change server state';

/** A delay that never keeps the process alive on its own (it only bounds a race). */
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());

/** One streamed notification: when it arrived (ms after the call was sent) and, if it says, when it was sent (server clock). */
export interface Arrival {
  atMs: number;
  sentAt?: number;
}

/** The verdict on a set of arrivals. Exported for unit tests. */
export interface Timing {
  verdict: 'spread' | 'burst' | 'unclear';
  /** How far apart the server sent the first and last (its timestamps, or count × interval). */
  sentSpreadMs: number;
  /** How far apart they arrived. */
  arrivedSpreadMs: number;
  /** The largest group that arrived within BURST_GAP_MS of each other. */
  burst: number;
  firstAtMs: number;
  lastAtMs: number;
  fromServerClock: boolean;
}

/** Compares arrival spacing with send spacing: a burst is most events landing together while they were sent well apart. */
export function judgeTiming(arrivals: readonly Arrival[], spacingMs: number): Timing {
  const sorted = [...arrivals].sort((a, b) => a.atMs - b.atMs);
  const stamps = sorted.map((arrival) => arrival.sentAt);
  const fromServerClock = stamps.every((stamp): stamp is number => typeof stamp === 'number' && Number.isFinite(stamp));
  const sentSpreadMs = fromServerClock ? Math.max(...(stamps as number[])) - Math.min(...(stamps as number[])) : (sorted.length - 1) * spacingMs;
  const firstAtMs = sorted[0]?.atMs ?? 0;
  const lastAtMs = sorted.at(-1)?.atMs ?? 0;
  const arrivedSpreadMs = lastAtMs - firstAtMs;
  let burst = sorted.length ? 1 : 0;
  let run = 1;
  for (let index = 1; index < sorted.length; index++) {
    run = sorted[index].atMs - sorted[index - 1].atMs <= BURST_GAP_MS ? run + 1 : 1;
    burst = Math.max(burst, run);
  }
  // Timers and a busy machine jitter by tens of ms, so only clear cases get a verdict.
  const verdict =
    sorted.length < 3 || sentSpreadMs < 4 * BURST_GAP_MS
      ? 'unclear'
      : arrivedSpreadMs >= sentSpreadMs / 2
        ? 'spread'
        : arrivedSpreadMs <= sentSpreadMs / 4 || burst >= Math.ceil(sorted.length * 0.8)
          ? 'burst'
          : 'unclear';
  return { verdict, sentSpreadMs, arrivedSpreadMs, burst, firstAtMs, lastAtMs, fromServerClock };
}

/** When the server says it sent a notification: the fixtures' `sentAt`, or the ISO time in the SDK example's text. */
function serverTimeOf(message: Record<string, unknown>): number | undefined {
  const data = (message.params as { data?: unknown } | undefined)?.data;
  if (data && typeof data === 'object' && typeof (data as { sentAt?: unknown }).sentAt === 'number') return (data as { sentAt: number }).sentAt;
  if (typeof data === 'string') {
    const iso = / at (\d{4}-\d\d-\d\dT[\d:.]+Z)/.exec(data)?.[1];
    const parsed = iso ? Date.parse(iso) : Number.NaN;
    if (Number.isFinite(parsed)) return parsed;
  }
  return undefined;
}

/** The call's notifications on one stream, timed from when the call was sent. */
function arrivalsOn(response: ProbeResponse, callSentAt: number, progressToken: string): Arrival[] {
  const headersAt = response.headersAt ?? callSentAt;
  const arrivals: Arrival[] = [];
  for (const event of response.events as SseEventSeen[]) {
    let message: Record<string, unknown>;
    try {
      message = JSON.parse(event.data) as Record<string, unknown>;
    } catch {
      continue;
    }
    const params = message.params as { progressToken?: unknown } | undefined;
    const ours = (message.method === 'notifications/progress' && params?.progressToken === progressToken) || message.method === 'notifications/message';
    if (!ours) continue;
    const atMs = headersAt + event.atMs - callSentAt;
    // GET-stream events from before the call are not the call's.
    if (atMs < 0) continue;
    arrivals.push({ atMs, sentAt: serverTimeOf(message) });
  }
  return arrivals;
}

/** What the stream's headers say about buffering: context for the verdict. */
function headerNotes(response: ProbeResponse): string[] {
  const notes: string[] = [];
  const type = response.headers.get('content-type') ?? '';
  const encoding = response.headers.get('content-encoding');
  if (type.includes('text/event-stream') && encoding)
    notes.push(`Content-Encoding: ${encoding} on text/event-stream (compression holds events until its buffer fills)`);
  // nginx never passes this header on, so behind nginx its absence is normal; it matters when nginx is next.
  if (type.includes('text/event-stream') && (response.headers.get('x-accel-buffering') ?? '').toLowerCase() !== 'no')
    notes.push('no `X-Accel-Buffering: no` (an nginx placed in front of this would buffer the stream)');
  return notes;
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;

function findTool(listed: Record<string, unknown> | undefined): StreamingTool | undefined {
  const tools = Array.isArray(listed?.tools) ? (listed.tools as Array<{ name?: unknown; inputSchema?: { properties?: Record<string, unknown> } }>) : [];
  for (const known of STREAMING_TOOLS) {
    const tool = tools.find((candidate) => candidate.name === known.name);
    const properties = Object.keys(tool?.inputSchema?.properties ?? {});
    if (tool && Object.keys(known.args).every((arg) => properties.includes(arg))) return known;
  }
  return undefined;
}

/** Without a tool to call: the gaps between keep-alives (and any events) on a GET stream held open for a moment. */
async function passiveCheck(context: CheckContext, log: CheckLog, why: string): Promise<CheckOutcome> {
  if (!context.facts.stateful) return { status: 'skip', message: `${why}; a stateless server has no GET stream whose keep-alives could be timed instead.` };
  const stream = await withSession(context, log, (session) =>
    context.probe.send(
      { method: 'GET', sessionId: session?.id, protocolVersion: session?.protocolVersion, readMs: PASSIVE_LOOK_MS, label: '(keep-alive timing)' },
      log,
    ),
  );
  if (stream.status === 405) return { status: 'skip', message: `${why}; the server has no GET stream (405) whose keep-alives could be timed instead.` };
  if (stream.status !== 200) {
    const answer = stream.status ? `answered ${stream.status}` : `gave no answer (${stream.error ?? 'nothing'})`;
    return { status: 'skip', message: `${why}; the GET stream ${answer}, so there are no keep-alives to time instead (the get-stream check reports it).` };
  }
  const arrivals = [...stream.comments, ...stream.events.map((event) => event.atMs)].sort((a, b) => a - b);
  const notes = headerNotes(stream);
  const context_ = notes.length ? ` Headers: ${notes.join('; ')}.` : '';
  if (arrivals.length < 3) {
    const seen = arrivals.length
      ? `only ${arrivals.length} keep-alive${arrivals.length === 1 ? '' : 's'} or event${arrivals.length === 1 ? '' : 's'}`
      : 'nothing';
    return {
      status: 'skip',
      message: `${why}; ${seen} arrived on the GET stream in ${seconds(PASSIVE_LOOK_MS)} to time instead (SDK servers send keep-alives about every 15 s).${context_}`,
    };
  }
  const gaps = arrivals.slice(1).map((at, index) => at - arrivals[index]);
  const together = gaps.filter((gap) => gap <= BURST_GAP_MS).length + 1;
  if (together === arrivals.length && arrivals[0] > PASSIVE_LOOK_MS / 2) {
    return {
      status: 'warn',
      message: `Passively: ${arrivals.length} keep-alives/events arrived on the GET stream within ${arrivals[arrivals.length - 1] - arrivals[0]} ms after ${arrivals[0]} ms of silence, a burst that suggests buffering. Run with --allow-mutating to time a streaming tool.${context_}`,
    };
  }
  const mean = Math.round(gaps.reduce((sum, gap) => sum + gap, 0) / gaps.length);
  return {
    status: 'pass',
    message: `Passively: ${arrivals.length} keep-alives/events on the GET stream arrived ~${mean} ms apart, not held back. ${why}.${context_}`,
  };
}

/** Calls the streaming tool with a progress token and times what arrives on the POST stream (and the GET stream when its events go there). */
async function activeCheck(context: CheckContext, log: CheckLog, session: CheckSession | undefined, tool: StreamingTool): Promise<CheckOutcome> {
  const budgetMs = tool.count * tool.spacingMs + context.timeoutMs;
  const headers = { sessionId: session?.id, protocolVersion: session?.protocolVersion };
  let get: OpenProbe | undefined;
  if (tool.via === 'get') {
    if (!session?.id)
      return { status: 'skip', message: `${tool.name} sends its notifications on the session's GET stream, and this server issues no session.` };
    const getPending = context.probe.open({ method: 'GET', ...headers, label: '(for the tool’s notifications)' }, log, budgetMs + GET_OPEN_WAIT_MS);
    get = await Promise.race([getPending, sleep(GET_OPEN_WAIT_MS).then(() => undefined)]);
    if (!get) {
      // Bounded by its own deadline; wait for it so nothing is left running.
      const late = await getPending;
      late.close();
      if (!late.response.error) log.received.push(`no response headers within ${GET_OPEN_WAIT_MS} ms`);
      return {
        status: 'fail',
        message: `The GET stream's response headers did not arrive within ${seconds(GET_OPEN_WAIT_MS)}, so ${tool.name}'s notifications cannot arrive in time either: something between server and client holds the stream back (nginx proxy_buffering, gzip on text/event-stream).`,
      };
    }
    if (!get.response.error) log.received.push(`${get.response.status} ${get.response.headers.get('content-type') ?? ''} · held open while the tool runs`);
    if (get.response.status !== 200) {
      get.close();
      return {
        status: 'skip',
        message: `${tool.name} sends its notifications on the GET stream, which answered ${get.response.status || get.response.error}.`,
      };
    }
  }
  const progressToken = `doctor-buffering-${Date.now().toString(36)}`;
  const call = rpc('tools/call', { name: tool.name, arguments: tool.args, _meta: { progressToken } });
  const answer = await context.probe.send(
    { method: 'POST', body: call, ...headers, untilResponseId: call.id, readMs: budgetMs, label: `tools/call ${tool.name}` },
    log,
  );
  const callSentAt = answer.sentAt ?? Date.now();
  if (get) {
    // Notifications sent just before the result may still be on their way on the other stream.
    await get.waitFor(() => false, tool.spacingMs);
    get.close();
    await get.ended;
  }
  if (answer.error) return { status: 'fail', message: `tools/call ${tool.name} got no answer: ${answer.error}.` };
  if (answer.status !== 200) return { status: 'skip', message: `tools/call ${tool.name} answered ${answer.status} (${detail(answer)}); nothing to time.` };
  const result = rpcResultOf(answer, call.id);
  const type = answer.headers.get('content-type') ?? '';
  if (tool.via === 'post' && !type.includes('text/event-stream')) {
    return {
      status: 'skip',
      message: `The server answers tools/call with one ${type || 'untyped'} body rather than an event stream, so its ${tool.count} notifications are not streamed; nothing to time.`,
    };
  }
  if (!result) {
    const answered = answer.endedByServer ? 'the stream ended without it' : `not within ${seconds(budgetMs)}`;
    return {
      status: 'fail',
      message:
        `tools/call ${tool.name} was accepted but its result never arrived (${answered}); a proxy may be holding the stream back. ${detail(answer)}`.trim(),
    };
  }
  const arrivals = [...arrivalsOn(answer, callSentAt, progressToken), ...(get ? arrivalsOn(get.response, callSentAt, progressToken) : [])];
  const notes = [...headerNotes(answer), ...(get ? headerNotes(get.response) : [])];
  const headersLate = answer.headersAt !== undefined ? answer.headersAt - callSentAt : 0;
  const context_ = `${notes.length ? ` Headers: ${[...new Set(notes)].join('; ')}.` : ''}`;
  if (!arrivals.length) {
    return {
      status: 'skip',
      message: `${tool.name} answered but none of its notifications reached this client (${tool.via === 'get' ? 'they travel on the GET stream' : 'the server may not send progress for this call'}); nothing to time.${context_}`,
    };
  }
  const timing = judgeTiming(arrivals, tool.spacingMs);
  const sent = `${arrivals.length} notification${arrivals.length === 1 ? '' : 's'} the server sent over ${seconds(timing.sentSpreadMs)} (${tool.spacingMs} ms apart${timing.fromServerClock ? ', by their own timestamps' : ''})`;
  const tool_ = `tools/call ${tool.name}`;
  if (timing.verdict === 'spread') {
    return {
      status: 'pass',
      message: `${tool_}: ${sent} arrived over ${seconds(timing.arrivedSpreadMs)}, as sent (first after ${seconds(timing.firstAtMs)}).${context_}`,
    };
  }
  if (timing.verdict === 'burst') {
    return {
      status: 'fail',
      message: `${tool_}: ${sent} arrived within ${timing.arrivedSpreadMs} ms of each other (a burst of ${timing.burst}) ${seconds(timing.lastAtMs)} after the call${headersLate > tool.spacingMs ? `; even the response headers took ${seconds(headersLate)}` : ''}. Something between server and client buffers the stream: turn off proxy buffering for it (nginx \`proxy_buffering off\`, or let the server's \`X-Accel-Buffering: no\` through) and do not compress text/event-stream.${context_}`,
    };
  }
  return {
    status: 'warn',
    message: `${tool_}: ${sent} arrived over ${seconds(timing.arrivedSpreadMs)} (largest burst ${timing.burst}); neither clearly as sent nor clearly buffered. Run the check again; if it persists, look for a buffering proxy.${context_}`,
  };
}

export const bufferingCheck: Check = {
  id: 'buffering',
  title: 'Streamed events arrive when the server sends them (no buffering on the way)',
  rule: 'stream-buffered',
  applies: (context) =>
    context.facts.transport === 'streamable-http' && context.facts.initializeWorks
      ? undefined
      : 'the server does not speak the session era over Streamable HTTP',
  async run(context, log) {
    if (!context.allowMutating) return passiveCheck(context, log, `Timing a streaming tool ${NEEDS_ALLOW_MUTATING}`);
    const found = await withSession<{ outcome: CheckOutcome } | { listed: ProbeResponse }>(context, log, async (session) => {
      const list = rpc('tools/list');
      const listed = await context.probe.send(
        { method: 'POST', body: list, sessionId: session?.id, protocolVersion: session?.protocolVersion, untilResponseId: list.id },
        log,
      );
      const tool = findTool(rpcResultOf(listed, list.id));
      return tool ? { outcome: await activeCheck(context, log, session, tool) } : { listed };
    });
    if ('outcome' in found) return found.outcome;
    const why =
      found.listed.status === 200
        ? `No tool this check knows to stream at a known pace (${STREAMING_TOOLS.map((tool) => tool.name).join(', ')})`
        : `tools/list answered ${found.listed.status || found.listed.error} (${detail(found.listed)})`;
    return passiveCheck(context, log, why);
  },
};
