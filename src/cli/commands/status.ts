// `mcp-session-inspector status <target> [--json]`: connect, negotiate, print the model, exit.

import { modelToJson } from '../../core/model';
import { hasFlag, parseArgs } from '../args';
import { colorWanted, createStyle, formatModel } from '../output';
import { connectTarget, waitForModel } from './connect';
import { EXIT_FAILURE, EXIT_FINDINGS, EXIT_OK, type CliCommand } from './context';

/** How long to let the optional GET stream open before reporting. */
const STREAM_SETTLE_MS = 1500;
/** How long a refused handshake waits for the auth-required finding. */
const AUTH_FINDING_SETTLE_MS = 1000;

export const statusCommand: CliCommand = async (argv, io) => {
  const args = parseArgs(argv);
  const connection = await connectTarget(args, io, { pingIntervalMs: 0 });
  try {
    let model = connection.model;
    if (model.handshake.state === 'ready') {
      await connection.checkHealth();
      if (model.transport.kind === 'streamable-http' && model.session.stateful) {
        await waitForModel(connection, () => connection.model.streams.some((s) => s.kind === 'get'), STREAM_SETTLE_MS);
      }
      model = connection.model;
    } else if (/HTTP 401/.test(model.handshake.reason ?? '')) {
      // The rules explain a 401 (auth-required) a moment after the handshake failed: let them.
      await waitForModel(connection, () => connection.model.findings.some((finding) => finding.rule === 'auth-required'), AUTH_FINDING_SETTLE_MS);
      model = connection.model;
    }
    if (hasFlag(args, 'json')) io.stdout.write(`${JSON.stringify(modelToJson(model), null, 2)}\n`);
    else io.stdout.write(`${formatModel(model, createStyle(colorWanted(io.stdout, hasFlag(args, 'no-color'))))}\n`);
    if (model.handshake.state !== 'ready') {
      io.stderr.write(
        `mcp-session-inspector: cannot connect to ${model.server.url ?? model.server.command ?? model.server.name}: ${model.handshake.reason ?? model.handshake.state}\n`,
      );
      return EXIT_FAILURE;
    }
    return model.findings.some((finding) => finding.severity === 'error') ? EXIT_FINDINGS : EXIT_OK;
  } finally {
    await connection.disconnect();
    await connection.dispose();
  }
};
