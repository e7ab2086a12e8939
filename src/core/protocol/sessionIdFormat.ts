// What the spec asks of a session id: visible ASCII only (0x21–0x7E), and globally unique and
// cryptographically secure — so a short, low-variety or sequential id reads as guessable.

export type SessionIdVerdict = { kind: 'ok' } | { kind: 'invalid-characters'; message: string } | { kind: 'guessable'; message: string };

/** Judges a session id; `other` is another id the same server issued (to spot sequential ids). */
export function judgeSessionId(id: string, other?: string): SessionIdVerdict {
  if (!/^[\x21-\x7e]+$/.test(id)) {
    return {
      kind: 'invalid-characters',
      message: `Session id ${JSON.stringify(id)} has characters outside visible ASCII (0x21–0x7E); the spec forbids them and clients may mangle the header.`,
    };
  }
  const sequential = other !== undefined && other !== id && /^\d+$/.test(id) && /^\d+$/.test(other) && Math.abs(Number(other) - Number(id)) < 1000;
  if (id.length < 16 || new Set(id).size < 8 || sequential) {
    return {
      kind: 'guessable',
      message: `Session id ${id} looks guessable (${id.length} characters${sequential ? `, sequential with ${other}` : ''}); use a cryptographically random id such as a UUID so others cannot hijack sessions.`,
    };
  }
  return { kind: 'ok' };
}
