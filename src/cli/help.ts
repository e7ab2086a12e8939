// The CLI's help texts: the overview (`--help`) and one page per command (`help <command>`,
// `<command> --help`).

export const COMMAND_HELP: Readonly<Record<string, string>> = {
  status: `usage: mcp-session-inspector status <target> [--json] [options]

Connects, negotiates, prints era, transport, handshake, session, streams, health and findings,
then ends its own session. --json prints one JSON document (see docs/architecture.md).`,
  watch: `usage: mcp-session-inspector watch <target> [--json] [--ping-interval 15s] [--otlp URL] [--metrics-port N] [options]

Keeps the connection and prints every exchange and state change until Ctrl-C, then ends its
session. --json prints one JSON object a line. --otlp exports spans and metrics over OTLP/HTTP;
--metrics-port serves the same metrics for Prometheus (docs/opentelemetry.md).`,
  check: `usage: mcp-session-inspector check <url> [--json|--sarif] [--junit FILE] [--verbose] [--only id,id] [--allow-mutating]
       [--header "Name: value"]… [--name NAME] [--token-cache FILE]

The session check: active checks of session and transport behaviour, with its own sessions only.
--verbose shows every request; --only runs some checks; --allow-mutating lets the buffering check
call a tool that streams notifications (it may change server state); --junit FILE also writes a
JUnit XML report (docs/check.md). --header sends a header with every probe; --name names the
server in reports. A protected server gets four OAuth checks (docs/oauth.md).`,
  analyze: `usage: mcp-session-inspector analyze <file> [--json|--sarif] [--junit FILE] [--format FORMAT]

Every rule, offline, over a recorded file: our JSONL trace, a HAR 1.2 (browser devtools,
Playwright recordHar), an OTLP-JSON trace export of many instances (otlp), a plain server log,
or a client's own log: VS Code's MCP output (vscode-log), mcp-remote's output (mcp-remote-log),
Claude Desktop's mcp-server-<name>.log (claude-desktop-log). --format overrides the detection
(jsonl|har|otlp|log|vscode-log|mcp-remote-log|claude-desktop-log); --junit FILE also writes a
JUnit XML report (docs/analyze.md).`,
  tap: `usage: mcp-session-inspector tap <server-url> [--port N] [--host H --allow-remote] [--trace FILE] [--json] [--otlp URL] [--metrics-port N]
       mcp-session-inspector tap [--trace FILE] [--name NAME] [--otlp URL] -- CMD ARGS…

A transparent recording proxy in front of a real server. HTTP: point your real client at the URL it
prints; clients, sessions and findings appear live until Ctrl-C. stdio: put it in front of the
server's command in any client's config; findings go to stderr, the trace to FILE. --name names the
server in the output and the trace (both forms). --host H listens off loopback only with --allow-remote.`,
};

const TARGETS = `targets:
  <url> [--transport auto|http|sse] [--header "Name: value"]…
                        (--header "Authorization: Bearer …" sends a token obtained elsewhere)
  --stdio [--name NAME] -- CMD ARGS…
  <server-name> --config path/to/mcp.json`;

const OPTIONS = `options:
  --timeout 10s         per-request timeout (ms, or with s/m); analyze: how long a recorded request
                        may wait for its answer before it counts as orphaned (default 30s)
  --ping-interval 15s   liveness probe interval for watch
  --trace FILE          append every trace event (redacted JSONL) to FILE
  --sign-in             status, watch: an OAuth-protected server prints the sign-in URL, waits for
                        the browser to come back to a loopback listener, then connects (docs/oauth.md)
  --token-cache FILE    keep OAuth tokens in FILE (mode 0600) between runs; in memory otherwise
                        (check --token-cache FILE runs the session checks with the signed-in token)
  --otlp URL            watch, tap: export spans and metrics over OTLP/HTTP to URL (a Collector's
                        base, e.g. http://127.0.0.1:4318; OTEL_EXPORTER_OTLP_* are read too)
  --metrics-port N      watch, tap: serve the same metrics for Prometheus on 127.0.0.1:N/metrics
  --metrics-host H      watch, tap: the address the metrics listen on (loopback by default; a host
                        off this machine needs --allow-remote)
  --allow-remote        tap --host, --metrics-host: accept a listening address off loopback
  --no-color            plain output even on a terminal`;

const EXIT_CODES = 'exit codes: 0 no error finding, 1 error findings, 2 usage or connection failure';

export const USAGE = `usage: mcp-session-inspector <command> [options]

commands:
  status <target> [--json]         connect, negotiate, print the connection model and exit
  watch <target> [--json]          keep the connection, print every exchange and change until Ctrl-C
  check <url> [--json|--sarif]     the session check: active checks of session and transport behaviour
  analyze <file> [--json|--sarif]  every rule, offline, over a JSONL trace, a HAR, an OTLP-JSON export,
                                   a server log or a client's log (VS Code, mcp-remote, Claude Desktop)
  tap <server-url> [--port N]      a recording proxy in front of a real server (Ctrl-C stops)
  tap [--trace FILE] -- CMD ARGS…  the same for a stdio server
  help <command>                   the options of one command

${TARGETS}

${OPTIONS}
  --version             print the version and exit

${EXIT_CODES}`;

/** The help page of one command, or undefined for an unknown one. */
export function commandHelp(name: string): string | undefined {
  const text = COMMAND_HELP[name];
  if (!text) return undefined;
  const targets = name === 'status' || name === 'watch' ? `\n\n${TARGETS}` : '';
  return `${text}${targets}\n\n${OPTIONS}\n\n${EXIT_CODES}`;
}
