// Which local process is at the other end of a loopback TCP connection (Linux, /proc): the tap
// uses it to tell a client by what it is — one program — rather than by each connection, user
// agent or library it opens them with (mcp-remote probes with `undici`, discovers OAuth with
// `node`, and proxies with `undici` again). Anywhere else it answers undefined and the tap falls
// back to the User-Agent.

import { readdir, readFile, readlink } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Socket } from 'node:net';

export interface PeerProcess {
  pid: number;
  /** A short name for the program: the npm package or script it runs, else the executable. */
  name: string;
}

/** The hex port of a /proc/net/tcp address column ("0100007F:A3F2"). */
function portOf(address: string): number {
  return Number.parseInt(address.slice(address.lastIndexOf(':') + 1), 16);
}

/** The socket inode of the connection whose local port is `clientPort` and remote port `tapPort`. */
async function inodeOf(clientPort: number, tapPort: number): Promise<string | undefined> {
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    const text = await readFile(table, 'utf8').catch(() => '');
    for (const line of text.split('\n').slice(1)) {
      const columns = line.trim().split(/\s+/);
      if (columns.length < 10) continue;
      if (portOf(columns[1]) === clientPort && portOf(columns[2]) === tapPort) return columns[9];
    }
  }
  return undefined;
}

/** The program a command line runs, named for people: `node …/node_modules/mcp-remote/dist/proxy.js` → mcp-remote. */
export function programName(argv: readonly string[]): string {
  const [executable = '', ...rest] = argv;
  const runner = /^(node|nodejs|bun|deno|python\d*(\.\d+)?|npx|uv|uvx)$/.test(basename(executable));
  const target = runner ? rest.find((arg) => !arg.startsWith('-')) : executable;
  if (!target) return basename(executable) || 'process';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(target)?.[1];
  return (pkg ?? basename(target).replace(/\.(c|m)?js$/, '')).slice(0, 40);
}

/** Whether process `pid` holds the socket `wanted` (`socket:[inode]`) among its file descriptors. */
async function holds(pid: string, wanted: string): Promise<boolean> {
  for (const fd of await readdir(`/proc/${pid}/fd`).catch(() => [] as string[])) {
    if ((await readlink(`/proc/${pid}/fd/${fd}`).catch(() => '')) === wanted) return true;
  }
  return false;
}

/** Peers found lately, newest first: a new connection most often comes from a program already seen. */
const RECENT_PEERS = 8;

/** The lookup of the program behind one client connection. */
export interface PeerLookup {
  lookup: Promise<void>;
  done: boolean;
  peer?: PeerProcess;
}

/**
 * Finds the programs behind loopback connections. Reading every process's descriptors costs
 * thousands of system calls, so the programs found lately are asked first, and a burst of new
 * connections (a client opening its pool) waits for one full scan instead of running one each.
 */
export class PeerFinder {
  private readonly recent: string[] = [];
  private scanning?: Promise<unknown>;

  /** Starts finding the program behind `socket`; the tap's own process is never its peer. */
  lookUp(socket: Socket): PeerLookup {
    const entry: PeerLookup = { lookup: Promise.resolve(), done: false };
    entry.lookup = this.find(socket)
      .then((peer) => {
        if (peer && peer.pid !== process.pid) entry.peer = peer;
      })
      .catch(() => undefined)
      .finally(() => (entry.done = true));
    return entry;
  }

  /** Finds the process owning the client end of `socket`; undefined off Linux, off loopback, or when not permitted. */
  async find(socket: Socket): Promise<PeerProcess | undefined> {
    if (process.platform !== 'linux' || !socket.remotePort || !socket.localPort) return undefined;
    const remote = socket.remoteAddress ?? '';
    if (!/^(127\.|::1$|::ffff:127\.)/.test(remote)) return undefined;
    const inode = await inodeOf(socket.remotePort, socket.localPort);
    if (!inode || inode === '0') return undefined;
    const wanted = `socket:[${inode}]`;
    let pid = await this.amongRecent(wanted);
    if (!pid && this.scanning) {
      await this.scanning;
      pid = await this.amongRecent(wanted);
    }
    if (!pid) {
      const scan = scanAll(wanted);
      this.scanning = scan;
      pid = await scan.finally(() => {
        if (this.scanning === scan) this.scanning = undefined;
      });
    }
    if (!pid) return undefined;
    this.remember(pid);
    const argv = (await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '')).split('\0').filter(Boolean);
    return { pid: Number(pid), name: programName(argv) };
  }

  private async amongRecent(wanted: string): Promise<string | undefined> {
    for (const pid of this.recent) if (await holds(pid, wanted)) return pid;
    return undefined;
  }

  private remember(pid: string): void {
    const at = this.recent.indexOf(pid);
    if (at >= 0) this.recent.splice(at, 1);
    this.recent.unshift(pid);
    this.recent.length = Math.min(this.recent.length, RECENT_PEERS);
  }
}

/** The process holding `wanted`, looking through every process (the first in /proc's order). */
async function scanAll(wanted: string): Promise<string | undefined> {
  const pids = (await readdir('/proc').catch(() => [] as string[])).filter((entry) => /^\d+$/.test(entry));
  const found = await Promise.all(pids.map(async (pid) => ((await holds(pid, wanted)) ? pid : undefined)));
  return found.find((pid) => pid !== undefined);
}
