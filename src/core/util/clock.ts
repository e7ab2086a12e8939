// The current time as an ISO string, formatted once per millisecond: the engine stamps every
// trace event and model change, often many within one millisecond, and `toISOString` is not free.

let lastMs = Number.NaN;
let lastIso = '';

/** `new Date().toISOString()`, cached for the current millisecond. */
export function isoNow(): string {
  const ms = Date.now();
  if (ms !== lastMs) {
    lastMs = ms;
    lastIso = new Date(ms).toISOString();
  }
  return lastIso;
}
