// The stream table keeps what the Servers view shows: every open stream, and of the closed ones
// only those opened last, in the order they opened.

import * as assert from 'node:assert/strict';
import { StreamTable } from '../../../src/core/model/streams';

const T = '2026-12-06T00:00:00.000Z';
const ids = (table: StreamTable) => table.all.map((stream) => `${stream.id}:${stream.state}`);

describe('stream table', () => {
  it('a connection keeps the 3 latest-opened of its closed POST streams and every open one, in order', () => {
    const table = new StreamTable('connection');
    for (let n = 1; n <= 7; n++) table.opened(`post#${n}`, 'post-response', T);
    for (const n of [1, 2, 4, 5, 7, 3]) table.closed(`post#${n}`, { byClient: false }, T, 'streamable-http');
    assert.deepEqual(ids(table), ['post#4:closed', 'post#5:closed', 'post#6:open', 'post#7:closed']);
  });

  it('a tapped client keeps the 10 latest-opened of its closed streams and every open one, in order', () => {
    const table = new StreamTable('client');
    for (let n = 1; n <= 14; n++) {
      table.opened(`s#${n}`, 'post-response', T);
      if (n !== 2 && n !== 9) table.closed(`s#${n}`, { byClient: false }, T, 'streamable-http');
    }
    table.opened('s#15', 'get', T);
    assert.deepEqual(ids(table), [
      's#2:open',
      's#4:closed',
      's#5:closed',
      's#6:closed',
      's#7:closed',
      's#8:closed',
      's#9:open',
      's#10:closed',
      's#11:closed',
      's#12:closed',
      's#13:closed',
      's#14:closed',
      's#15:open',
    ]);
  });
});
