// Property test of every mcp.json edit the product makes (Add Server, replacing a server, adding and
// removing a tap's "(tapped)" entry): on generated files (comments, inputs, many servers, odd
// formatting, CRLF, tabs, one-line objects, trailing commas) and generated edit sequences, after
// each edit the file still parses, no server is lost, and every server the edit did not mean to
// change is byte-identical, with every comment outside the changed servers still there.

import * as assert from 'node:assert/strict';
import { applyEdits, parseTree, type Node, type ParseError } from 'jsonc-parser';
import { addServerEdits, parseMcpJson, removeServerEdits, type WriteResult } from '../../../src/core/config';
import { isTappedName, rawServerEntry, tappedEntryEdits, tappedHttpEntry, tappedNameOf, tappedStdioEntry } from '../../../src/core/config/tappedEntries';
import { seededIntegers } from '../support/seededRandom';

type Pick = <T>(items: readonly T[]) => T;

interface Generated {
  text: string;
  names: string[];
}

/** A random valid mcp.json; every comment carries a unique marker `cN`. */
function generateFile(int: (n: number) => number): Generated {
  const pick: Pick = (items) => items[int(items.length)];
  const eol = pick(['\n', '\r\n']);
  const unit = pick(['  ', '    ', '\t', ' ']);
  let marker = 0;
  const comment = (indent: string): string => {
    if (int(3)) return '';
    return int(2) ? `${indent}// c${marker++} note${eol}` : `${indent}/* c${marker++} block */${eol}`;
  };
  const oneLine = int(4) === 0;
  const trailingComma = int(3) === 0;
  const count = int(9);
  const names: string[] = [];
  const serverValue = (i: number, indent: string): string => {
    const inner = indent + unit;
    switch (int(5)) {
      case 0:
        return `{ "type": "http", "url": "http://127.0.0.1:${3000 + i}/mcp" }`;
      case 1:
        return `{"command":"node" ,   "args":[ "server-${i}.js","--flag" ] , "env": { "DEBUG": "1" }}`;
      case 2:
        return oneLine
          ? `{ "type": "sse", "url": "https://example.com/${i}/sse" /* c${marker++} inside */ }`
          : `{${eol}${inner}// c${marker++} inside${eol}${inner}"type": "sse",${eol}${inner}"url": "https://example.com/${i}/sse"${eol}${indent}}`;
      case 3:
        return oneLine
          ? `{ "type": "http", "url": "https://api.example.com/mcp?api_key=sk-lit-${i}", "headers": { "Authorization": "Bearer sk-lit-${i}" } }`
          : `{${eol}${inner}"type": "http",${eol}${inner}"url": "https://api.example.com/mcp",${eol}${inner}"headers": {${eol}${inner}${unit}"Authorization": "Bearer \${input:token}",${eol}${inner}${unit}"X-Key": "lit-${i}"${eol}${inner}}${eol}${indent}}`;
      default:
        return `{${eol}${inner}"type":   "stdio",${eol}${inner}${inner}"command": "npx",  "args": ["-y", "pkg-${i}"]${eol}${indent}}`;
    }
  };
  const members: string[] = [];
  const serverIndent = unit + unit;
  const serverParts: string[] = [];
  for (let i = 0; i < count; i++) {
    const name = pick([`s${i}`, `my server ${i}`, `x/${i}`, `ünï-${i}`, `q\\"${i}`]);
    names.push(JSON.parse(`"${name}"`) as string);
    const value = serverValue(i, oneLine ? '' : serverIndent);
    serverParts.push(oneLine ? `"${name}": ${value}` : `${comment(serverIndent)}${serverIndent}"${name}"${pick([': ', ':', ' : '])}${value}`);
  }
  const hasServers = count > 0 || int(2) === 0;
  if (hasServers) {
    const body = oneLine
      ? `{ ${serverParts.join(', ')}${trailingComma && count ? ',' : ''} }`
      : count
        ? `{${eol}${serverParts.join(`,${pick([' // c' + marker++ + ' after', ''])}${eol}`)}${trailingComma ? ',' : ''}${eol}${comment(serverIndent)}${unit}}`
        : `{}`;
    members.push(`${comment(unit)}${unit}"servers": ${body}`);
  }
  if (int(2)) {
    const input = (id: string) => `{ "type": "promptString", "id": "${id}", "password": true }`;
    const inputs = pick(['[]', `[${input('token')}]`, `[${eol}${unit}${unit}${input('token')},${eol}${unit}${unit}${input('other')}${eol}${unit}]`]);
    members.splice(int(members.length + 1), 0, `${comment(unit)}${unit}"inputs": ${inputs}`);
  }
  if (int(3) === 0) members.push(`${unit}"other": { "keep": true }`);
  const text = `${comment('')}{${eol}${members.join(`,${eol}`)}${eol}}${pick(['', eol, `${eol}// c${marker++} end${eol}`])}`;
  return { text, names };
}

/** Each server's member text (`"name": value`), by name. */
function serverTexts(text: string): Map<string, string> {
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { allowTrailingComma: true });
  assert.deepEqual(errors, [], `the file no longer parses:\n${text}`);
  const servers = root?.children?.find((pair) => pair.children?.[0]?.value === 'servers')?.children?.[1];
  const texts = new Map<string, string>();
  for (const pair of (servers?.children ?? []) as Node[]) texts.set(String(pair.children?.[0]?.value), text.slice(pair.offset, pair.offset + pair.length));
  return texts;
}

function commentsOf(text: string): string[] {
  return [...text.matchAll(/\/\/ (c\d+)|\/\* (c\d+)/g)].map((match) => match[1] ?? match[2]);
}

type EditKind = 'add' | 'replace' | 'add tapped' | 'remove tapped';

function applyRandomEdit(text: string, int: (n: number) => number, step: number): { kind: EditKind; name: string; result: WriteResult } {
  const names = [...serverTexts(text).keys()];
  const originals = names.filter((name) => !isTappedName(name));
  const tapped = names.filter(isTappedName);
  const kinds: EditKind[] = ['add', ...(originals.length ? (['replace', 'add tapped'] as const) : []), ...(tapped.length ? (['remove tapped'] as const) : [])];
  const kind = kinds[int(kinds.length)];
  const definition = int(2) ? { type: 'http', url: `http://127.0.0.1:${4000 + step}/mcp` } : { type: 'stdio', command: 'node', args: [`added-${step}.js`] };
  switch (kind) {
    case 'add': {
      const name = `new ${step}`;
      return { kind, name, result: addServerEdits(text, name, definition) };
    }
    case 'replace': {
      const name = originals[int(originals.length)];
      return { kind, name, result: addServerEdits(text, name, definition, { overwrite: true }) };
    }
    case 'add tapped': {
      const server = originals[int(originals.length)];
      const raw = rawServerEntry(text, server);
      assert.ok(raw, `the raw entry of ${server}`);
      const point = (entry: Record<string, unknown>) =>
        typeof raw.url === 'string'
          ? tappedHttpEntry(entry, 'http://127.0.0.1:4999')
          : tappedStdioEntry(entry, { nodePath: '/node', cliPath: '/cli.js', traceFile: '/t.jsonl', name: server });
      return { kind, name: tappedNameOf(server), result: tappedEntryEdits(text, server, raw, point) };
    }
    case 'remove tapped': {
      const name = tapped[int(tapped.length)];
      return { kind, name, result: removeServerEdits(text, name) };
    }
  }
}

describe('config: every mcp.json edit keeps what it did not mean to change (generated files and edits)', () => {
  const FILES = 300;
  const EDITS = 8;

  it(`${FILES} generated files × ${EDITS} generated edits: the file parses, no server is lost, untouched servers and comments are byte-identical`, () => {
    for (let seed = 1; seed <= FILES; seed++) {
      const int = seededIntegers(seed);
      const generated = generateFile(int);
      let text = generated.text;
      const start = serverTexts(text);
      assert.deepEqual([...start.keys()], generated.names, `seed ${seed}: the generator's own file\n${text}`);
      for (let step = 0; step < EDITS; step++) {
        const before = serverTexts(text);
        const { kind, name, result } = applyRandomEdit(text, int, step);
        const context = `seed ${seed}, edit ${step} (${kind} "${name}")`;
        assert.ok(result.ok, `${context} refused: ${result.ok ? '' : result.message}\n${text}`);
        assert.equal(applyEdits(text, result.edits), result.text, `${context}: the edits give the text`);
        const after = serverTexts(result.text);
        const expected = new Set(before.keys());
        if (kind === 'remove tapped') expected.delete(name);
        else expected.add(name);
        assert.deepEqual(new Set(after.keys()), expected, `${context}: the servers\n${result.text}`);
        for (const [server, member] of before) {
          if (server === name) continue;
          assert.equal(after.get(server), member, `${context}: "${server}" changed\nbefore:\n${text}\nafter:\n${result.text}`);
        }
        const touched = before.get(name) ?? '';
        const kept = commentsOf(text).filter((marker) => !commentsOf(touched).includes(marker));
        assert.deepEqual(
          commentsOf(result.text).filter((marker) => kept.includes(marker)),
          kept,
          `${context}: a comment was lost\n${result.text}`,
        );
        const parsed = parseMcpJson(result.text, { readEnvFiles: false, workspaceFolder: '/w' });
        assert.deepEqual(
          parsed.errors.filter((error) => error.severity === 'error'),
          [],
          `${context}: VS Code's format\n${result.text}`,
        );
        const eol = /\r\n/.test(generated.text) ? '\r\n' : '\n';
        if (eol === '\r\n') assert.ok(!/[^\r]\n/.test(result.text), `${context}: a bare \\n in a CRLF file\n${JSON.stringify(result.text)}`);
        text = result.text;
      }
    }
  });
});
