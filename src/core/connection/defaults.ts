// Engine defaults, kept apart from the engine so reading them does not load the MCP SDK.

import { DEFAULT_TRACE_BYTES } from '../trace/eventBytes';
import type { EngineOptions } from './types';

export const defaultEngineOptions: EngineOptions = {
  requestTimeoutMs: 30_000,
  pingIntervalMs: 15_000,
  traceBufferSize: 10_000,
  traceBufferBytes: DEFAULT_TRACE_BYTES,
  maxBodyBytes: 64 * 1024,
  clientInfo: { name: 'mcp-session-inspector', version: '0.1.0' },
};
