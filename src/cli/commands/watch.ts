// `mcp-session-inspector watch <target>`: keep the connection, print every exchange and state
// change as it happens until Ctrl-C, then end our own session cleanly (DELETE).

import type { ConnectionModel } from '../../core/model';
import { modelToJson } from '../../core/model';
import type { Disposable } from '../../core/util/emitter';
import { connectionSource } from '../../core/otel/sources';
import { hasFlag, parseArgs } from '../args';
import { describeOtelExport, startOtelExport } from '../otel';
import { colorWanted, createStyle, formatEvent, formatFinding, formatModel } from '../output';
import { connectTarget } from './connect';
import { EXIT_FAILURE, EXIT_OK, untilInterrupted, type CliCommand } from './context';

/** Describes what changed between two models in a few words, or nothing. */
function describeChange(before: ConnectionModel, after: ConnectionModel): string[] {
  const changes: string[] = [];
  if (before.handshake.state !== after.handshake.state)
    changes.push(`handshake ${after.handshake.state}${after.handshake.reason ? ` (${after.handshake.reason})` : ''}`);
  if (before.session.id !== after.session.id) changes.push(after.session.id ? `session ${after.session.id}` : 'session ended');
  if (before.health.state !== after.health.state) changes.push(`health ${after.health.state}${after.health.reason ? ` (${after.health.reason})` : ''}`);
  const streamState = (model: ConnectionModel) => new Map(model.streams.map((s) => [s.id, s.state]));
  const previous = streamState(before);
  for (const stream of after.streams) {
    if (previous.get(stream.id) !== stream.state) changes.push(`${stream.kind} stream ${stream.state}`);
  }
  return changes;
}

export const watchCommand: CliCommand = async (argv, io) => {
  const args = parseArgs(argv);
  const json = hasFlag(args, 'json');
  const style = createStyle(!json && colorWanted(io.stdout, hasFlag(args, 'no-color')));
  const otel = await startOtelExport(args, (line) => io.stderr.write(`mcp-session-inspector: ${line}\n`));
  let exported: Disposable | undefined;
  const connection = await connectTarget(args, io, {}, (created) => {
    // Observed from before the handshake, so `initialize` and the session's start are exported too.
    exported = otel?.observe(connectionSource(created));
  }).catch(async (error: unknown) => {
    // A usage mistake after the export started: its metrics endpoint must not keep the process alive.
    await otel?.shutdown();
    throw error;
  });
  const stopExport = async () => {
    exported?.dispose();
    await otel?.shutdown();
  };
  const emit = (line: string) => io.stdout.write(`${line}\n`);
  if (otel && !json) emit(style.dim(describeOtelExport(otel, args)));
  let last = connection.model;
  for (const event of connection.trace.events()) emit(json ? JSON.stringify({ type: 'event', event }) : formatEvent(event, style));
  if (json) emit(JSON.stringify({ type: 'model', model: modelToJson(last) }));
  else emit(formatModel(last, style));
  if (last.handshake.state !== 'ready' && last.handshake.state !== 'connecting' && last.handshake.state !== 'negotiating') {
    io.stderr.write(`mcp-session-inspector: cannot connect to ${last.server.url ?? last.server.command}: ${last.handshake.reason ?? last.handshake.state}\n`);
    await connection.dispose();
    await stopExport();
    return EXIT_FAILURE;
  }
  const seenFindings = new Set(last.findings.map((finding) => finding.key));
  const traceSubscription = connection.trace.onDidAppend((event) => emit(json ? JSON.stringify({ type: 'event', event }) : formatEvent(event, style)));
  const changeSubscription = connection.onDidChange((model) => {
    const changes = describeChange(last, model);
    last = model;
    if (json) {
      if (changes.length) emit(JSON.stringify({ type: 'model', model: modelToJson(model) }));
      return;
    }
    for (const change of changes) emit(style.bold(`== ${change}`));
    for (const finding of model.findings) {
      if (seenFindings.has(finding.key)) continue;
      seenFindings.add(finding.key);
      for (const line of formatFinding(finding, style)) emit(line);
    }
  });
  await untilInterrupted();
  traceSubscription.dispose();
  changeSubscription.dispose();
  if (!json) emit(style.dim('disconnecting…'));
  await connection.disconnect();
  await connection.dispose();
  await stopExport();
  return EXIT_OK;
};
