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
import { commandHelp, USAGE } from './help';
import { VERSION } from './version';

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
  if (name === '--version' || name === '-v' || name === 'version') {
    io.stdout.write(`${VERSION}\n`);
    return 0;
  }
  if (name === 'help' && rest[0]) {
    const help = commandHelp(rest[0]);
    if (!help) {
      io.stderr.write(`mcp-session-inspector: no command '${rest[0]}' (commands: ${Object.keys(COMMANDS).join(', ')})\n`);
      return EXIT_FAILURE;
    }
    io.stdout.write(`${help}\n`);
    return 0;
  }
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
    io.stdout.write(`${commandHelp(name) ?? USAGE}\n`);
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

/** A reader that stops early (`… | head`) closes the pipe: end quietly, as other command-line tools do. */
function endQuietlyOnClosedPipe(stream: NodeJS.WriteStream): void {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    process.exit(typeof process.exitCode === 'number' ? process.exitCode : 0);
  });
}

if (require.main === module) {
  endQuietlyOnClosedPipe(process.stdout);
  Emitter.onListenerError = (error, component) =>
    process.stderr.write(`mcp-session-inspector: internal error in ${component}: ${error instanceof Error ? error.message : String(error)}\n`);
  void runCli(process.argv.slice(2), { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr }).then((code) => {
    process.exitCode = code;
  });
}
