// The current time as an ISO string, cheaply: the engine stamps every trace event and model
// change, often many within one millisecond, and `toISOString` is not free. The string is kept
// for the current millisecond, and within a minute only the seconds and milliseconds are written.

let lastMs = Number.NaN;
let lastIso = '';
/** Start (ms) of the minute `minutePrefix` ("YYYY-MM-DDTHH:MM:") belongs to. */
let minuteStart = Number.NaN;
let minutePrefix = '';

const TWO_DIGITS = Array.from({ length: 60 }, (_, n) => String(n).padStart(2, '0'));
const THREE_DIGITS = Array.from({ length: 1000 }, (_, n) => String(n).padStart(3, '0'));

/** `new Date().toISOString()`, cached for the current millisecond. */
export function isoNow(): string {
  const ms = Date.now();
  if (ms === lastMs) return lastIso;
  lastMs = ms;
  const sinceMinute = ms - minuteStart;
  if (sinceMinute >= 0 && sinceMinute < 60_000) {
    lastIso = `${minutePrefix}${TWO_DIGITS[Math.floor(sinceMinute / 1000)]}.${THREE_DIGITS[sinceMinute % 1000]}Z`;
    return lastIso;
  }
  lastIso = new Date(ms).toISOString();
  // Years outside 0000–9999 print differently; only the usual form is cut into a prefix.
  if (lastIso.length === 24) {
    minuteStart = ms - (ms % 60_000);
    minutePrefix = lastIso.slice(0, 17);
  } else minuteStart = Number.NaN;
  return lastIso;
}
