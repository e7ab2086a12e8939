// "MCP Sessions: Analyze Trace or Log File…": every rule over a JSONL trace, a HAR, a server log
// or a client's log (VS Code's MCP output, mcp-remote, Claude Desktop) picked by the user; the findings land in the Problems panel on the lines they came from.

import * as vscode from 'vscode';
import type { Logger } from '../common/log';
import type { FindingDiagnostics } from './findingDiagnostics';

/** Files larger than this are analysed but not opened in an editor. */
const OPEN_LIMIT_BYTES = 20 * 1024 * 1024;

export async function analyzeTraceFile(diagnostics: FindingDiagnostics, log: Logger, argument?: unknown): Promise<void> {
  const given = argument instanceof vscode.Uri ? argument : undefined;
  const picked = given
    ? [given]
    : await vscode.window.showOpenDialog({
        title: 'Analyze an MCP trace or server log',
        openLabel: 'Analyze',
        canSelectMany: false,
        filters: { 'Traces and logs': ['jsonl', 'har', 'log', 'txt'], 'All files': ['*'] },
      });
  const uri = picked?.[0];
  if (!uri) return;
  if (uri.scheme !== 'file') {
    void vscode.window.showErrorMessage('Only files on this machine can be analysed.');
    return;
  }
  const { analyzeFile } = require('../../core/analyze/analyzeFile') as typeof import('../../core/analyze/analyzeFile');
  const name = vscode.workspace.asRelativePath(uri);
  try {
    const version = await vscode.workspace.fs.stat(uri);
    const result = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Analyzing ${name}…` }, () =>
      analyzeFile(uri.fsPath),
    );
    diagnostics.publishFile(uri, version, result.findings, result.problems);
    const counts = { error: 0, warning: 0, info: 0 };
    for (const finding of result.findings) counts[finding.severity]++;
    const what =
      result.format === 'har'
        ? `${result.mcpEntries} MCP entries of ${result.entries}`
        : `${result.events} ${result.format === 'log' ? 'log lines' : 'events'}`;
    log.info(`analyzed ${uri.fsPath} (${result.format}): ${what}, ${result.findings.length} finding(s), ${result.problemCount} unreadable line(s)`);
    if (version.size <= OPEN_LIMIT_BYTES) await vscode.window.showTextDocument(uri, { preview: true });
    if (result.findings.length) await vscode.commands.executeCommand('workbench.actions.view.problems');
    void vscode.window.showInformationMessage(
      result.findings.length
        ? `${name}: ${counts.error} error(s), ${counts.warning} warning(s), ${counts.info} info in ${what}. See the Problems panel.`
        : `${name}: no findings in ${what}.${result.format === 'har' && !result.mcpEntries ? ' The HAR holds no MCP traffic.' : ''}`,
    );
  } catch (error) {
    void vscode.window.showErrorMessage(`Could not analyze ${name}: ${error instanceof Error ? error.message : String(error)}`);
  }
}
