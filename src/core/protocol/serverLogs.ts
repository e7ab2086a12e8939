// What server log lines say about sessions: the lines servers in the wild write when a message
// targets a session they do not know, and the session id such a line names.

const UNKNOWN_SESSION_LINE =
  /(message for unknown session|could not find session|session not found|no valid session id|no active transport found for session|transport not found for session(?:id)?|unknown or expired session)/i;
const ID_IN_LINE = /([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[0-9a-f]{32}|[A-Za-z0-9_-]{16,})\b/i;

/** A server log line about a message for an unknown session: the phrase that says so, and the id it names (if any); undefined for other lines. */
export function unknownSessionLogLine(line: string): { phrase: string; id?: string } | undefined {
  const phrase = UNKNOWN_SESSION_LINE.exec(line)?.[1];
  if (phrase === undefined) return undefined;
  const id = ID_IN_LINE.exec(line.replace(UNKNOWN_SESSION_LINE, ''))?.[1];
  return id ? { phrase, id } : { phrase };
}
