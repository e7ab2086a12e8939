// Reads the `envFile` of a stdio server: dotenv-style KEY=VALUE lines. Supported: blank lines,
// `#` comments (whole-line, and after an unquoted value when preceded by a space), an `export `
// prefix, single quotes (literal), double quotes (with \n \r \t \" \\ escapes, may span lines),
// backticks (literal). Later keys win. Values are secrets: this module never logs anything.

import { LineIndex } from './text';
import type { Range } from './types';

export interface EnvFileProblem {
  message: string;
  range: Range;
}

export interface EnvFileResult {
  values: Record<string, string>;
  problems: EnvFileProblem[];
}

const KEY = /^(?:export[ \t]+)?([A-Za-z_][A-Za-z0-9_.-]*)[ \t]*=[ \t]*/;

/** Sets `key` as an own data property, even when it is `__proto__`. */
export function setOwn(target: Record<string, string>, key: string, value: string): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

function unescapeDoubleQuoted(raw: string): string {
  return raw.replace(/\\([nrt"\\])/g, (_whole, char: string) => (char === 'n' ? '\n' : char === 'r' ? '\r' : char === 't' ? '\t' : char));
}

/** Parses env-file text; malformed lines become problems (with the line's range) and are skipped. */
export function parseEnvFile(text: string): EnvFileResult {
  const values: Record<string, string> = {};
  const problems: EnvFileProblem[] = [];
  // VS Code drops a byte order mark from the document, so positions exclude it.
  const source = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const lines = new LineIndex(source);
  let at = 0;
  while (at < source.length) {
    let lineEnd = source.indexOf('\n', at);
    if (lineEnd < 0) lineEnd = source.length;
    const line = source.slice(at, lineEnd).replace(/\r$/, '');
    const trimmed = line.trim();
    if (!trimmed || trimmed.startsWith('#')) {
      at = lineEnd + 1;
      continue;
    }
    const leading = line.length - line.trimStart().length;
    const match = KEY.exec(line.slice(leading));
    if (!match) {
      problems.push({ message: 'Expected KEY=VALUE.', range: lines.rangeAt(at + leading, trimmed.length) });
      at = lineEnd + 1;
      continue;
    }
    const key = match[1];
    const valueStart = at + leading + match[0].length;
    const quote = source[valueStart];
    if (quote === '"' || quote === "'" || quote === '`') {
      let close = valueStart + 1;
      while (close < source.length) {
        if (source[close] === quote) break;
        if (quote === '"' && source[close] === '\\') close++;
        close++;
      }
      if (close >= source.length) {
        problems.push({ message: `Missing closing ${quote} for ${key}.`, range: lines.rangeAt(valueStart, 1) });
        break;
      }
      const raw = source.slice(valueStart + 1, close).replace(/\r\n/g, '\n');
      setOwn(values, key, quote === '"' ? unescapeDoubleQuoted(raw) : raw);
      const next = source.indexOf('\n', close);
      at = next < 0 ? source.length : next + 1;
      continue;
    }
    let value = source.slice(valueStart, lineEnd).replace(/\r$/, '');
    const comment = value.search(/[ \t]#/);
    if (comment >= 0) value = value.slice(0, comment);
    setOwn(values, key, value.trim());
    at = lineEnd + 1;
  }
  return { values, problems };
}
