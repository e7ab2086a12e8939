// ISO time strings, cheaply: the engine stamps every trace event and model change, often many
// within one millisecond, and `analyze` dates every event of a HAR; `toISOString` is not free.
// Within a minute only the seconds and milliseconds are written.

const TWO_DIGITS = Array.from({ length: 60 }, (_, n) => String(n).padStart(2, '0'));
const THREE_DIGITS = Array.from({ length: 1000 }, (_, n) => String(n).padStart(3, '0'));

/** `new Date(ms).toISOString()`, reusing the "YYYY-MM-DDTHH:MM:" of the last minute it wrote. */
class IsoFormatter {
  /** Start (ms) of the minute `minutePrefix` belongs to. */
  private minuteStart = Number.NaN;
  private minutePrefix = '';

  format(ms: number): string {
    // A Date drops the fraction of its time value (towards zero).
    const whole = Math.trunc(ms);
    const sinceMinute = whole - this.minuteStart;
    if (sinceMinute >= 0 && sinceMinute < 60_000)
      return `${this.minutePrefix}${TWO_DIGITS[Math.floor(sinceMinute / 1000)]}.${THREE_DIGITS[sinceMinute % 1000]}Z`;
    // Throws RangeError for an invalid time, as toISOString does.
    const iso = new Date(ms).toISOString();
    // Years outside 0000–9999 print differently; only the usual form is cut into a prefix.
    if (iso.length === 24) {
      this.minuteStart = whole - (((whole % 60_000) + 60_000) % 60_000);
      this.minutePrefix = iso.slice(0, 17);
    } else this.minuteStart = Number.NaN;
    return iso;
  }
}

const now = new IsoFormatter();
let lastMs = Number.NaN;
let lastIso = '';

/** `new Date().toISOString()`, cached for the current millisecond. */
export function isoNow(): string {
  const ms = Date.now();
  if (ms === lastMs) return lastIso;
  lastMs = ms;
  lastIso = now.format(ms);
  return lastIso;
}

const times = new IsoFormatter();

/** `new Date(ms).toISOString()` for any time (the same string, or the same RangeError). */
export function isoTime(ms: number): string {
  return times.format(ms);
}

/** Two ASCII digits at `at` as a number, or -1. */
function twoDigits(text: string, at: number): number {
  const high = text.charCodeAt(at) - 48;
  const low = text.charCodeAt(at + 1) - 48;
  return high >= 0 && high <= 9 && low >= 0 && low <= 9 ? high * 10 + low : -1;
}

/** Milliseconds into its minute of a "…:SS.sssZ" time 24 characters long (seconds 00–59), else -1. */
function msIntoMinute(text: string): number {
  if (text.length !== 24 || text.charCodeAt(16) !== 58 || text.charCodeAt(19) !== 46 || text.charCodeAt(23) !== 90) return -1;
  const seconds = twoDigits(text, 17);
  const tens = twoDigits(text, 20);
  const last = text.charCodeAt(22) - 48;
  if (seconds < 0 || seconds > 59 || tens < 0 || last < 0 || last > 9) return -1;
  return seconds * 1000 + tens * 10 + last;
}

/**
 * `Date.parse(text)`, reusing the minute of the last "YYYY-MM-DDTHH:MM:SS.sssZ" time it parsed:
 * a time within that minute (same first 17 characters) is its start plus the seconds and
 * milliseconds written after it; anything else goes to `Date.parse`.
 */
class IsoParser {
  private minuteStart = Number.NaN;
  private minutePrefix = '';

  parse(text: string): number {
    const intoMinute = msIntoMinute(text);
    if (intoMinute >= 0 && this.minutePrefix && text.startsWith(this.minutePrefix)) return this.minuteStart + intoMinute;
    const ms = Date.parse(text);
    // A minute Date.parse accepted at one second is valid at every second 00–59.
    if (intoMinute >= 0 && !Number.isNaN(ms)) {
      this.minuteStart = ms - intoMinute;
      this.minutePrefix = text.slice(0, 17);
    }
    return ms;
  }
}

const parser = new IsoParser();

/** `Date.parse(text)` (the same number, NaN included), cheaply for times written by toISOString. */
export function parseIsoTime(text: string): number {
  return parser.parse(text);
}
