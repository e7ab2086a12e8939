// A tiny typed event emitter shaped like VS Code's `Event<T>`, so core objects can be observed
// from the UI (which adapts them 1:1) and from the CLI without importing `vscode`.

/** Anything that can be released. Shaped like `vscode.Disposable`. */
export interface Disposable {
  dispose(): void;
}

/** Subscribe to an event; the result unsubscribes. */
export type Event<T> = (listener: (value: T) => void) => Disposable;

/** Where an error thrown by a listener (or a rule) goes, with the component it was thrown in. */
export type ListenerErrorHandler = (error: unknown, component: string) => void;

/** Until the product points it at its log: stderr, never nowhere. */
const toStderr: ListenerErrorHandler = (error, component) => {
  process.stderr.write(`mcp-session-inspector: a listener of ${component} failed: ${error instanceof Error ? error.message : String(error)}\n`);
};

/** Reports an error caught so it would not stop the others (listeners, rules) to {@link Emitter.onListenerError}. */
export function reportListenerError(error: unknown, component: string): void {
  try {
    Emitter.onListenerError(error, component);
  } catch {
    // A failing error handler must not turn one failure into a crash.
  }
}

/**
 * The handler lives on the global object, so one setting reaches every bundled copy of this module
 * (each test file is its own bundle; the test hooks set it once for all of them).
 */
const HANDLER_KEY = '__mcpSessionInspectorListenerError';
const holder = globalThis as typeof globalThis & { [HANDLER_KEY]?: ListenerErrorHandler };

/** Owns a set of listeners; `event` is what you expose, `fire` stays private. */
export class Emitter<T> implements Disposable {
  /** Where errors thrown by listeners go; the extension (its log channel), the CLI (stderr) and the test hooks (fail the test) set it. */
  static get onListenerError(): ListenerErrorHandler {
    return holder[HANDLER_KEY] ?? toStderr;
  }

  static set onListenerError(handler: ListenerErrorHandler) {
    holder[HANDLER_KEY] = handler;
  }

  private listeners = new Set<(value: T) => void>();
  private disposed = false;

  /** `component` names the emitter's owner in error reports ("connection", "tap hub"…). */
  constructor(private readonly component = 'an event') {}

  /** The subscription function to expose publicly. */
  readonly event: Event<T> = (listener) => {
    if (this.disposed) return { dispose: () => undefined };
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  };

  /** Delivers `value` to every listener. A throwing listener never stops the others. */
  fire(value: T): void {
    // The common single listener is called without copying the set (hot: every trace event).
    if (this.listeners.size <= 1) {
      const only = this.listeners.values().next().value;
      if (!only) return;
      try {
        only(value);
      } catch (error) {
        reportListenerError(error, this.component);
      }
      return;
    }
    for (const listener of [...this.listeners]) {
      try {
        listener(value);
      } catch (error) {
        reportListenerError(error, this.component);
      }
    }
  }

  /** How many listeners are attached (used by leak tests). */
  get listenerCount(): number {
    return this.listeners.size;
  }

  dispose(): void {
    this.disposed = true;
    this.listeners.clear();
  }
}

/** Collects disposables and releases them together, newest first. */
export class DisposableStore implements Disposable {
  private items: Disposable[] = [];

  add<T extends Disposable>(item: T): T {
    this.items.push(item);
    return item;
  }

  dispose(): void {
    const items = this.items.reverse();
    this.items = [];
    for (const item of items) item.dispose();
  }
}
