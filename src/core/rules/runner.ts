// Runs every rule over a stream of trace events and keeps the current set of findings,
// de-duplicated by (rule, key). Used by live connections, the tap and `analyze` alike.

import type { Finding } from '../model';
import type { TraceEvent } from '../trace/events';
import { Emitter, reportListenerError } from '../util/emitter';
import { Exchanges } from '../protocol/exchanges';
import { allRules } from './registry';
import type { FindingDraft, RuleContext, RuleDefinition, RuleInstance, RuleReporter } from './types';

/** Bounded so a pathological trace cannot grow the finding set without limit. */
const MAX_FINDINGS = 500;

/** The rules' timeouts for a request timeout: an endpoint event is awaited at most 10 s. */
export function ruleTimeouts(requestTimeoutMs: number): RuleContext['timeouts'] {
  return { response: requestTimeoutMs, endpoint: Math.min(requestTimeoutMs, 10_000), handshake: requestTimeoutMs };
}

/** For the 30 s request timeout the engine has by default. */
export const DEFAULT_RULE_TIMEOUTS = ruleTimeouts(30_000);

export class RuleRunner {
  private readonly exchanges: Exchanges;
  private readonly instances: Array<{ rule: RuleDefinition; instance: RuleInstance; reporter: RuleReporter }>;
  /** The instances each event kind reaches, in rule order (a rule declaring its kinds skips the others). */
  private readonly instancesByKind = new Map<string, RuleRunner['instances']>();
  /** The event being dispatched (or the tick time), read by the reporters; avoids allocating per event. */
  private currentEvent?: TraceEvent;
  private currentTime?: string;
  private readonly current = new Map<string, Finding>();
  /** Live: findings that held once and were cleared, newest last (kept for the traffic view and exports). */
  private readonly cleared = new Map<string, Finding>();
  private lastEventTime?: string;
  private readonly changed = new Emitter<readonly Finding[]>('rule runner');
  private changePending = false;

  /** Fired (coalesced per microtask) when findings are added, updated or cleared. */
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly context: RuleContext,
    rules: readonly RuleDefinition[] = allRules,
  ) {
    this.exchanges = new Exchanges();
    const setup = { ...context, exchanges: this.exchanges };
    this.instances = rules.map((rule) => ({ rule, instance: rule.create(setup), reporter: this.reporterFor(rule) }));
  }

  /**
   * Feeds one event to every rule. `parsedBody`: for a request whose body the caller already
   * parsed, what `JSON.parse(event.body)` gave (spares reading the body again).
   */
  push(event: TraceEvent, parsedBody?: unknown): void {
    this.lastEventTime = event.t;
    this.currentEvent = event;
    this.currentTime = undefined;
    // Every request is remembered even if no rule happens to look at it.
    this.exchanges.observe(event, parsedBody);
    for (const { rule, instance, reporter } of this.instancesFor(event.kind)) {
      // One failing rule must not silence the others (nor crash the connection that feeds it).
      try {
        instance.onEvent(event, reporter);
      } catch (error) {
        reportListenerError(error, `rule ${rule.id}`);
      }
    }
    this.currentEvent = undefined;
  }

  private instancesFor(kind: string): RuleRunner['instances'] {
    let reached = this.instancesByKind.get(kind);
    if (!reached) {
      reached = this.instances.filter(({ rule }) => !rule.kinds || (rule.kinds as readonly string[]).includes(kind));
      this.instancesByKind.set(kind, reached);
    }
    return reached;
  }

  /** Lets time-based rules fire (live: periodically; offline: once at the end with the last event's time). */
  tick(nowMs: number): void {
    this.currentEvent = undefined;
    this.currentTime = new Date(nowMs).toISOString();
    for (const { rule, instance, reporter } of this.instances) {
      try {
        instance.onTick?.(nowMs, reporter);
      } catch (error) {
        reportListenerError(error, `rule ${rule.id}`);
      }
    }
    this.currentTime = undefined;
  }

  /** Ends an offline trace: ticks at the time of the last event so pending timeouts resolve. */
  finish(): void {
    if (this.lastEventTime) this.tick(Date.parse(this.lastEventTime) + 24 * 3600 * 1000);
  }

  /** The findings that hold now; offline, also those that held at some time, with when they cleared. */
  findings(): Finding[] {
    return [...this.current.values()];
  }

  /** Every finding that held at some time: the current ones and (live) the cleared ones, with `clearedAt`. */
  history(): Finding[] {
    return [...this.cleared.values(), ...this.current.values()];
  }

  /** Drops every finding (e.g. the user cleared the server's problems). */
  clearAll(): void {
    if (this.current.size === 0 && this.cleared.size === 0) return;
    this.current.clear();
    this.cleared.clear();
    this.scheduleChange();
  }

  dispose(): void {
    this.changed.dispose();
  }

  private reporterFor(rule: RuleDefinition): RuleReporter {
    return {
      report: (draft: FindingDraft) => {
        const event = this.currentEvent;
        const key = `${rule.id}:${draft.key ?? draft.message}`;
        if (!this.current.has(key) && this.current.size >= MAX_FINDINGS) return;
        const previous = this.current.get(key);
        this.cleared.delete(key);
        this.current.set(key, {
          rule: rule.id,
          severity: draft.severity ?? rule.severity,
          message: draft.message,
          server: this.context.server,
          sessionId: draft.sessionId,
          client: draft.client ?? event?.client,
          evidence: draft.evidence,
          fix: draft.fix,
          at: previous?.at ?? draft.at ?? event?.t ?? this.currentTime ?? new Date().toISOString(),
          key,
        });
        this.scheduleChange();
      },
      clear: (key: string) => {
        const full = `${rule.id}:${key}`;
        const finding = this.current.get(full);
        if (!finding || finding.clearedAt) return;
        const clearedAt = this.currentEvent?.t ?? this.currentTime ?? new Date().toISOString();
        // Offline, history is the point: the finding stays in the report with when it cleared.
        if (this.context.mode === 'offline') this.current.set(full, { ...finding, clearedAt });
        else {
          this.current.delete(full);
          this.cleared.set(full, { ...finding, clearedAt });
          if (this.cleared.size > MAX_FINDINGS) this.cleared.delete(this.cleared.keys().next().value as string);
        }
        this.scheduleChange();
      },
    };
  }

  private scheduleChange(): void {
    if (this.changePending) return;
    this.changePending = true;
    queueMicrotask(() => {
      this.changePending = false;
      this.changed.fire(this.findings());
    });
  }
}
