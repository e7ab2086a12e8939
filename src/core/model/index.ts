// The live connection model: its types, its stable JSON form, and the one builder that derives it.

export * from './types';
export * from './json';
export { ModelBuilder, type HandshakeOutcome, type ModelSource, type ModelStart } from './builder';
export { PREVIOUS_SESSIONS_KEPT } from './sessions';
