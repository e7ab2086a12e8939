// Adds a server entry to mcp.json text with jsonc-parser's `modify`, keeping comments and layout.

import { applyEdits, modify } from 'jsonc-parser';

/** Returns the text with `servers.<name>` set to `definition` (creating the file's skeleton if empty). */
export function addServerToMcpJson(text: string, name: string, definition: Record<string, unknown>): string {
  const base = text.trim() ? text : '{\n  "servers": {}\n}\n';
  const edits = modify(base, ['servers', name], definition, { formattingOptions: { insertSpaces: true, tabSize: 2, eol: '\n' } });
  return applyEdits(base, edits);
}
