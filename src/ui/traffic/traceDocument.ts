// A read-only document per server showing its (already redacted) trace as JSONL, one event a line:
// the anchor for findings of servers that do not come from a file, and "Show Traffic" for now.

import * as vscode from 'vscode';
import type { InspectedConnection } from '../../core/connection/types';
import { Disposable } from '../common/lifecycle';

export const TRACE_SCHEME = 'mcp-sessions-trace';

export function traceUri(server: string): vscode.Uri {
  return vscode.Uri.from({ scheme: TRACE_SCHEME, path: `/${encodeURIComponent(server)}.jsonl` });
}

export class TraceDocumentProvider extends Disposable implements vscode.TextDocumentContentProvider {
  private readonly changed = this._register(new vscode.EventEmitter<vscode.Uri>());
  readonly onDidChange = this.changed.event;

  constructor(private readonly connection: (name: string) => InspectedConnection | undefined) {
    super();
    this._register(vscode.workspace.registerTextDocumentContentProvider(TRACE_SCHEME, this));
  }

  static serverOf(uri: vscode.Uri): string {
    return decodeURIComponent(uri.path.replace(/^\//, '').replace(/\.jsonl$/, ''));
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    const connection = this.connection(TraceDocumentProvider.serverOf(uri));
    if (!connection) return '';
    return connection.trace
      .events()
      .map((event) => JSON.stringify(event))
      .join('\n');
  }

  /** The line of the event with this sequence number, if it is still held. */
  lineOf(server: string, seq: number): number | undefined {
    return this.connection(server)?.trace.indexOf(seq);
  }

  refresh(server: string): void {
    this.changed.fire(traceUri(server));
  }
}
