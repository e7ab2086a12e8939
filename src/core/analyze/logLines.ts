// Plain server logs: every line becomes a `stderr` event of source `log-file`, timed by the
// timestamp at its start when there is one (ISO 8601, Python logging, bracketed), so the rules
// that read server output (unknown-session's "Could not find session for ID …") see it.

const LEADING_TIME = /^\[?(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}:\d{2})(?:[.,](\d{1,6}))?(Z|[+-]\d{2}:?\d{2})?/;

/** The time at the start of a log line, in ms, or undefined. */
export function leadingTime(line: string): number | undefined {
  const match = LEADING_TIME.exec(line);
  if (!match) return undefined;
  const [, date, time, fraction, zone] = match;
  const millis = fraction ? `.${fraction.padEnd(3, '0').slice(0, 3)}` : '';
  const parsed = Date.parse(`${date}T${time}${millis}${zone ? (zone === 'Z' ? 'Z' : zone.replace(/^([+-]\d{2})(\d{2})$/, '$1:$2')) : ''}`);
  return Number.isNaN(parsed) ? undefined : parsed;
}
