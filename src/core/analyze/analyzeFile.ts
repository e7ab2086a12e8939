// `analyze`: runs every rule offline over a file — the inspector's JSONL trace, a HAR 1.2 from
// browser devtools or Playwright, an OTLP JSON trace export of a fleet, or a plain server log —
// streaming, never reading it whole.
// Findings point back into the file: the JSONL/log line, or the HAR entry (index and line).

import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { createInterface } from 'node:readline';
import type { Evidence, Finding } from '../model';
import { DEFAULT_RULE_TIMEOUTS, RuleRunner } from '../rules/runner';
import type { RuleContext } from '../rules/types';
import { FleetAnalysis } from '../otel/fleetRules';
import { looksLikeOtlpTraces, readOtlpTraceFile } from '../otel/otlpJson';
import type { NewTraceEvent, TraceEvent } from '../trace/events';
import { KnownSecrets } from '../trace/knownSecrets';
import { EventHeap } from './eventHeap';
import { harEntryEvents, type HarEntry } from './harEntry';
import { HarEntryScanner, type RawEntry } from './harScanner';
import { readJsonlTrace } from './jsonl';
import { leadingTime } from './logLines';
import { SeqIndex } from './seqIndex';
import { ClaudeDesktopLogReader, looksLikeClaudeDesktopLog } from './claudeDesktopLog';
import { looksLikeMcpRemoteLog, McpRemoteLogReader } from './mcpRemoteLog';
import { looksLikeVsCodeMcpLog, VsCodeMcpLogReader, type LoggedEvent } from './vscodeLog';
import { readTextChunks } from './textChunks';

export type TraceFormat = 'jsonl' | 'har' | 'otlp' | 'log' | 'vscode-log' | 'mcp-remote-log' | 'claude-desktop-log';

export interface AnalyzeOptions {
  /** Overrides format detection. */
  format?: TraceFormat;
  timeouts?: Partial<RuleContext['timeouts']>;
}

/** A line of the file that could not be read as what the format says. */
export interface InputProblem {
  line: number;
  message: string;
}

export interface AnalyzeResult {
  file: string;
  format: TraceFormat;
  /** Events the rules saw. */
  events: number;
  /** HAR: entries in the file, and how many were MCP traffic. */
  entries?: number;
  mcpEntries?: number;
  /** OTLP: MCP spans read, and the instances that reported them. */
  spans?: number;
  instances?: string[];
  /** Unreadable lines (the first 100), each skipped. */
  problems: InputProblem[];
  problemCount: number;
  findings: Finding[];
}

const MAX_PROBLEMS = 100;
const MAX_SERVERS = 100;

/** Tells the three formats apart from the first bytes. */
export async function detectFormat(path: string): Promise<TraceFormat> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(64 * 1024);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    const head = buffer
      .subarray(0, bytesRead)
      .toString('utf8')
      .replace(/^\uFEFF/, '');
    const firstLine = head.split('\n', 1)[0].trim();
    if (firstLine.startsWith('{') && firstLine.endsWith('}')) {
      try {
        const parsed = JSON.parse(firstLine) as { kind?: unknown; t?: unknown };
        if (typeof parsed.kind === 'string' && typeof parsed.t === 'string') return 'jsonl';
      } catch {
        // not one object a line
      }
    }
    if (looksLikeOtlpTraces(head)) return 'otlp';
    if (/^\s*\{/.test(head) && /"log"\s*:/.test(head)) return 'har';
    if (looksLikeVsCodeMcpLog(head)) return 'vscode-log';
    if (looksLikeMcpRemoteLog(head)) return 'mcp-remote-log';
    if (looksLikeClaudeDesktopLog(head)) return 'claude-desktop-log';
    return 'log';
  } finally {
    await handle.close();
  }
}

/** Runs rules per server and remembers where every event came from. */
class OfflineAnalysis {
  private readonly runners = new Map<string, RuleRunner>();
  readonly origin = new SeqIndex();
  readonly problems: InputProblem[] = [];
  problemCount = 0;

  constructor(private readonly timeouts: RuleContext['timeouts']) {}

  /**
   * Numbers the event (its seq becomes an index into `origin`) and feeds it to its server's rules
   * (with a request's body already parsed, when it was).
   */
  push(event: NewTraceEvent | TraceEvent, origin: number, parsedBody?: unknown): void {
    const seq = this.origin.push(origin);
    const server = typeof event.server === 'string' && event.server ? event.server : 'trace';
    let runner = this.runners.get(server);
    if (!runner) {
      if (this.runners.size >= MAX_SERVERS) return;
      runner = new RuleRunner({ mode: 'offline', server, timeouts: this.timeouts });
      this.runners.set(server, runner);
    }
    // The event is this analysis' own (freshly parsed or built): numbered in place, not copied.
    const numbered = event as TraceEvent;
    numbered.seq = seq;
    runner.push(numbered, parsedBody);
  }

  problem(line: number, message: string): void {
    this.problemCount++;
    if (this.problems.length < MAX_PROBLEMS) this.problems.push({ line, message });
  }

  finish(): Finding[] {
    const findings: Finding[] = [];
    for (const runner of this.runners.values()) {
      runner.finish();
      findings.push(...runner.findings());
      runner.dispose();
    }
    return findings;
  }
}

function locate(findings: Finding[], file: string, where: (seq: number) => Pick<Evidence, 'line' | 'column' | 'entryIndex'> | undefined): Finding[] {
  return findings.map((finding) => ({
    ...finding,
    evidence: finding.evidence.map((evidence) => {
      if (evidence.file || evidence.seq === undefined) return evidence;
      const place = where(evidence.seq);
      return place ? { ...evidence, file, ...place } : evidence;
    }),
  }));
}

/**
 * A JSONL file may come from elsewhere and hold secrets our own traces never do. Only findings
 * leave `analyze`, so their text is redacted on the way out (cheaper than every event on the way in).
 */
function redactedFinding(finding: Finding, known: KnownSecrets): Finding {
  const clean = (text: string) => known.message(text);
  return {
    ...finding,
    message: clean(finding.message),
    ...(finding.fix ? { fix: clean(finding.fix) } : {}),
    evidence: finding.evidence.map((evidence) => ({ ...evidence, summary: clean(evidence.summary) })),
  };
}

async function analyzeJsonl(path: string, analysis: OfflineAnalysis, known: KnownSecrets): Promise<Partial<AnalyzeResult>> {
  await readJsonlTrace(path, (item) => {
    if ('error' in item) analysis.problem(item.line, item.error);
    else {
      // A foreign trace may hold credentials in clear: learned, so findings quoting them are redacted.
      if (item.event.kind === 'http-request') {
        known.learnFromHeaders(item.event.headers);
        if (typeof item.event.url === 'string') known.learnFromUrl(item.event.url, true);
      }
      analysis.push(item.event, item.line);
    }
  });
  return {};
}

/** The host of an entry's URL, which names its server ('trace' when there is none). */
function hostOf(url: string): string {
  try {
    return new URL(url).host || 'trace';
  } catch {
    return 'trace';
  }
}

async function analyzeHar(
  path: string,
  analysis: OfflineAnalysis,
  entryLines: SeqIndex,
  entryColumns: SeqIndex,
  known: KnownSecrets,
): Promise<Partial<AnalyzeResult>> {
  const scanner = new HarEntryScanner();
  const heap = new EventHeap();
  const client = 'browser';
  let entries = 0;
  let mcpEntries = 0;
  // Entries mostly repeat the previous entry's URL: its host is parsed once.
  let lastUrl: unknown;
  let lastServer = 'trace';
  const serverOf = (url: string) => {
    if (url !== lastUrl) {
      lastUrl = url;
      lastServer = hostOf(url);
    }
    return lastServer;
  };
  const flush = (untilMs?: number) => {
    // Each event goes to the rules as built (numbered in place, not copied); its `atMs`, the
    // ordering key, and `parsedBody` ride along unread.
    for (let event = heap.popUntil(untilMs); event; event = heap.popUntil(untilMs)) {
      analysis.push(event as NewTraceEvent, (event as { exchange?: number }).exchange ?? -1, event.parsedBody);
    }
  };
  const onEntry = (raw: RawEntry) => {
    const index = entries++;
    entryLines.push(raw.line);
    entryColumns.push(raw.column);
    let entry: HarEntry;
    try {
      entry = (raw.parsed ?? JSON.parse(raw.text)) as HarEntry;
    } catch {
      analysis.problem(raw.line, `entry ${index} is not valid JSON`);
      return;
    }
    const events = harEntryEvents(entry, index, serverOf(entry.request?.url ?? ''), client, known);
    if (!events) return;
    mcpEntries++;
    flush(events[0].atMs);
    for (const event of events) heap.push(event);
  };
  await readTextChunks(path, (chunk) => scanner.feed(chunk, onEntry));
  flush();
  if (!scanner.sawLog) throw new Error(`${basename(path)} is not a HAR file (no "log" object)`);
  return { entries, mcpEntries };
}

async function analyzeLog(path: string, analysis: OfflineAnalysis): Promise<Partial<AnalyzeResult>> {
  let clock = (await stat(path)).mtimeMs;
  let number = 0;
  const lines = createInterface({ input: createReadStream(path, { encoding: 'utf8' }), crlfDelay: Infinity });
  for await (const line of lines) {
    number++;
    if (!line.trim()) continue;
    clock = leadingTime(line) ?? clock + 1;
    analysis.push(
      {
        kind: 'stderr',
        t: new Date(clock).toISOString(),
        server: basename(path),
        line: line.slice(0, 4096),
        source: 'log-file',
        file: path,
        lineNumber: number,
      },
      number,
    );
  }
  return {};
}

/** OTLP JSON: the fleet rules over every instance's MCP spans (their findings already name the file's lines). */
async function analyzeOtlp(path: string, format: TraceFormat): Promise<AnalyzeResult> {
  const fleet = new FleetAnalysis();
  const problems: InputProblem[] = [];
  let problemCount = 0;
  await readOtlpTraceFile(
    path,
    (fact) => fleet.add(fact),
    (problem) => {
      problemCount++;
      if (problems.length < MAX_PROBLEMS) problems.push(problem);
    },
  );
  const known = new KnownSecrets();
  const findings = fleet.findings(path).map((finding) => redactedFinding(finding, known));
  return { file: path, format, events: fleet.spans, spans: fleet.spans, instances: [...fleet.instances].sort(), problems, problemCount, findings };
}

/** What reads a client's log: each line in, the events it completes out. */
interface ClientLogReader {
  line(text: string, number: number): LoggedEvent[];
  end(): LoggedEvent[];
}

/** A client's own log (VS Code's MCP output, mcp-remote, Claude Desktop): its lines rebuilt into exchanges, each event pointing at its line. */
async function analyzeClientLog(path: string, analysis: OfflineAnalysis, format: TraceFormat): Promise<Partial<AnalyzeResult>> {
  const server = basename(path);
  // Lines without a time of their own are timed from the file's.
  const clock = (await stat(path)).mtimeMs;
  const reader: ClientLogReader =
    format === 'vscode-log'
      ? new VsCodeMcpLogReader(server)
      : format === 'mcp-remote-log'
        ? new McpRemoteLogReader(server, clock)
        : new ClaudeDesktopLogReader(server, clock);
  const push = (events: LoggedEvent[]) => {
    for (const { event, line } of events) analysis.push(event, line);
  };
  let number = 0;
  const lines = createInterface({ input: createReadStream(path, { encoding: 'utf8' }), crlfDelay: Infinity });
  for await (const line of lines) push(reader.line(line, ++number));
  push(reader.end());
  return {};
}

/** Analyses a trace or log file. Throws with a one-line reason when the file cannot be read. */
export async function analyzeFile(path: string, options: AnalyzeOptions = {}): Promise<AnalyzeResult> {
  const info = await stat(path).catch((error: NodeJS.ErrnoException) => {
    throw new Error(error.code === 'ENOENT' ? `${path}: no such file` : `${path}: ${error.message}`);
  });
  if (!info.isFile()) throw new Error(`${path} is not a file`);
  const format = options.format ?? (await detectFormat(path));
  if (format === 'otlp') return analyzeOtlp(path, format);
  const analysis = new OfflineAnalysis({ ...DEFAULT_RULE_TIMEOUTS, ...options.timeouts });
  const entryLines = new SeqIndex();
  const entryColumns = new SeqIndex();
  const known = new KnownSecrets();
  const extra =
    format === 'jsonl'
      ? await analyzeJsonl(path, analysis, known)
      : format === 'har'
        ? await analyzeHar(path, analysis, entryLines, entryColumns, known)
        : format === 'log'
          ? await analyzeLog(path, analysis)
          : await analyzeClientLog(path, analysis, format);
  const findings = locate(
    analysis.finish().map((finding) => redactedFinding(finding, known)),
    path,
    (seq) => {
      const origin = analysis.origin.get(seq);
      if (origin === undefined || origin < 0) return undefined;
      if (format !== 'har') return { line: origin };
      const line = entryLines.get(origin + 1);
      return line === undefined ? { entryIndex: origin } : { entryIndex: origin, line, column: entryColumns.get(origin + 1) };
    },
  );
  return { file: path, format, events: analysis.origin.count, problems: analysis.problems, problemCount: analysis.problemCount, findings, ...extra };
}
