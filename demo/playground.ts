// The demo playground: real MCP servers on loopback, each named for what is wrong with it and each
// showing its fault by itself, with no action from the user. `npm run demo` starts it next to VS
// Code; the extension-host test starts it to check that the faults reach the Problems panel.
// The faulty servers are the fault fixtures (test/fixtures/faults), built on the SDK's real
// transports. To add a server, add an entry to PLAYGROUND_SERVERS (and a row to demo/README.md).

import { startAffinityNginx } from '../test/fixtures/faults/affinityNginx';
import { startCorsHidden } from '../test/fixtures/faults/corsHidden';
import { startIdleExpiry } from '../test/fixtures/faults/idleExpiry';
import { startOAuthProtected } from '../test/fixtures/faults/oauthProtected';
import { startSessionsLost } from '../test/fixtures/faults/sessionsLost';
import { startStateless2026 } from '../test/fixtures/servers/stateless2026';
import { nginxAvailable } from '../test/fixtures/support/nginx';
import { startEverything } from '../test/fixtures/support/servers';

export interface PlaygroundOptions {
  /** The repository root (server-everything is started from its node_modules). */
  root: string;
  /** How long a session may stay idle on the idle-expiry server; keep it below the ping interval. */
  idleMs?: number;
  /** The sessions-lost server restarts this long after it starts, and again at this interval. */
  restartEveryMs?: number;
  log?: (line: string) => void;
}

/** A running playground server. */
export interface PlaygroundServer {
  name: string;
  url: string;
  /** What is wrong with it, in one line. */
  fault: string;
  /** What the user sees in VS Code. */
  lookFor: string;
}

export interface Playground {
  servers: PlaygroundServer[];
  /** Servers that could not start here, and how to get them. */
  skipped: Array<{ name: string; why: string }>;
  /** The `servers` object of a .vscode/mcp.json for these servers. */
  mcpServers(): Record<string, { type: 'http'; url: string }>;
  stop(): Promise<void>;
}

interface Running {
  url: string;
  stop(): Promise<void>;
}

interface ServerEntry {
  name: string;
  fault: string;
  lookFor: string;
  /** Why it cannot run on this machine (then it is skipped), or undefined. */
  unavailable?: () => string | undefined;
  start(options: Required<PlaygroundOptions>): Promise<Running>;
}

/** Repeats `task` every `ms` until the returned stop is called. */
function every(ms: number, task: () => Promise<void>): () => void {
  const timer = setInterval(() => void task().catch(() => undefined), ms);
  return () => clearInterval(timer);
}

export const PLAYGROUND_SERVERS: readonly ServerEntry[] = [
  {
    name: 'healthy-everything',
    fault: 'nothing: the reference server (server-everything over Streamable HTTP)',
    lookFor: 'a session id and "healthy" in the Servers view; no problems',
    start: ({ root }) => startEverything('streamableHttp', undefined, root),
  },
  {
    name: 'restarts-and-loses-sessions',
    fault: 'restarts now and then and forgets every session (sessions live in memory)',
    lookFor: 'unknown-session after the restart: the next ping targets a session the server lost',
    async start({ restartEveryMs, log }) {
      const server = await startSessionsLost();
      const stopRestarts = every(restartEveryMs, async () => {
        await server.restart();
        log(`restarts-and-loses-sessions: restarted, its sessions are gone`);
      });
      return { url: server.url, stop: async () => (stopRestarts(), await server.stop()) };
    },
  },
  {
    name: 'sessions-expire-when-idle',
    fault: "drops a session after a short idle time, shorter than the client's ping interval",
    lookFor: 'unknown-session (expired): the ping after an idle pause is answered 404',
    start: async ({ idleMs }) => startIdleExpiry({ idleMs }),
  },
  {
    name: 'cors-hides-session-id',
    fault: 'serves CORS without Mcp-Session-Id in Access-Control-Expose-Headers',
    lookFor: 'cors-session-header-hidden: a browser client could never read its session id',
    start: () => startCorsHidden(),
  },
  {
    name: 'round-robin-without-affinity',
    fault: 'two instances behind nginx round-robin, sessions kept per instance',
    lookFor: 'session-affinity and unknown-session: every second request lands on the instance that does not know the session',
    unavailable: () =>
      nginxAvailable() ? undefined : 'nginx is not installed (Debian/Ubuntu: sudo apt-get install nginx; macOS: brew install nginx; or set NGINX_BINARY)',
    start: () => startAffinityNginx(),
  },
  {
    name: 'stateless-2026',
    fault: 'nothing wrong: a 2026-07-28 stateless server, which has no sessions at all',
    lookFor: '"stateless" where the session id would be; the era in the tooltip',
    start: () => startStateless2026(),
  },
  {
    name: 'protected-tokens-expire',
    fault: 'OAuth-protected: tokens live 60 s and each session is bound to the token that created it',
    lookFor: '"needs sign-in" and an inline Sign In; after sign-in the session id; a minute later token-expired-mid-session and session-bound-to-other-token',
    start: () => startOAuthProtected({ tokenLifetimeSeconds: 60, bindSessionsToToken: true }),
  },
];

/** Starts every playground server this machine can run; on failure stops the ones already started. */
export async function startPlayground(options: PlaygroundOptions): Promise<Playground> {
  const settings: Required<PlaygroundOptions> = { idleMs: 3000, restartEveryMs: 20_000, log: () => undefined, ...options };
  const servers: PlaygroundServer[] = [];
  const skipped: Playground['skipped'] = [];
  const running: Running[] = [];
  const stop = async () => {
    await Promise.all(running.splice(0).map((server) => server.stop().catch(() => undefined)));
  };
  try {
    for (const entry of PLAYGROUND_SERVERS) {
      const why = entry.unavailable?.();
      if (why) {
        skipped.push({ name: entry.name, why });
        continue;
      }
      const server = await entry.start(settings);
      running.push(server);
      servers.push({ name: entry.name, url: server.url, fault: entry.fault, lookFor: entry.lookFor });
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    servers,
    skipped,
    mcpServers: () => Object.fromEntries(servers.map((server) => [server.name, { type: 'http' as const, url: server.url }])),
    stop,
  };
}
