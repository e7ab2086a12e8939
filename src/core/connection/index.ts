// The connection engine's public entry points.

export { createConnection, defaultEngineOptions } from './connection';
export type { EngineOptions, InspectedConnection, TraceReader } from './types';
