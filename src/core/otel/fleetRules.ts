// The session rules across a fleet: over MCP spans from many instances (see ./otlpJson.ts) it
// finds what no single connection can see —
// - one session served by several instances, some answering "Session not found": session-affinity;
// - sessions created on an instance that then restarted: unknown-session, cause "instance restarted";
// - sessions lost after the same idle time, again and again: stream-idle-timeout.
// Each finding names its instances, session ids and spans (trace and span ids, file line).

import type { Evidence, Finding } from '../model';
import type { McpSpanFact } from './otlpJson';

const MAX_SESSIONS = 100_000;
const MAX_FACTS_PER_SESSION = 200;
const MAX_EVIDENCE = 20;
/** An idle time counts as recurring when at least this many losses fall near it. */
const MIN_IDLE_REPEATS = 2;
const MIN_IDLE_MS = 1000;

interface Loss {
  session: string;
  service: string;
  fact: McpSpanFact;
  /** The span that last served the session before the loss. */
  before: McpSpanFact;
}

const iso = (ms: number) => new Date(ms).toISOString();
const seconds = (ms: number) => (ms >= 10_000 ? Math.round(ms / 1000) : Math.round(ms / 100) / 10);
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

function evidenceOf(fact: McpSpanFact, summary: string, file: string): Evidence {
  return { summary, t: iso(fact.startMs), file, line: fact.line, instance: fact.instance, traceId: fact.traceId, spanId: fact.spanId };
}

function describe(fact: McpSpanFact): string {
  return `${fact.method} on ${fact.instance} (span ${fact.spanId}) at ${iso(fact.startMs)}`;
}

export class FleetAnalysis {
  private readonly sessions = new Map<string, McpSpanFact[]>();
  spans = 0;
  instances = new Set<string>();

  add(fact: McpSpanFact): void {
    this.spans++;
    if (fact.kind !== 'client') this.instances.add(fact.instance);
    if (!fact.sessionId || !Number.isFinite(fact.startMs)) return;
    let facts = this.sessions.get(fact.sessionId);
    if (!facts) {
      if (this.sessions.size >= MAX_SESSIONS) return;
      facts = [];
      this.sessions.set(fact.sessionId, facts);
    }
    if (facts.length < MAX_FACTS_PER_SESSION) facts.push(fact);
  }

  findings(file: string): Finding[] {
    const affinity = new Map<string, Loss[]>();
    const restarts = new Map<string, Loss[]>();
    const idle = new Map<string, Loss[]>();
    const push = (map: Map<string, Loss[]>, key: string, loss: Loss) => map.set(key, [...(map.get(key) ?? []), loss]);
    for (const [session, facts] of this.sessions) {
      facts.sort((a, b) => a.startMs - b.startMs);
      const served = new Map<string, McpSpanFact>();
      let lastServed: McpSpanFact | undefined;
      for (const fact of facts) {
        if (!fact.unknownSession) {
          if (fact.kind !== 'client') served.set(fact.instance, fact);
          lastServed = fact;
          continue;
        }
        if (!lastServed) continue;
        const loss: Loss = { session, service: fact.service, fact, before: lastServed };
        const here = fact.kind === 'client' ? undefined : served.get(fact.instance);
        if (fact.kind !== 'client' && here && here.incarnation !== fact.incarnation)
          push(restarts, `${fact.service}\u0000${fact.instance}`, { ...loss, before: here });
        else if (fact.kind !== 'client' && !here && served.size > 0) push(affinity, fact.service, loss);
        else push(idle, fact.service, loss);
        // Only the first loss of a session is its story; what follows is the client coping.
        break;
      }
    }
    return [...this.affinityFindings(affinity, file), ...this.restartFindings(restarts, file), ...this.idleFindings(idle, file)];
  }

  private affinityFindings(byService: Map<string, Loss[]>, file: string): Finding[] {
    return [...byService].map(([service, losses]) => {
      const instances = [...new Set(losses.flatMap((loss) => [loss.before.instance, loss.fact.instance]))].sort();
      const evidence = losses
        .slice(0, MAX_EVIDENCE)
        .flatMap((loss) => [
          evidenceOf(loss.before, `session ${loss.session}: served by ${describe(loss.before)}`, file),
          evidenceOf(loss.fact, `session ${loss.session}: "Session not found" from ${describe(loss.fact)}`, file),
        ]);
      return {
        rule: 'session-affinity',
        severity: 'error' as const,
        message: `One session, several instances: ${plural(losses.length, 'session')} of ${service} ${losses.length === 1 ? 'was' : 'were'} created on one instance and then answered "Session not found" by another (instances: ${instances.join(', ')}; sessions: ${losses
          .slice(0, 5)
          .map((loss) => loss.session)
          .join(
            ', ',
          )}${losses.length > 5 ? ', …' : ''}). Each instance keeps its sessions in memory, and the load balancer does not send a session back to the instance that holds it.`,
        fix: 'Route requests by the Mcp-Session-Id header (sticky sessions), share session state between instances, or run the server stateless.',
        server: service,
        sessionId: losses[0].session,
        evidence,
        at: iso(losses[0].fact.startMs),
        key: `session-affinity:${service}`,
      };
    });
  }

  private restartFindings(byInstance: Map<string, Loss[]>, file: string): Finding[] {
    return [...byInstance].map(([key, losses]) => {
      const { service, fact } = losses[0];
      const evidence = losses
        .slice(0, MAX_EVIDENCE)
        .flatMap((loss) => [
          evidenceOf(loss.before, `session ${loss.session}: created or served by ${describe(loss.before)}, before the restart`, file),
          evidenceOf(loss.fact, `session ${loss.session}: "Session not found" from ${describe(loss.fact)}, after the restart`, file),
        ]);
      return {
        rule: 'unknown-session',
        severity: 'error' as const,
        message: `Instance restarted: ${fact.instance} of ${service} restarted, and ${plural(losses.length, 'session')} created on it before (${losses
          .slice(0, 5)
          .map((loss) => loss.session)
          .join(
            ', ',
          )}${losses.length > 5 ? ', …' : ''}) ${losses.length === 1 ? 'was' : 'were'} answered "Session not found" by its new process. The sessions lived in the old process's memory.`,
        fix: 'Keep sessions outside the process (a shared store, resumable streams), and make clients start a new session on 404 as the specification requires.',
        server: service,
        sessionId: losses[0].session,
        evidence,
        at: iso(fact.startMs),
        key: `unknown-session:restart:${key}`,
      };
    });
  }

  private idleFindings(byService: Map<string, Loss[]>, file: string): Finding[] {
    const findings: Finding[] = [];
    for (const [service, losses] of byService) {
      const gaps = losses
        .map((loss) => ({ loss, gap: loss.fact.startMs - Math.max(loss.before.endMs, loss.before.startMs) }))
        .filter(({ gap }) => gap >= MIN_IDLE_MS);
      if (gaps.length < MIN_IDLE_REPEATS) continue;
      const sorted = gaps.map(({ gap }) => gap).sort((a, b) => a - b);
      // The shortest pause after which sessions die: losses at about that idle time recur.
      const cutoff = sorted[0];
      const near = gaps.filter(({ gap }) => gap <= cutoff * 1.5);
      if (near.length < MIN_IDLE_REPEATS) continue;
      const instances = [...new Set(near.map(({ loss }) => loss.fact.instance))].sort();
      findings.push({
        rule: 'stream-idle-timeout',
        severity: 'warning',
        message: `Sessions end after about ${seconds(cutoff)} s idle: ${plural(near.length, 'session')} of ${service} (${near
          .slice(0, 5)
          .map(({ loss }) => loss.session)
          .join(
            ', ',
          )}${near.length > 5 ? ', …' : ''}) ${near.length === 1 ? 'was' : 'were'} answered "Session not found" by ${instances.join(', ')} after ${near
          .map(({ gap }) => `${seconds(gap)} s`)
          .slice(0, 5)
          .join(', ')} without traffic. A gateway's idle timeout or the server's session expiry ends idle sessions at that age.`,
        fix: `Send a request (ping) more often than every ${seconds(cutoff)} s while a session must live, or raise the idle timeout or session expiry above the longest pause.`,
        server: service,
        sessionId: near[0].loss.session,
        evidence: near
          .slice(0, MAX_EVIDENCE)
          .flatMap(({ loss, gap }) => [
            evidenceOf(loss.before, `session ${loss.session}: last served by ${describe(loss.before)}`, file),
            evidenceOf(loss.fact, `session ${loss.session}: "Session not found" ${seconds(gap)} s later from ${describe(loss.fact)}`, file),
          ]),
        at: iso(near[0].loss.fact.startMs),
        key: `stream-idle-timeout:${service}`,
      });
    }
    return findings;
  }
}
