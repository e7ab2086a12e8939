// Tells the real clients behind one HTTP tap apart. A session id names its client once the tap
// has seen it issued; before that (initialize, legacy GET /sse) a client is known by what it is:
// the local process at the other end of the connection when the tap can see it (so one program's
// probes, OAuth discovery and MCP traffic are one client, whatever HTTP library sends them; two
// applications in one process that name themselves in their User-Agent stay two), else what it
// says of itself — user agent and origin. A second `initialize` from the same kind of client
// while the first still holds a live session is a second client (two windows, two processes),
// whereas one after its session was lost or ended is the same client starting over.

/** What the directory needs to know of a request. */
export interface RequestIdentity {
  userAgent?: string;
  origin?: string;
  /** Session id the request carried (header or legacy query). */
  sessionId?: string;
  /** JSON-RPC method of a POST body. */
  rpcMethod?: string;
  /** The local program that sent it, when the tap can tell (loopback, Linux). */
  peer?: { pid: number; name: string };
}

/** User agents of HTTP libraries rather than of applications: they say nothing of the client. */
const GENERIC_AGENTS =
  /^(node|undici|node-fetch|axios|got|python-requests|python-httpx|python-urllib\d*|aiohttp|go-http-client|okhttp|java|curl|wget|deno|bun|client)$/i;

interface Fingerprint {
  labels: string[];
  /** Label of the client that last spoke without a session id. */
  current?: string;
}

/** Session owners and fingerprints kept; older ones are forgotten. */
const MAX_SESSIONS = 2000;

/** A short, readable product name from a User-Agent ("node", "Chrome", "Visual Studio Code"). */
export function productOf(userAgent: string | undefined): string {
  if (!userAgent) return 'client';
  if (/\bEdg\//.test(userAgent)) return 'Edge';
  if (/\bChrome\//.test(userAgent) && /Mozilla/.test(userAgent)) return /Electron|Code\//.test(userAgent) ? 'VS Code' : 'Chrome';
  if (/\bFirefox\//.test(userAgent)) return 'Firefox';
  if (/Safari\//.test(userAgent) && /Mozilla/.test(userAgent)) return 'Safari';
  const first = /^([A-Za-z][\w.-]*)/.exec(userAgent.trim())?.[1];
  return first ? first.slice(0, 32) : 'client';
}

/**
 * The application a User-Agent names, or '' for an HTTP library's: within one process, requests
 * of a library (a program's probes and OAuth discovery) belong to its client, while two
 * applications that say who they are stay two clients.
 */
function applicationOf(userAgent: string | undefined): string {
  const product = productOf(userAgent);
  return GENERIC_AGENTS.test(product) ? '' : product;
}

export class ClientDirectory {
  private readonly owners = new Map<string, string>();
  private readonly liveSessions = new Map<string, string>();
  private readonly fingerprints = new Map<string, Fingerprint>();
  private readonly usedLabels = new Set<string>();
  private readonly fingerprintOf = new Map<string, string>();

  /** Called with each new client's label and description. */
  constructor(private readonly onNewClient: (label: string, description: string) => void) {}

  /** The label of the client that sent this request. */
  identify(request: RequestIdentity): string {
    const key = request.peer
      ? `pid ${request.peer.pid}|${applicationOf(request.userAgent)}|${request.origin ?? ''}`
      : `${request.userAgent ?? ''}|${request.origin ?? ''}`;
    const owner = request.sessionId ? this.owners.get(request.sessionId) : undefined;
    if (owner && this.fingerprintOf.get(owner) === key) return owner;
    let fingerprint = this.fingerprints.get(key);
    if (!fingerprint) {
      fingerprint = { labels: [] };
      this.fingerprints.set(key, fingerprint);
    }
    if (owner) {
      // Another kind of client using this session: it is not the owner (rules see two clients on one session).
      return fingerprint.current ?? this.register(fingerprint, key, request);
    }
    if (!request.sessionId && request.rpcMethod === 'initialize') {
      // The client starting over is one of this kind without a live session (newest first).
      const idle = [...fingerprint.labels].reverse().find((label) => !this.liveSessions.has(label));
      if (idle) {
        fingerprint.current = idle;
        return idle;
      }
    } else if (fingerprint.current) {
      if (request.sessionId) this.adopt(request.sessionId, fingerprint.current);
      return fingerprint.current;
    }
    const label = this.register(fingerprint, key, request);
    if (request.sessionId) this.adopt(request.sessionId, label);
    return label;
  }

  private register(fingerprint: Fingerprint, key: string, request: RequestIdentity): string {
    const label = this.newLabel(request);
    fingerprint.labels.push(label);
    fingerprint.current = label;
    this.fingerprintOf.set(label, key);
    return label;
  }

  /** The server issued `sessionId` to this client. */
  sessionIssued(label: string, sessionId: string): void {
    this.adopt(sessionId, label);
    this.liveSessions.set(label, sessionId);
  }

  /** The client's session ended (DELETE) or the server disowned it: its next initialize is the same client. */
  sessionEnded(label: string, sessionId: string): void {
    if (this.liveSessions.get(label) === sessionId) this.liveSessions.delete(label);
  }

  private adopt(sessionId: string, label: string): void {
    this.owners.set(sessionId, label);
    if (this.owners.size > MAX_SESSIONS) this.owners.delete(this.owners.keys().next().value as string);
  }

  private newLabel(request: RequestIdentity): string {
    let origin = '';
    if (request.origin && request.origin !== 'null') {
      try {
        origin = ` @ ${new URL(request.origin).host}`;
      } catch {
        origin = '';
      }
    }
    const product = productOf(request.userAgent);
    const base = `${request.peer && GENERIC_AGENTS.test(product) ? request.peer.name : product}${origin}`;
    let label = base;
    for (let n = 2; this.usedLabels.has(label); n++) label = `${base} #${n}`;
    this.usedLabels.add(label);
    const description = [
      request.peer ? `process ${request.peer.name} (pid ${request.peer.pid})` : '',
      request.userAgent ? `User-Agent: ${request.userAgent.slice(0, 120)}` : 'no User-Agent',
      request.origin ? `Origin: ${request.origin}` : '',
    ]
      .filter(Boolean)
      .join(' · ');
    this.onNewClient(label, description);
    return label;
  }
}
