// The shape of a command of the extension and what every command may use. Each command lives in
// its own file here; registry.ts registers them all.

import type { CheckPanels } from '../check/checkPanel';
import type { FindingDiagnostics } from '../problems/findingDiagnostics';
import type { EngineView } from '../servers/engineHost';
import type { ServerRegistry } from '../servers/serverRegistry';
import type { ServersView } from '../servers/serversView';
import type { Logger } from '../common/log';
import type { TapManager } from '../tap/tapManager';
import type { TimelinePanels } from '../traffic/timelinePanel';
import type { TraceDocumentProvider } from '../traffic/traceDocument';
import type { ServerPicker } from './serverPicker';

export interface CommandServices {
  /** The extension's version (written into exported HAR files). */
  readonly version: string;
  readonly engine: EngineView;
  readonly registry: ServerRegistry;
  readonly servers: ServersView;
  readonly traces: TraceDocumentProvider;
  readonly timelines: TimelinePanels;
  readonly checks: CheckPanels;
  readonly taps: TapManager;
  readonly diagnostics: FindingDiagnostics;
  readonly log: Logger;
  showLog(): void;
}

export interface CommandContext extends CommandServices {
  readonly picker: ServerPicker;
}

/**
 * One command: its id (from ids.ts, matching package.json) and what it does. Arguments come from
 * the tree (a node), a quick fix or the status bar (a server name), tests, or nothing (the palette).
 */
export interface Command {
  readonly id: string;
  run(context: CommandContext, ...args: unknown[]): unknown;
}
