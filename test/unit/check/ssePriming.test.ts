// Where a lost response after a resume comes from: the SDK example's event store is recognised by
// the ids it writes (taken from the real store), and is named as the cause only then.

import * as assert from 'node:assert/strict';
import { InMemoryEventStore } from '@modelcontextprotocol/sdk/examples/shared/inMemoryEventStore.js';
import { exampleEventStoreCause, isExampleEventStoreId } from '../../../src/core/protocol/priming';
import { OrderedEventStore } from '../../fixtures/support/orderedEventStore';

describe('a response lost on resume: the SDK example event store', () => {
  it('recognises the event ids of the SDK example InMemoryEventStore, for a stream id with or without dashes', async () => {
    const store = new InMemoryEventStore();
    for (const stream of ['_GET_stream', 'a6b2c1d0-3f4e-4a5b-8c7d-9e0f1a2b3c4d', 'stream-1']) {
      const id = await store.storeEvent(stream, { jsonrpc: '2.0', method: 'ping' });
      assert.ok(isExampleEventStoreId(id), id);
    }
  });

  it('does not take other ids for the example store’s', async () => {
    const ordered = await new OrderedEventStore().storeEvent('a6b2c1d0-3f4e-4a5b-8c7d-9e0f1a2b3c4d', { jsonrpc: '2.0', method: 'ping' });
    for (const id of [ordered, '42', 'a6b2c1d0-3f4e-4a5b-8c7d-9e0f1a2b3c4d', 'stream_1796528365249', 'stream_1796528365249_Z76LO4X8'])
      assert.equal(isExampleEventStoreId(id), false, id);
  });

  it('names that store as the cause only for such an id', () => {
    assert.match(
      exampleEventStoreCause('3ecaa528-36cb-4ade-b14c-a382b5e5cf7c_1796528365249_z76lo4x8') ?? '',
      /InMemoryEventStore.*same millisecond.*typescript-sdk#943/,
    );
    assert.equal(exampleEventStoreCause('3ecaa528-36cb-4ade-b14c-a382b5e5cf7c_7'), undefined);
    assert.equal(exampleEventStoreCause(undefined), undefined);
  });
});
