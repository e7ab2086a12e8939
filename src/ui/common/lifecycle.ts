// Ownership of what a UI class registers (commands, event subscriptions, watchers, panels): each
// is handed to _register() and disposed with its owner, in the order it was registered.

/** Anything with a dispose(): vscode.Disposable, the core's emitter subscriptions, timers wrapped in one. */
export interface IDisposable {
  dispose(): unknown;
}

export function toDisposable(dispose: () => unknown): IDisposable {
  return { dispose };
}

/** Disposes every item, even when one of them throws; the first error is rethrown afterwards. */
export function disposeAll(disposables: Iterable<IDisposable>): void {
  let failure: unknown;
  for (const disposable of disposables) {
    try {
      disposable.dispose();
    } catch (error) {
      failure ??= error;
    }
  }
  if (failure !== undefined) throw failure instanceof Error ? failure : new Error(String(failure));
}

export abstract class Disposable implements IDisposable {
  private disposed = false;
  private readonly owned: IDisposable[] = [];

  protected get isDisposed(): boolean {
    return this.disposed;
  }

  /** Owns `value` from now on; a value registered after dispose() is disposed at once. */
  protected _register<T extends IDisposable>(value: T): T {
    if (this.disposed) value.dispose();
    else this.owned.push(value);
    return value;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    disposeAll(this.owned.splice(0));
  }
}
