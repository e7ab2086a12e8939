// What the extension exports: read-only views of what the UI shows, for the extension-host tests
// and `npm run bench`. Plain data, no live objects (except the connections themselves).

import type * as vscode from 'vscode';
import type { InspectedConnection } from '../core/connection/types';
import type { CheckPanels } from './check/checkPanel';
import type { EngineView } from './servers/engineHost';
import type { ServerTreeProvider } from './servers/serverTree';
import type { TapManager } from './tap/tapManager';
import type { TimelinePanels } from './traffic/timelinePanel';

/** What the extension exports (used by the extension-host tests). */
export interface InspectorApi {
  servers(): InspectedConnection[];
  /** The Servers view's top-level items as rendered (for the UI tests). */
  serverItems(): vscode.TreeItem[];
  /** Open traffic timelines and what each webview shows (for the UI tests). */
  timelines(): ReturnType<TimelinePanels['states']>;
  /** Open session-check reports (for the UI tests). */
  sessionChecks(): ReturnType<CheckPanels['states']>;
  /** How long activate() took, and whether the engine (with the MCP SDK) was loaded by then (for `npm run bench`). */
  activation: { activationMs: number; sdkLoadedAtActivation: boolean };
  /** Running taps and the clients each has seen (for the UI tests). */
  taps(): Array<{
    server: string;
    kind: 'http' | 'stdio';
    url?: string;
    clients: Array<{ label: string; sessionId?: string; handshake: string; findings: string[] }>;
  }>;
  /** Refreshes the Servers view has fired so far (for the UI-under-load benchmark). */
  treeRefreshCount(): number;
}

export interface TestApiSources {
  engine: EngineView;
  tree: ServerTreeProvider;
  timelines: TimelinePanels;
  checks: CheckPanels;
  taps: TapManager;
  activation: InspectorApi['activation'];
}

export function createTestApi({ engine, tree, timelines, checks, taps, activation }: TestApiSources): InspectorApi {
  return {
    servers: () => engine.connections(),
    serverItems: () => tree.getChildren().map((node) => tree.getTreeItem(node)),
    timelines: () => timelines.states(),
    sessionChecks: () => checks.states(),
    activation,
    treeRefreshCount: () => tree.refreshCount,
    taps: () => tapSummaries(taps),
  };
}

/** What the UI tests read of the taps. */
function tapSummaries(taps: TapManager): ReturnType<InspectorApi['taps']> {
  return taps.taps().map((tap) => ({
    server: tap.server,
    kind: tap.kind,
    ...(tap.url ? { url: tap.url } : {}),
    clients: tap.hub.clients().map((client) => ({
      label: client.label,
      ...(client.model.session.id ? { sessionId: client.model.session.id } : {}),
      handshake: client.model.handshake.state,
      findings: client.model.findings.map((finding) => finding.rule),
    })),
  }));
}
