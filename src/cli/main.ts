// The `mcp-session-inspector` command line: the same engine as the extension, headless.

import { KnownSecrets } from '../core/trace/knownSecrets';
import { redactMessage } from '../core/trace/redact';
import { Emitter } from '../core/util/emitter';
import { UsageError } from './args';
import { EXIT_FAILURE, type CliCommand, type CliIO } from './commands/context';
import { analyzeCommand } from './commands/analyze';
import { checkCommand } from './commands/check';
import { statusCommand } from './commands/status';
import { tapCommand } from './commands/tap';
import { watchCommand } from './commands/watch';

const USAGE = `usage: mcp-session-inspector <command> [options]

commands:
  status <target> [--json]         connect, negotiate, print the connection model and exit
  watch <target> [--json]          keep the connection, print every exchange and change until Ctrl-C
  check <url> [--json|--sarif]     the session doctor: active checks of session and transport behaviour
                                   (--verbose shows every request; --only id,id runs some checks;
                                   --allow-mutating lets the buffering check call a streaming tool;
                                   --junit FILE also writes a JUnit XML report)
  analyze <file> [--json|--sarif]  every rule over a JSONL trace, a HAR (browser devtools, Playwright),
                                   an OTLP-JSON trace export of many instances, a server log, or a
                                   client's log (VS Code's MCP output, mcp-remote, Claude Desktop),
                                   offline (--format jsonl|har|otlp|log|vscode-log|mcp-remote-log|
                                   claude-desktop-log overrides detection; --junit FILE)
  tap <server-url> [--port N]      a recording proxy in front of a real server: point your real client at
                                   the URL it prints; clients, sessions and findings appear live (Ctrl-C stops)
                                   (--host H --allow-remote listens off loopback; --json one JSON object a line)
  tap [--trace FILE] -- CMD ARGS…  the same for a stdio server: put it in front of the command in any
                                   client's config; findings go to stderr, the trace to FILE

targets:
  <url> [--transport auto|http|sse] [--header "Name: value"]…
                        (--header "Authorization: Bearer …" sends a token obtained elsewhere)
  --stdio [--name NAME] -- CMD ARGS…
  <server-name> --config path/to/mcp.json

options:
  --timeout 10s         per-request timeout (ms, or with s/m)
  --ping-interval 15s   liveness probe interval for watch
  --trace FILE          append every trace event (redacted JSONL) to FILE
  --sign-in             an OAuth-protected server: print the sign-in URL, wait for the browser to
                        come back to a loopback listener, then connect (status, watch)
  --token-cache FILE    keep OAuth tokens in FILE (mode 0600) between runs; in memory otherwise
  --otlp URL            watch, tap: export spans and metrics over OTLP/HTTP to URL (a Collector's
                        base, e.g. http://127.0.0.1:4318; OTEL_EXPORTER_OTLP_* are read too)
  --metrics-port N      watch, tap: serve the same metrics for Prometheus on 127.0.0.1:N/metrics
  --no-color            plain output even on a terminal

exit codes: 0 no error finding, 1 error findings, 2 usage or connection failure`;

const COMMANDS: Record<string, CliCommand> = {
  status: statusCommand,
  check: checkCommand,
  analyze: analyzeCommand,
  watch: watchCommand,
  tap: tapCommand,
};

/** The secrets an invocation names itself: credentials in URL arguments and `--header` values. */
function secretsOfArguments(argv: readonly string[]): readonly string[] {
  const known = new KnownSecrets();
  argv.forEach((arg, index) => {
    if (/^https?:\/\//i.test(arg)) known.learnFromUrl(arg);
    if (argv[index - 1] === '--header' || arg.startsWith('--header=')) known.learnAuthorization(arg.slice(arg.indexOf(':') + 1).trim());
  });
  return known.values;
}

/** Runs one CLI invocation and resolves to its exit code. */
export async function runCli(argv: string[], io: CliIO): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.stdout.write(`${USAGE}\n`);
    return name ? 0 : EXIT_FAILURE;
  }
  const command = COMMANDS[name];
  if (!command) {
    io.stderr.write(`mcp-session-inspector: unknown command '${name}' (try --help)\n`);
    return EXIT_FAILURE;
  }
  const dashes = rest.indexOf('--');
  const ownArgs = dashes === -1 ? rest : rest.slice(0, dashes);
  if (ownArgs.includes('--help') || ownArgs.includes('-h')) {
    io.stdout.write(`${USAGE}\n`);
    return 0;
  }
  try {
    return await command(rest, io);
  } catch (error) {
    const message = error instanceof UsageError ? error.message : error instanceof Error ? error.message : String(error);
    // A message may quote the target the user typed: credentials in a URL are never echoed.
    io.stderr.write(`mcp-session-inspector: ${redactMessage(message, secretsOfArguments(argv))}\n`);
    return EXIT_FAILURE;
  }
}

if (require.main === module) {
  Emitter.onListenerError = (error) => process.stderr.write(`mcp-session-inspector: internal error: ${String(error)}\n`);
  void runCli(process.argv.slice(2), { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr }).then((code) => {
    process.exitCode = code;
  });
}
