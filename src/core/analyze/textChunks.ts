// Reads a file as UTF-8 text, chunk by chunk, with the next read already in flight while a chunk
// is handled: the handling is synchronous and long, so a stream (which reads the next chunk only
// once asked) leaves the process waiting on the disk between chunks.

import { open } from 'node:fs/promises';
import { StringDecoder } from 'node:string_decoder';

/**
 * Just under V8's large-object size (128 KB): each decoded chunk is an ordinary young string rather
 * than a fresh large-object allocation (measured faster than 256 KB and 1 MB chunks, and less RSS).
 */
const CHUNK_BYTES = 120 * 1024;

/** Hands `onChunk` the file's text in order (a multi-byte character is never split between chunks). */
export async function readTextChunks(path: string, onChunk: (text: string) => void, chunkBytes = CHUNK_BYTES): Promise<void> {
  const file = await open(path, 'r');
  const buffers = [Buffer.allocUnsafe(chunkBytes), Buffer.allocUnsafe(chunkBytes)];
  const decoder = new StringDecoder('utf8');
  let position = 0;
  let pending = file.read(buffers[0], 0, chunkBytes, position);
  try {
    for (let turn = 0; ; turn++) {
      const { bytesRead } = await pending;
      if (bytesRead === 0) break;
      position += bytesRead;
      // The other buffer is free: its chunk was decoded (copied into a string) last turn.
      pending = file.read(buffers[(turn + 1) % 2], 0, chunkBytes, position);
      const text = decoder.write(buffers[turn % 2].subarray(0, bytesRead));
      if (text) onChunk(text);
    }
    const rest = decoder.end();
    if (rest) onChunk(rest);
  } finally {
    // A read may still be in flight when `onChunk` threw.
    await pending.catch(() => undefined);
    await file.close();
  }
}
