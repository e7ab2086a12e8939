// The `mcp-session-inspector` command line: the same engine as the extension, headless.

const USAGE = `usage: mcp-session-inspector <command> [options]

commands:
  status <target>    connect, negotiate, print the connection model and exit
  watch <target>     keep the connection and print every change until Ctrl-C
  analyze <file>     run the diagnostic rules over a JSONL trace, HAR file or server log

targets: a URL (--transport auto|http|sse, --header K:V), --stdio -- CMD ARGS…,
         or a server name with --config path/to/mcp.json`;

function main(argv: string[]): number {
  if (argv.length === 0 || argv[0] === '--help' || argv[0] === '-h') {
    process.stdout.write(`${USAGE}\n`);
    return argv.length === 0 ? 2 : 0;
  }
  process.stderr.write(`mcp-session-inspector: unknown command '${argv[0]}'\n${USAGE}\n`);
  return 2;
}

process.exitCode = main(process.argv.slice(2));
