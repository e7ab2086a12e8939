// Process and timing helpers shared by the real-VS-Code runs (run-in-code-server.mjs,
// untrusted-workspace-check.mjs, the log captures): free ports, polling without fixed sleeps,
// process trees.
import { createServer } from 'node:net';

/** A free loopback port (bind 0, read it, release it). */
export function freePort() {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => done(port));
    });
  });
}

/** Resolves with the first truthy value of `probe`, polling every 200 ms; throws after `timeoutMs`. */
export async function waitFor(probe, timeoutMs, what) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((done) => setTimeout(done, 200));
  }
}

export const sleep = (ms) => new Promise((done) => setTimeout(done, ms));

/** SIGKILLs a child started with `detached: true` and everything in its process group. */
export function killTree(child) {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    child.kill('SIGKILL');
  }
}
