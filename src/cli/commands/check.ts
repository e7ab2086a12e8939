// `mcp-session-inspector check <url> [--json|--sarif] [--junit FILE]`: the session check. Probes the server with
// its own sessions and prints one row per check; exit 1 when any check fails.

import { resolve } from 'node:path';
import { StoredOAuthProvider } from '../../core/auth/provider';
import { FileAuthStorage } from '../../core/auth/storage';
import { KnownSecrets } from '../../core/trace/knownSecrets';
import { runSessionCheck, type CheckResult } from '../../core/check';
import { sessionCheckFindings } from '../../core/check/findings';
import { findingToJson } from '../../core/model';
import { checksToJunit } from '../../core/report/junit';
import { toSarif } from '../../core/report/sarif';
import { VERSION } from '../version';
import { durationFlag, flag, hasFlag, headerFlags, parseArgs, UsageError, writeReportFile } from '../args';
import { colorWanted, createStyle, type Style } from '../output';
import { EXIT_FAILURE, EXIT_FINDINGS, EXIT_OK, type CliCommand } from './context';

function statusLabel(result: CheckResult, style: Style): string {
  const label = result.status.toUpperCase().padEnd(4);
  switch (result.status) {
    case 'pass':
      return style.green(label);
    case 'fail':
      return style.red(label);
    case 'warn':
      return style.yellow(label);
    default:
      return style.dim(label);
  }
}

/** A check as table rows: status, id, message, and with --verbose what was sent and received. */
function formatCheck(result: CheckResult, style: Style, verbose: boolean): string {
  const lines = [`${statusLabel(result, style)} ${style.bold(result.id.padEnd(26))} ${result.message}`];
  if (verbose || result.status === 'fail') {
    result.sent.forEach((sent, index) => {
      lines.push(style.dim(`       → ${sent}`));
      if (result.received[index]) lines.push(style.dim(`       ← ${result.received[index]}`));
    });
  }
  return lines.join('\n');
}

/** With `--token-cache FILE` (written by `status --sign-in --token-cache FILE`), the stored access token is sent. */
async function withCachedToken(
  headers: Record<string, string> | undefined,
  target: string,
  cacheFile: string | undefined,
): Promise<Record<string, string> | undefined> {
  if (!cacheFile || Object.keys(headers ?? {}).some((name) => name.toLowerCase() === 'authorization')) return headers;
  const stored = await new StoredOAuthProvider(new URL(target).href, new FileAuthStorage(resolve(cacheFile)), new KnownSecrets()).load();
  if (!stored.tokens?.access_token) {
    const shown = KnownSecrets.of({ url: target }).url(target);
    throw new UsageError(`${cacheFile} holds no token for ${shown}: sign in first with status ${shown} --sign-in --token-cache ${cacheFile}`);
  }
  return { ...headers, Authorization: `Bearer ${stored.tokens.access_token}` };
}

export const checkCommand: CliCommand = async (argv, io) => {
  const args = parseArgs(argv);
  const target = args.positionals[0];
  if (!target || !/^https?:\/\//.test(target)) throw new UsageError('check needs the server URL, e.g. check http://127.0.0.1:3001/mcp');
  const json = hasFlag(args, 'json');
  const sarif = hasFlag(args, 'sarif');
  const style = createStyle(!json && !sarif && colorWanted(io.stdout, hasFlag(args, 'no-color')));
  const verbose = hasFlag(args, 'verbose');
  const only = flag(args, 'only')
    ?.split(',')
    .map((id) => id.trim());
  const report = await runSessionCheck(target, {
    headers: await withCachedToken(headerFlags(args), target, flag(args, 'token-cache')),
    timeoutMs: durationFlag(args, 'timeout', 10_000),
    allowMutating: hasFlag(args, 'allow-mutating'),
    ...(only ? { only } : {}),
    onResult: json || sarif ? undefined : (result) => io.stdout.write(`${formatCheck(result, style, verbose)}\n`),
  });
  const server = flag(args, 'name') ?? new URL(target).host;
  const findings = sessionCheckFindings(report, server);
  const junit = flag(args, 'junit');
  if (junit) await writeReportFile(junit, checksToJunit(report.target, report.checks, report.durationMs));
  if (json) {
    io.stdout.write(
      `${JSON.stringify({ target: report.target, facts: report.facts, checks: report.checks, findings: findings.map(findingToJson) }, null, 2)}\n`,
    );
  } else if (sarif) {
    io.stdout.write(`${JSON.stringify(toSarif(findings, { toolVersion: VERSION, artifact: report.target }), null, 2)}\n`);
  } else {
    const counts = { pass: 0, fail: 0, warn: 0, skip: 0 };
    for (const result of report.checks) counts[result.status]++;
    io.stdout.write(
      `\n${counts.pass} passed, ${counts.fail} failed, ${counts.warn} warnings, ${counts.skip} skipped ${style.dim(`(${(report.durationMs / 1000).toFixed(1)} s)`)}\n`,
    );
  }
  if (report.facts.transport === 'none' && report.facts.requiresAuth) {
    io.stderr.write(
      `mcp-session-inspector: ${report.target} requires authorization; the session checks need a token (--header "Authorization: Bearer …" or --token-cache FILE)\n`,
    );
    return EXIT_FINDINGS;
  }
  if (report.facts.transport === 'none') {
    io.stderr.write(`mcp-session-inspector: no MCP server answered at ${report.target}\n`);
    return EXIT_FAILURE;
  }
  return report.checks.some((result) => result.status === 'fail') ? EXIT_FINDINGS : EXIT_OK;
};
