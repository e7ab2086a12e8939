// mcp.json's `inputs`: the `promptString` definitions `${input:…}` refers to. A bad definition is a
// warning at its place; the first declaration of an id wins.

import type { Node } from 'jsonc-parser';
import { describeType, fieldOf, report, type Reader } from './mcpJsonReader';
import type { InputDefinition } from './types';

/** The definitions of `"inputs"`, reporting malformed ones. */
export function parseInputs(reader: Reader, node: Node | undefined): InputDefinition[] {
  const inputs: InputDefinition[] = [];
  if (!node) return inputs;
  if (node.type !== 'array') {
    report(reader, 'invalid-field', node, `"inputs" must be an array of input definitions, not ${describeType(node)}.`);
    return inputs;
  }
  for (const item of node.children ?? []) {
    if (item.type !== 'object') {
      report(reader, 'invalid-field', item, `Each input must be an object with an "id", not ${describeType(item)}.`, 'warning');
      continue;
    }
    const idNode = fieldOf(item, 'id');
    if (idNode?.type !== 'string' || !String(idNode.value).trim()) {
      report(reader, 'invalid-field', idNode ?? item, 'Each input needs an "id" string.', 'warning');
      continue;
    }
    const id = String(idNode.value);
    if (reader.declaredInputs.has(id)) report(reader, 'invalid-field', idNode, `Input "${id}" is declared twice; the first declaration is used.`, 'warning');
    const typeNode = fieldOf(item, 'type');
    const descriptionNode = fieldOf(item, 'description');
    const passwordNode = fieldOf(item, 'password');
    const defaultNode = fieldOf(item, 'default');
    if (typeNode && typeNode.type !== 'string')
      report(reader, 'invalid-field', typeNode, '"type" of an input must be a string such as "promptString".', 'warning');
    if (passwordNode && passwordNode.type !== 'boolean') report(reader, 'invalid-field', passwordNode, '"password" must be true or false.', 'warning');
    if (reader.declaredInputs.has(id)) continue;
    reader.declaredInputs.add(id);
    inputs.push({
      id,
      type: typeNode?.type === 'string' ? String(typeNode.value) : 'promptString',
      ...(descriptionNode?.type === 'string' ? { description: String(descriptionNode.value) } : {}),
      password: passwordNode?.type === 'boolean' && passwordNode.value === true,
      ...(defaultNode?.type === 'string' ? { default: String(defaultNode.value) } : {}),
    });
  }
  return inputs;
}
