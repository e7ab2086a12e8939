// `mcp-session-inspector tap`: sit between a real client and a real server and diagnose that
// conversation. `tap <server-url>` runs a loopback reverse proxy and prints each client it tells
// apart and every finding as it appears, until Ctrl-C. `tap -- CMD ARGS…` is a stdio
// pass-through: stdout belongs to the client, so findings go to stderr and the trace to --trace.

import type { Finding } from '../../core/model';
import { tapHubSource } from '../../core/otel/sources';
import type { TapHub, TappedClient } from '../../core/tap/tapHub';
import { redactUrl } from '../../core/trace/redact';
import { durationFlag, flag, hasFlag, parseArgs, UsageError, type ParsedArgs } from '../args';
import { describeOtelExport, startOtelExport } from '../otel';
import { colorWanted, createStyle, formatFinding, type Style } from '../output';
import { EXIT_FAILURE, EXIT_FINDINGS, EXIT_OK, untilInterrupted, type CliCommand, type CliIO } from './context';

function portFlag(args: ParsedArgs): number {
  const raw = flag(args, 'port');
  if (raw === undefined) return 0;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port takes a port number (0–65535), not '${raw}'`);
  return port;
}

/** Prints each new client, session and finding of a hub as it appears. */
function reportLive(hub: TapHub, write: (line: string) => void, json: boolean, style: Style): () => void {
  const seenClients = new Map<string, string | undefined>();
  const seenFindings = new Set<string>();
  const describe = (client: TappedClient) =>
    `${client.label}${client.clientInfo ? ` (${client.clientInfo.name}${client.clientInfo.version ? ` ${client.clientInfo.version}` : ''})` : ''}`;
  const update = () => {
    for (const client of hub.clients()) {
      const session = client.model.session.id;
      if (!seenClients.has(client.label)) {
        if (json) write(JSON.stringify({ type: 'client', label: client.label, description: client.description }));
        else write(`${style.cyan('+')} client ${style.bold(client.label)} ${style.dim(client.description)}`);
      }
      if (seenClients.get(client.label) !== session && session) {
        if (json) write(JSON.stringify({ type: 'session', client: client.label, sessionId: session }));
        else write(`${style.cyan('=')} ${describe(client)}: session ${session}`);
      }
      seenClients.set(client.label, session);
    }
    // A finding that cleared (the client recovered) before it was printed is still reported: it held.
    for (const finding of hub.history()) {
      if (seenFindings.has(finding.key)) continue;
      seenFindings.add(finding.key);
      if (json) write(JSON.stringify({ type: 'finding', finding }));
      else for (const line of formatFinding(finding, style)) write(`${finding.client ? style.dim(`[${finding.client}] `) : ''}${line.trimStart()}`);
    }
  };
  const subscription = hub.onDidChange(update);
  return () => {
    update();
    subscription.dispose();
  };
}

function exitFor(findings: readonly Finding[]): number {
  return findings.some((finding) => finding.severity === 'error') ? EXIT_FINDINGS : EXIT_OK;
}

async function tapHttp(args: ParsedArgs, io: CliIO): Promise<number> {
  const target = args.positionals[0];
  if (!target) throw new UsageError('tap needs the server URL (tap http://host:port/mcp) or a command after -- (tap -- CMD ARGS…)');
  try {
    const url = new URL(target);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error();
  } catch {
    throw new UsageError(`'${target}' is not an http(s) URL`);
  }
  const json = hasFlag(args, 'json');
  const style = createStyle(!json && colorWanted(io.stdout, hasFlag(args, 'no-color')));
  const write = (line: string) => io.stdout.write(`${line}\n`);
  const otel = await startOtelExport(args, (line) => io.stderr.write(`mcp-session-inspector: ${line}\n`));
  const { HttpTap } = await import('../../core/tap/httpTap');
  const tap = await HttpTap.start({
    target,
    host: flag(args, 'host') ?? '127.0.0.1',
    port: portFlag(args),
    allowRemote: hasFlag(args, 'allow-remote'),
    name: flag(args, 'name'),
    traceFile: flag(args, 'trace'),
    timeouts: { response: durationFlag(args, 'timeout', 30_000) },
  }).catch(async (error: unknown) => {
    await otel?.shutdown();
    throw new UsageError(error instanceof Error ? error.message : String(error));
  });
  const exported = otel ? otel.observe(tapHubSource(tap.hub)) : undefined;
  // Credentials in the server URL's query are kept by the tap but never printed.
  const url = redactUrl(tap.url);
  if (json) write(JSON.stringify({ type: 'listening', url, target: tap.target }));
  else {
    write(`tapping ${style.bold(tap.target)}`);
    write(`point your client at ${style.bold(url)}${url !== tap.url ? ' (with your own query values)' : ''}  ${style.dim('(Ctrl-C stops)')}`);
  }
  if (otel) {
    if (json) write(JSON.stringify({ type: 'otel', metrics: otel.metricsEndpoint }));
    else write(style.dim(describeOtelExport(otel, args)));
  }
  const stopReporting = reportLive(tap.hub, write, json, style);
  await untilInterrupted();
  stopReporting();
  const findings = tap.hub.history();
  const clients = tap.hub.clients();
  exported?.dispose();
  await tap.close();
  await otel?.shutdown();
  if (json)
    write(
      JSON.stringify({
        type: 'summary',
        clients: clients.map((client) => ({
          label: client.label,
          sessionId: client.model.session.id,
          handshake: client.model.handshake.state,
          health: client.model.health.state,
          ...(client.model.health.reason ? { healthReason: client.model.health.reason } : {}),
          ...(client.model.session.ended ? { sessionEnded: client.model.session.ended } : {}),
        })),
        findings,
      }),
    );
  else write(style.dim(`tap stopped: ${clients.length} client(s), ${findings.length} finding(s)`));
  return exitFor(findings);
}

async function tapStdio(args: ParsedArgs, io: CliIO): Promise<number> {
  const [command, ...commandArgs] = args.rest;
  if (!command) throw new UsageError('tap -- needs the server command, e.g. tap --trace t.jsonl -- npx my-server');
  const otel = await startOtelExport(args, (line) => io.stderr.write(`[mcp-session-inspector tap] ${line}\n`));
  const { StdioTap } = await import('../../core/tap/stdioTap');
  const tap = new StdioTap({
    command,
    args: commandArgs,
    name: flag(args, 'name'),
    traceFile: flag(args, 'trace'),
    stdin: io.stdin ?? process.stdin,
    stdout: io.stdout as NodeJS.WritableStream & import('node:stream').Writable,
    stderr: io.stderr as NodeJS.WritableStream & import('node:stream').Writable,
  });
  // stdout carries the protocol: findings go to stderr, which clients show as the server's log.
  const style = createStyle(false);
  const exported = otel ? otel.observe(tapHubSource(tap.hub)) : undefined;
  const stopReporting = reportLive(tap.hub, (line) => io.stderr.write(`[mcp-session-inspector tap] ${line}\n`), false, style);
  if (otel) io.stderr.write(`[mcp-session-inspector tap] ${describeOtelExport(otel, args)}\n`);
  const forward = (signal: NodeJS.Signals) => tap.signal(signal);
  process.on('SIGINT', forward);
  process.on('SIGTERM', forward);
  const code = await tap.exited;
  // The client may keep its end open; the server is gone, so nothing more is read.
  (io.stdin ?? process.stdin).destroy();
  process.off('SIGINT', forward);
  process.off('SIGTERM', forward);
  stopReporting();
  exported?.dispose();
  await tap.stop();
  await otel?.shutdown();
  return code;
}

export const tapCommand: CliCommand = async (argv, io) => {
  const args = parseArgs(argv);
  if (args.rest.length || argv.includes('--')) return tapStdio(args, io);
  if (hasFlag(args, 'stdio')) throw new UsageError('tap runs a stdio server after --: tap --trace t.jsonl -- CMD ARGS…');
  return tapHttp(args, io).catch((error: unknown) => {
    if (error instanceof UsageError) throw error;
    io.stderr.write(`mcp-session-inspector: ${error instanceof Error ? error.message : String(error)}\n`);
    return EXIT_FAILURE;
  });
};
