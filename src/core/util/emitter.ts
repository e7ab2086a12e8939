// A tiny typed event emitter shaped like VS Code's `Event<T>`, so core objects can be observed
// from the UI (which adapts them 1:1) and from the CLI without importing `vscode`.

/** Anything that can be released. Shaped like `vscode.Disposable`. */
export interface Disposable {
  dispose(): void;
}

/** Subscribe to an event; the result unsubscribes. */
export type Event<T> = (listener: (value: T) => void) => Disposable;

/** Owns a set of listeners; `event` is what you expose, `fire` stays private. */
export class Emitter<T> implements Disposable {
  /** Where errors thrown by listeners go; the extension and the CLI point this at their log. */
  static onListenerError: (error: unknown) => void = () => undefined;

  private listeners = new Set<(value: T) => void>();
  private disposed = false;

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
        Emitter.onListenerError(error);
      }
      return;
    }
    for (const listener of [...this.listeners]) {
      try {
        listener(value);
      } catch (error) {
        Emitter.onListenerError(error);
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
