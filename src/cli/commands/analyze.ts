// `mcp-session-inspector analyze <file> [--json|--sarif] [--junit FILE]`: every rule over a JSONL trace, a HAR
// or a server log, offline. Each finding names where in the file its evidence is.

import { analyzeFile, type AnalyzeResult, type TraceFormat } from '../../core/analyze/analyzeFile';
import type { Evidence, Finding } from '../../core/model';
import { findingToJson } from '../../core/model';
import { findingsToJunit } from '../../core/report/junit';
import { toSarif } from '../../core/report/sarif';
import { allRules } from '../../core/rules/registry';
import { durationFlag, flag, hasFlag, parseArgs, UsageError, writeReportFile } from '../args';
import { colorWanted, createStyle, formatFinding, type Style } from '../output';
import { VERSION } from '../version';
import { EXIT_FINDINGS, EXIT_OK, type CliCommand } from './context';

const FORMATS: readonly TraceFormat[] = ['jsonl', 'har', 'otlp', 'log', 'vscode-log', 'mcp-remote-log', 'claude-desktop-log'];

function place(evidence: Evidence): string {
  const parts = [
    evidence.instance !== undefined ? evidence.instance : undefined,
    evidence.spanId !== undefined ? `span ${evidence.spanId}${evidence.traceId ? ` trace ${evidence.traceId}` : ''}` : undefined,
    evidence.entryIndex !== undefined ? `entry ${evidence.entryIndex}` : undefined,
    evidence.line !== undefined ? `line ${evidence.line}${evidence.column && evidence.column > 1 ? `:${evidence.column}` : ''}` : undefined,
  ].filter(Boolean);
  return parts.length ? `${parts.join(', ')}: ` : '';
}

function summary(result: AnalyzeResult, style: Style): string {
  const what =
    result.format === 'har'
      ? `${result.mcpEntries} MCP entries of ${result.entries} in a HAR`
      : result.format === 'otlp'
        ? `${result.spans} MCP spans from ${result.instances?.length ?? 0} instance(s)${result.instances?.length ? ` (${result.instances.slice(0, 10).join(', ')}${result.instances.length > 10 ? ', …' : ''})` : ''}`
        : `${result.events} ${result.format === 'log' ? 'log lines' : result.format === 'jsonl' ? 'trace events' : `events rebuilt from a client's log (${result.format})`}`;
  const counts = { error: 0, warning: 0, info: 0 };
  for (const finding of result.findings) counts[finding.severity]++;
  const problems = result.problemCount ? style.yellow(`, ${result.problemCount} unreadable line${result.problemCount === 1 ? '' : 's'} skipped`) : '';
  return `${result.file}: ${what}${problems} — ${counts.error} errors, ${counts.warning} warnings, ${counts.info} info`;
}

function formatAnalyzed(finding: Finding, style: Style): string[] {
  const cleared = finding.clearedAt
    ? [style.green(`          cleared at ${finding.clearedAt}: it stopped holding later in the file (e.g. the client recovered on a new session)`)]
    : [];
  return [...formatFinding(finding, style), ...cleared, ...finding.evidence.map((evidence) => style.dim(`          ${place(evidence)}${evidence.summary}`))];
}

export const analyzeCommand: CliCommand = async (argv, io) => {
  const args = parseArgs(argv);
  const file = args.positionals[0];
  if (!file) throw new UsageError('analyze needs a file: a JSONL trace, a HAR, an OTLP JSON trace export, or a server log');
  const format = flag(args, 'format') as TraceFormat | undefined;
  if (format && !FORMATS.includes(format)) throw new UsageError(`--format takes ${FORMATS.join(', ')}, not '${format}'`);
  const json = hasFlag(args, 'json');
  const sarif = hasFlag(args, 'sarif');
  const response = durationFlag(args, 'timeout', 30_000);
  const result = await analyzeFile(file, { ...(format ? { format } : {}), timeouts: { response } });
  const order = { error: 0, warning: 1, info: 2 };
  const findings = [...result.findings].sort((a, b) => order[a.severity] - order[b.severity]);
  const junit = flag(args, 'junit');
  if (junit) await writeReportFile(junit, findingsToJunit(file, allRules, findings));
  if (json) {
    const { findings: _findings, ...rest } = result;
    io.stdout.write(`${JSON.stringify({ ...rest, findings: findings.map(findingToJson) }, null, 2)}\n`);
  } else if (sarif) {
    io.stdout.write(`${JSON.stringify(toSarif(findings, { toolVersion: VERSION, artifact: file }), null, 2)}\n`);
  } else {
    const style = createStyle(colorWanted(io.stdout, hasFlag(args, 'no-color')));
    io.stdout.write(`${summary(result, style)}\n`);
    for (const problem of result.problems.slice(0, 5)) io.stdout.write(style.dim(`  line ${problem.line}: ${problem.message}\n`));
    for (const finding of findings) io.stdout.write(`${formatAnalyzed(finding, style).join('\n')}\n`);
  }
  return result.findings.some((finding) => finding.severity === 'error') ? EXIT_FINDINGS : EXIT_OK;
};
