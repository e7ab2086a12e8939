import * as assert from 'node:assert/strict';
import { homedir } from 'node:os';
import { resolveVariables } from '../../../src/core/config';

describe('config: variables', () => {
  const context = { workspaceFolder: '/home/u/project', env: { TOKEN: 't0k', EMPTY: '' }, userHome: '/home/u', pathSeparator: '/' };

  it('substitutes the predefined variables', () => {
    const { value, unresolved, pendingInputs } = resolveVariables(
      '${workspaceFolder}|${workspaceFolderBasename}|${userHome}|a${pathSeparator}b${/}c|${env:TOKEN}',
      context,
    );
    assert.equal(value, '/home/u/project|project|/home/u|a/b/c|t0k');
    assert.deepEqual(unresolved, []);
    assert.deepEqual(pendingInputs, []);
  });

  it('turns an unset ${env:NAME} into "" as VS Code does', () => {
    assert.equal(resolveVariables('[${env:MISSING}][${env:EMPTY}]', context).value, '[][]');
    assert.equal(resolveVariables('[${env:TOKEN}]', {}).value, '[]');
  });

  it('defaults ${userHome} to the OS home directory', () => {
    assert.equal(resolveVariables('${userHome}', {}).value, homedir());
  });

  it('leaves unknown variables in place and says where they are', () => {
    const result = resolveVariables('a${config:x}b${}c${workspaceFolder}', {});
    assert.equal(result.value, 'a${config:x}b${}c${workspaceFolder}');
    assert.deepEqual(result.unresolvedAt, [
      { name: 'config:x', start: 1, end: 12 },
      { name: '', start: 13, end: 16 },
      { name: 'workspaceFolder', start: 17, end: 35 },
    ]);
  });

  it('keeps unanswered inputs pending (once each) and resolves answered ones', () => {
    const pending = resolveVariables('${input:a}-${input:b}-${input:a}', { inputs: { b: 'B' } });
    assert.equal(pending.value, '${input:a}-B-${input:a}');
    assert.deepEqual(pending.pendingInputs, ['a']);
    assert.deepEqual(
      pending.pendingAt.map((item) => [item.name, item.start, item.end]),
      [
        ['a', 0, 10],
        ['a', 22, 32],
      ],
    );
    assert.equal(resolveVariables('${input:a}', { inputs: (id) => id.toUpperCase() }).value, 'A');
  });

  it('treats a resolver that throws or returns a non-string as "not answered"', () => {
    assert.deepEqual(
      resolveVariables('${input:a}', {
        inputs: () => {
          throw new Error('boom');
        },
      }).pendingInputs,
      ['a'],
    );
    assert.deepEqual(resolveVariables('${input:a}', { inputs: () => 42 as unknown as string }).pendingInputs, ['a']);
  });

  it('does not substitute again inside substituted values, and ignores $-patterns in them', () => {
    assert.equal(resolveVariables('${input:a}', { inputs: { a: "${env:TOKEN}$&$'" } }).value, "${env:TOKEN}$&$'");
  });

  it('never reads inherited properties as values (__proto__, constructor, toString)', () => {
    const result = resolveVariables('${env:constructor}|${env:__proto__}|${input:toString}|${input:__proto__}', { env: {}, inputs: {} });
    assert.equal(result.value, '||${input:toString}|${input:__proto__}');
    assert.deepEqual(result.pendingInputs, ['toString', '__proto__']);
  });
});
