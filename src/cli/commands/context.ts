// What every CLI command receives: its streams, so commands are testable without a process.

export interface CliIO {
  /** Only the stdio tap reads it (the client's messages); defaults to the process's stdin. */
  stdin?: NodeJS.ReadableStream & import('node:stream').Readable;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

/** A CLI command: parses its own arguments and resolves to the process exit code. */
export type CliCommand = (argv: string[], io: CliIO) => Promise<number>;

/** Exit codes (docs/architecture.md, Contracts): 0 no error finding, 1 error findings, 2 usage or connection failure. */
export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_FAILURE = 2;

/** Resolves on the first SIGINT or SIGTERM (Ctrl-C ends `watch` and `tap`). */
export function untilInterrupted(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const stop = (signal: NodeJS.Signals) => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve(signal);
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}
