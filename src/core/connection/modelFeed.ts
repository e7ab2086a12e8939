// Feeds a connection's model from its own trace: each recorded event of the attempt in progress
// goes to the ModelBuilder (streams, their events and drops, the server process). Events of an
// earlier attempt, or recorded while no attempt is open (streams the closing transport ends), are
// not news for the model.

import type { ServerConfig } from '../config/types';
import type { ModelBuilder, ModelStart } from '../model';
import type { TraceEvent } from '../trace/events';
import type { KnownSecrets } from '../trace/knownSecrets';
import type { Disposable } from '../util/emitter';
import type { Recorder } from './recorder';
import type { TraceReader } from './types';

export interface ModelFeedHooks {
  /** A legacy SSE `endpoint` event (its data): the POST URL, and with it the session. */
  endpoint(data: string): void;
  /** A long-lived stream the server (not our side) ended. */
  streamDropped(): void;
}

/** The model of a connection before it connects. */
export function connectionModelStart(config: ServerConfig, secrets: KnownSecrets): ModelStart {
  return {
    // The model is shown and exported: the URL loses credentials (userinfo, token query values) here.
    server: {
      name: config.name,
      transport: config.type,
      ...(config.url ? { url: secrets.url(config.url) } : {}),
      ...(config.command ? { command: config.command } : {}),
    },
    transport: { kind: config.type === 'stdio' ? 'stdio' : config.type === 'sse' ? 'sse' : 'unknown', chosenBy: 'configured' },
    session: { stateful: false, noneReason: 'not-connected' },
  };
}

export class ModelFeed implements Disposable {
  /** Stream events of exchanges numbered below this belong to an earlier attempt; Infinity: no attempt is open. */
  private from = Infinity;
  private readonly subscription: Disposable;

  constructor(
    trace: Pick<TraceReader, 'onDidAppend'>,
    private readonly recorder: Recorder,
    private readonly builder: ModelBuilder,
    private readonly hooks: ModelFeedHooks,
  ) {
    this.subscription = trace.onDidAppend((event) => this.observe(event));
  }

  /** An attempt starts: what it records from now on is fed. */
  attach(): void {
    this.from = this.recorder.nextExchangeNumber;
  }

  /** The attempt is over: nothing more is fed until the next one. */
  detach(): void {
    this.from = Infinity;
  }

  dispose(): void {
    this.subscription.dispose();
  }

  private observe(event: TraceEvent): void {
    if (this.from === Infinity) return;
    const exchange = event.kind === 'sse-event' ? event.exchange : event.kind === 'lifecycle' ? event.detail?.exchange : undefined;
    if (typeof exchange === 'number' && exchange < this.from) return;
    const changed = this.builder.apply(event);
    if (event.kind === 'sse-event' && event.event === 'endpoint' && event.data !== undefined) this.hooks.endpoint(event.data);
    if (changed && event.kind === 'lifecycle' && event.name === 'stream-close' && event.streamKind !== 'post-response' && event.detail?.byClient !== true)
      this.hooks.streamDropped();
  }
}
