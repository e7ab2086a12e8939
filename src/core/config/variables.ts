// VS Code-style variable substitution for mcp.json values: ${workspaceFolder},
// ${workspaceFolderBasename}, ${userHome}, ${pathSeparator}, ${env:NAME} and ${input:id}.

import { homedir } from 'node:os';
import { basename, sep } from 'node:path';

export interface VariableContext {
  workspaceFolder?: string;
  /** Environment for ${env:NAME}; defaults to nothing (the caller passes process.env deliberately). */
  env?: Record<string, string | undefined>;
  /** Values for ${input:id} the user already supplied. */
  inputs?: Record<string, string>;
  userHome?: string;
}

export interface Resolved {
  value: string;
  /** Variables that could not be resolved (left in place). */
  unresolved: string[];
  /** ${input:id} ids still waiting for the user (left in place). */
  pendingInputs: string[];
}

/** Substitutes every known variable; unknown ones stay as written and are reported. */
export function resolveVariables(text: string, context: VariableContext): Resolved {
  const unresolved: string[] = [];
  const pendingInputs: string[] = [];
  const value = text.replace(/\$\{([^}]*)\}/g, (whole, name: string) => {
    if (name === 'workspaceFolder' && context.workspaceFolder) return context.workspaceFolder;
    if (name === 'workspaceFolderBasename' && context.workspaceFolder) return basename(context.workspaceFolder);
    if (name === 'userHome') return context.userHome ?? homedir();
    if (name === 'pathSeparator' || name === '/') return sep;
    if (name.startsWith('env:')) return context.env?.[name.slice(4)] ?? '';
    if (name.startsWith('input:')) {
      const id = name.slice(6);
      const supplied = context.inputs?.[id];
      if (supplied !== undefined) return supplied;
      pendingInputs.push(id);
      return whole;
    }
    unresolved.push(name);
    return whole;
  });
  return { value, unresolved, pendingInputs };
}
