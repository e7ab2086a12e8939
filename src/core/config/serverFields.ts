// The fields of one server definition as the reader takes them: strings with their variables
// resolved (unknown ones reported at their exact place), maps of names to strings (env, headers) and
// the `oauth` object. Collects the `${input:…}` ids still needed and whether any error was reported.

import type { Node } from 'jsonc-parser';
import { setOwn } from './envFile';
import { describeType, rangeInString, report, type Reader } from './mcpJsonReader';
import type { ConfigError, ConfigErrorCode, Range, ServerConfig } from './types';
import { resolveVariables, type VariableOccurrence } from './variables';

const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

export type Fail = (code: ConfigErrorCode, at: Node | Range | undefined, message: string, severity?: ConfigError['severity']) => void;

export class ServerFields {
  /** An error (not a warning) was reported: the server would not work as written. */
  failed = false;
  /** `${input:…}` ids not supplied yet. */
  readonly pending: string[] = [];
  /** Values substituted for `${input:…}` (secrets). */
  readonly inputValues: string[] = [];

  constructor(
    private readonly reader: Reader,
    readonly name: string,
    readonly keyNode: Node,
  ) {}

  /** Reports a problem of this server, at `at` (else its key). */
  readonly fail: Fail = (code, at, message, severity = 'error') => {
    if (severity === 'error') this.failed = true;
    report(this.reader, code, at ?? this.keyNode, message, severity, this.name);
  };

  /** Resolves variables in a string node, reporting unknown ones at their exact place. */
  resolveAt(at: Node): string {
    const raw = String(at.value);
    if (this.reader.options.variables === false) return raw;
    const resolved = resolveVariables(raw, this.reader.options);
    for (const id of resolved.pendingInputs) if (!this.pending.includes(id)) this.pending.push(id);
    for (const value of resolved.inputValues) if (!this.inputValues.includes(value)) this.inputValues.push(value);
    const place = (occurrence: VariableOccurrence) => rangeInString(this.reader, at, occurrence.start, occurrence.end);
    for (const occurrence of resolved.unresolvedAt) {
      const hint = occurrence.name === 'workspaceFolder' || occurrence.name === 'workspaceFolderBasename' ? ' (there is no workspace folder here)' : '';
      this.fail('unresolved-variable', place(occurrence) ?? at, `Cannot resolve \${${occurrence.name}}${hint}; it is left as written.`, 'warning');
    }
    if (this.reader.vsCodeFormat && (this.reader.options.sourceKind ?? 'workspace-file') === 'workspace-file') {
      for (const occurrence of resolved.pendingAt) {
        if (!this.reader.declaredInputs.has(occurrence.name))
          this.fail(
            'unresolved-variable',
            place(occurrence) ?? at,
            `\${input:${occurrence.name}} has no matching entry in "inputs"; add { "type": "promptString", "id": "${occurrence.name}" }.`,
            'warning',
          );
      }
    }
    return resolved.value;
  }

  /** A string field: undefined when absent; reports wrong types. */
  string(key: string, at: Node | undefined): string | undefined {
    if (!at) return undefined;
    if (at.type !== 'string') {
      this.fail('invalid-field', at, `"${key}" must be a string, not ${describeType(at)}.`);
      return undefined;
    }
    return this.resolveAt(at);
  }

  /** `"oauth": { "clientId", "clientSecret"?, "scope"? }`: a client registered out of band. */
  oauth(at: Node | undefined): ServerConfig['oauth'] {
    if (!at) return undefined;
    const member = (key: string) => (at.type === 'object' ? at.children?.find((child) => child.children?.[0]?.value === key)?.children?.[1] : undefined);
    const clientId = at.type === 'object' ? this.string('oauth.clientId', member('clientId')) : undefined;
    if (!clientId) {
      this.fail('invalid-field', at, '"oauth" must be an object with a "clientId" string (and optionally "clientSecret" and "scope").');
      return undefined;
    }
    const clientSecret = this.string('oauth.clientSecret', member('clientSecret'));
    const scope = this.string('oauth.scope', member('scope'));
    return { clientId, ...(clientSecret ? { clientSecret } : {}), ...(scope ? { scope } : {}) };
  }

  /** A map of names to strings (env, headers); numbers and booleans are written as text. */
  stringMap(key: 'env' | 'headers', at: Node | undefined): Record<string, string> | undefined {
    if (!at) return undefined;
    if (at.type !== 'object') {
      this.fail('invalid-field', at, `"${key}" must be an object mapping names to string values, not ${describeType(at)}.`);
      return undefined;
    }
    const map: Record<string, string> = {};
    for (const pair of at.children ?? []) {
      const [k, v] = pair.children ?? [];
      if (k?.type !== 'string' || !v) continue;
      const itemName = String(k.value);
      if (key === 'headers' && !HEADER_NAME.test(itemName)) {
        this.fail('invalid-field', k, `"${itemName}" is not a valid HTTP header name.`);
        continue;
      }
      if (v.type === 'null') {
        this.fail(
          'invalid-field',
          v,
          `${key === 'env' ? 'Environment variable' : 'Header'} "${itemName}" is null; it is ignored (give it a string value or remove it).`,
          'warning',
        );
        continue;
      }
      if (v.type === 'number' || v.type === 'boolean') {
        setOwn(map, itemName, String(v.value));
        continue;
      }
      if (v.type !== 'string') {
        this.fail('invalid-field', v, `The value of "${itemName}" in "${key}" must be a string, not ${describeType(v)}.`);
        continue;
      }
      const value = this.resolveAt(v);
      if (key === 'headers' && /[\r\n\0]/.test(value)) {
        this.fail('invalid-field', v, `The value of header "${itemName}" contains a line break or NUL, which HTTP does not allow.`);
        continue;
      }
      setOwn(map, itemName, value);
    }
    return map;
  }
}
