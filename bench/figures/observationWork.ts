// The observation's own work per ping, apart from any server, process or pipe: a fake transport
// answers every ping at once, and the engine's recorder, trace store and rules observe it wired
// as a connection wires them. Inside a real client the same work costs several times more (see
// the Performance section of the README); this figure is steady enough to show a change in it.

import type { Transport } from '@modelcontextprotocol/client';
import { defaultEngineOptions } from '../../src/core/connection/defaults';
import { observeTransport } from '../../src/core/connection/observedTransport';
import { Recorder } from '../../src/core/connection/recorder';
import { RuleFeed } from '../../src/core/connection/ruleFeed';
import { RuleRunner, ruleTimeouts } from '../../src/core/rules/runner';
import { TraceStore } from '../../src/core/trace/store';
import { interleavedAll, median, ratioRow, spreadText, type BenchOptions, type Row } from '../util';

/** Pings in flight before the loop yields, so deferred recording and rules run as they do live. */
const IN_FLIGHT = 32;

interface PingLoop {
  /** Client CPU µs per ping over `count` pings (the deferred work drained included). */
  run(count: number): Promise<number>;
  dispose(): Promise<void>;
}

function fakeTransport(): Transport {
  return { start: async () => undefined, send: async () => undefined, close: async () => undefined };
}

const yieldToLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

function pingLoop(transport: Transport, drain: () => Promise<void> = yieldToLoop): Omit<PingLoop, 'dispose'> {
  // Assigned after observeTransport, as the SDK assigns it after the engine wrapped the transport.
  transport.onmessage = () => undefined;
  let nextId = 1;
  return {
    async run(count) {
      const before = process.cpuUsage();
      for (let i = 0; i < count; i++) {
        const id = nextId++;
        await transport.send({ jsonrpc: '2.0', id, method: 'ping' });
        transport.onmessage?.({ jsonrpc: '2.0', id, result: {} });
        if (i % IN_FLIGHT === IN_FLIGHT - 1) await yieldToLoop();
      }
      await drain();
      const used = process.cpuUsage(before);
      return (used.user + used.system) / count;
    },
  };
}

function barePingLoop(): PingLoop {
  return { ...pingLoop(fakeTransport()), dispose: async () => undefined };
}

function observedPingLoop(): PingLoop {
  const store = new TraceStore({ capacity: defaultEngineOptions.traceBufferSize });
  const recorder = new Recorder(store, 'bench', [], defaultEngineOptions.maxBodyBytes);
  const rules = new RuleRunner({ mode: 'live', server: 'bench', timeouts: ruleTimeouts(defaultEngineOptions.requestTimeoutMs) });
  const feed = new RuleFeed(store, rules);
  // Rules may wait for the end of their 20 ms window: the last batch is counted too.
  const drain = async () => {
    recorder.flush();
    await new Promise((resolve) => setTimeout(resolve, 25));
  };
  return {
    ...pingLoop(observeTransport(fakeTransport(), recorder), drain),
    async dispose() {
      feed.dispose();
      rules.dispose();
      await store.dispose();
    },
  };
}

export async function observationWork(options: BenchOptions): Promise<Row[]> {
  const count = options.smoke ? 5_000 : 300_000;
  const bare = barePingLoop();
  const observed = observedPingLoop();
  try {
    await bare.run(count / 10);
    await observed.run(count / 10);
    const [bareRounds, observedRounds] = await interleavedAll(options.smoke ? 1 : 5, [() => bare.run(count), () => observed.run(count)]);
    const us = (value: number) => `${value.toFixed(2)} µs`;
    return [
      ratioRow(
        {
          figure: 'observation work per ping in isolation (recorder, trace, rules; fake transport; client CPU)',
          ours: `${us(median(observedRounds))} (added ${spreadText(
            observedRounds.map((value, round) => value - bareRounds[round]),
            2,
          )})`,
          reference: `bare loop ${us(median(bareRounds))}`,
          target: 'report',
        },
        observedRounds.map((value, round) => value / bareRounds[round]),
      ),
    ];
  } finally {
    await bare.dispose();
    await observed.dispose();
  }
}
