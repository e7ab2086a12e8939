// The connection engine's public entry points.

export { createConnection } from './connection';
export { defaultEngineOptions } from './defaults';
export type { EngineOptions, InspectedConnection, TraceReader } from './types';
