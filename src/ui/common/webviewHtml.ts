// The page every webview of the extension loads: a strict CSP (nothing remote, scripts only with
// this page's nonce, styles only from the extension), one bundled script and one stylesheet.

import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';

/** Where webview assets may load from: the bundled scripts and the media folder. */
export function webviewRoots(extensionUri: vscode.Uri): vscode.Uri[] {
  return [vscode.Uri.joinPath(extensionUri, 'dist', 'webview'), vscode.Uri.joinPath(extensionUri, 'media')];
}

function escapeAttribute(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The HTML of webview `name`: dist/webview/<name>/main.js and media/webview/<name>/<stylesheet>. */
export function webviewHtml(
  webview: vscode.Webview,
  extensionUri: vscode.Uri,
  name: string,
  stylesheet: string,
  options: { title: string; data?: Record<string, string> },
): string {
  const script = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'webview', name, 'main.js'));
  const style = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'media', 'webview', name, stylesheet));
  const nonce = randomBytes(18).toString('base64url');
  const data = Object.entries(options.data ?? {})
    .map(([key, value]) => ` data-${key}="${escapeAttribute(value)}"`)
    .join('');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src ${webview.cspSource}; style-src ${webview.cspSource}; font-src ${webview.cspSource}; script-src 'nonce-${nonce}';">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${style.toString()}">
<title>${escapeAttribute(options.title)}</title>
</head>
<body>
<div id="app"${data}></div>
<script nonce="${nonce}" src="${script.toString()}"></script>
</body>
</html>`;
}
