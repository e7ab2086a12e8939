// VS Code-style variable substitution for mcp.json values: ${workspaceFolder},
// ${workspaceFolderBasename}, ${userHome}, ${pathSeparator} (and its short form ${/}),
// ${env:NAME} and ${input:id}. Unknown variables stay as written and are reported with their
// position, so the caller can underline exactly `${…}`.

import { homedir } from 'node:os';
import { basename, sep } from 'node:path';

/** Values for `${input:id}`: a map, or a function returning undefined for "not supplied yet". */
export type InputValues = Readonly<Record<string, string>> | ((id: string) => string | undefined);

export interface VariableContext {
  workspaceFolder?: string;
  /** Environment for ${env:NAME}; defaults to nothing (the caller passes process.env deliberately). Unset names become "", as in VS Code. */
  env?: Readonly<Record<string, string | undefined>>;
  /** Values for ${input:id} the user already supplied. */
  inputs?: InputValues;
  /** For ${userHome}; defaults to the OS home directory. */
  userHome?: string;
  /** For ${pathSeparator} and ${/}; defaults to this platform's separator. */
  pathSeparator?: string;
}

/** One `${…}` that was left in place, at [start, end) of the input string. */
export interface VariableOccurrence {
  name: string;
  start: number;
  end: number;
}

export interface Resolved {
  value: string;
  /** Names of variables that could not be resolved (left in place). */
  unresolved: string[];
  /** Where each unresolved variable sits in the input string. */
  unresolvedAt: VariableOccurrence[];
  /** ${input:id} ids still waiting for the user (left in place). */
  pendingInputs: string[];
  /** Where each pending `${input:…}` sits in the input string. */
  pendingAt: VariableOccurrence[];
  /** The `${input:…}` values substituted (secrets: the caller redacts them wherever they appear). */
  inputValues: string[];
}

const VARIABLE = /\$\{([^}]*)\}/g;

function own(record: Readonly<Record<string, string | undefined>> | undefined, key: string): string | undefined {
  if (!record || !Object.prototype.hasOwnProperty.call(record, key)) return undefined;
  const value = record[key];
  return typeof value === 'string' ? value : undefined;
}

function inputValue(inputs: InputValues | undefined, id: string): string | undefined {
  if (!inputs) return undefined;
  if (typeof inputs === 'function') {
    try {
      const value = inputs(id);
      return typeof value === 'string' ? value : undefined;
    } catch {
      return undefined;
    }
  }
  return own(inputs, id);
}

/** Substitutes every known variable; unknown ones and unanswered inputs stay as written and are reported. */
export function resolveVariables(text: string, context: VariableContext): Resolved {
  const unresolvedAt: VariableOccurrence[] = [];
  const pendingAt: VariableOccurrence[] = [];
  const inputValues: string[] = [];
  const value = text.replace(VARIABLE, (whole: string, name: string, offset: number) => {
    const at = { name, start: offset, end: offset + whole.length };
    if (name === 'workspaceFolder' && context.workspaceFolder) return context.workspaceFolder;
    if (name === 'workspaceFolderBasename' && context.workspaceFolder) return basename(context.workspaceFolder);
    if (name === 'userHome') return context.userHome ?? homedir();
    if (name === 'pathSeparator' || name === '/') return context.pathSeparator ?? sep;
    if (name.startsWith('env:') && name.length > 4) return own(context.env, name.slice(4)) ?? '';
    if (name.startsWith('input:') && name.length > 6) {
      const supplied = inputValue(context.inputs, name.slice(6));
      if (supplied !== undefined) {
        inputValues.push(supplied);
        return supplied;
      }
      pendingAt.push({ ...at, name: name.slice(6) });
      return whole;
    }
    unresolvedAt.push(at);
    return whole;
  });
  return {
    value,
    unresolved: unresolvedAt.map((item) => item.name),
    unresolvedAt,
    pendingInputs: [...new Set(pendingAt.map((item) => item.name))],
    pendingAt,
    inputValues,
  };
}
