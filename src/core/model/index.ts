// The live connection model: its types, its stable JSON form, and the one builder that derives it.

export * from './types';
export * from './json';
