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
    if (sinceMinute >= 0 && sinceMinute < 60_000) return `${this.minutePrefix}${TWO_DIGITS[Math.floor(sinceMinute / 1000)]}.${THREE_DIGITS[sinceMinute % 1000]}Z`;
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
