// Redaction: secrets are removed before a trace event is built, so nothing downstream (store,
// JSONL/HAR export, log channel, webview, CLI output) can ever see them.

export const REDACTED = '<redacted>';

/** The default for `knownSecrets`: one shared empty list, not a new array per call (these run per header and body). */
export const NO_SECRETS: readonly string[] = [];

/** Header names whose values are always secret. */
const SECRET_HEADERS = new Set([
  'authorization',
  'proxy-authorization',
  'cookie',
  'set-cookie',
  'x-api-key',
  'api-key',
  'x-auth-token',
  'x-access-token',
  'x-goog-api-key',
  'dpop',
]);

/** Header or query names that look like credentials. */
const SECRET_NAME =
  /(^|[-_])(token|secret|password|passwd|pwd|api[-_]?key|apikey|auth|credential|signature|sig|session[-_]?token|access[-_]?key|private[-_]?key|code)([-_]|$)/i;

/** Answers for names seen before: the same few header names come with every exchange. */
const secretNameCache = new Map<string, boolean>();

/** True when a header or query parameter of this name carries a credential. */
export function isSecretName(name: string): boolean {
  const known = secretNameCache.get(name);
  if (known !== undefined) return known;
  const lower = name.toLowerCase();
  const secret = SECRET_HEADERS.has(lower) || SECRET_NAME.test(lower);
  // Bounded: names are usually few, but a hostile trace could carry millions.
  if (secretNameCache.size >= 1000) secretNameCache.clear();
  secretNameCache.set(name, secret);
  return secret;
}

/**
 * Answers for header names, lower-cased, built once: the secret ones and those every MCP exchange
 * carries. A name not in it is judged (and remembered) by `isSecretName`.
 */
const HEADER_NAMES = new Map<string, boolean>([
  ...[...SECRET_HEADERS].map((name): [string, boolean] => [name, true]),
  ...[
    'accept',
    'accept-encoding',
    'accept-language',
    'access-control-allow-origin',
    'access-control-expose-headers',
    'cache-control',
    'connection',
    'content-encoding',
    'content-length',
    'content-type',
    'date',
    'etag',
    'host',
    'keep-alive',
    'last-event-id',
    'mcp-protocol-version',
    'mcp-session-id',
    'sec-fetch-mode',
    'server',
    'transfer-encoding',
    'user-agent',
    'vary',
    'www-authenticate',
    'x-powered-by',
  ].map((name): [string, boolean] => [name, SECRET_HEADERS.has(name) || SECRET_NAME.test(name)]),
]);

/** `isSecretName` for a header name already lower-cased. */
export function isSecretHeaderName(lower: string): boolean {
  return HEADER_NAMES.get(lower) ?? isSecretName(lower);
}

/** Where `redactHeaders` writes a `Headers` object's entries (passed as `forEach`'s this: no closure per call). */
interface HeaderSink {
  out: Record<string, string>;
  knownSecrets: readonly string[];
}

/** A `Headers` entry (its name already lower-cased), as `addLowerCasedHeader` adds it. */
function addHeadersEntry(this: HeaderSink, value: string, lower: string): void {
  if (lower === '__proto__') return;
  this.out[lower] = isSecretHeaderName(lower) ? REDACTED : redactText(value, this.knownSecrets);
}

/** Adds one header to `out` as `redactHeaders` does: lower-cased name, secret values replaced. */
export function addRedactedHeader(out: Record<string, string>, name: string, raw: unknown, knownSecrets: readonly string[] = NO_SECRETS): void {
  if (raw !== undefined) addLowerCasedHeader(out, name.toLowerCase(), raw, knownSecrets);
}

/** `addRedactedHeader` for a name already lower-cased. */
export function addLowerCasedHeader(out: Record<string, string>, lower: string, raw: unknown, knownSecrets: readonly string[] = NO_SECRETS): void {
  if (raw === undefined) return;
  // A header literally named __proto__ would be a prototype write on a plain object: dropped.
  if (lower === '__proto__') return;
  const value = Array.isArray(raw) ? raw.join(', ') : String(raw);
  out[lower] = isSecretHeaderName(lower) ? REDACTED : redactText(value, knownSecrets);
}

/**
 * Copies headers with lower-cased names, replacing secret values. `knownSecrets` are values
 * from the user's config (configured headers, env values) that are redacted wherever they appear.
 */
export function redactHeaders(
  headers: Headers | Record<string, string | string[] | undefined> | Iterable<[string, string]>,
  knownSecrets: readonly string[] = NO_SECRETS,
): Record<string, string> {
  const out: Record<string, string> = {};
  if (headers instanceof Headers) {
    // A Headers object's names are lower-cased already, and its values strings.
    const sink: HeaderSink = { out, knownSecrets };
    headers.forEach(addHeadersEntry, sink);
  } else if (typeof (headers as Headers).forEach === 'function' && typeof (headers as Headers).get === 'function') {
    (headers as Headers).forEach((value, name) => addRedactedHeader(out, name, value, knownSecrets));
  } else if (Symbol.iterator in (headers as object)) {
    for (const [name, value] of headers as Iterable<[string, string]>) addRedactedHeader(out, name, value, knownSecrets);
  } else {
    const record = headers as Record<string, unknown>;
    for (const name in record) if (Object.prototype.hasOwnProperty.call(record, name)) addRedactedHeader(out, name, record[name], knownSecrets);
  }
  return out;
}

/** Removes userinfo and credential-like query parameters from a URL; leaves other text alone. */
export function redactUrl(url: string, knownSecrets: readonly string[] = NO_SECRETS): string {
  // No userinfo and no query: nothing URL-specific to redact (the common case, and a hot path).
  if (!url.includes('@') && !url.includes('?')) return redactText(url, knownSecrets);
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return redactText(url, knownSecrets);
  }
  if (parsed.username) parsed.username = REDACTED;
  if (parsed.password) parsed.password = REDACTED;
  for (const name of [...parsed.searchParams.keys()]) {
    if (isSecretName(name)) parsed.searchParams.set(name, REDACTED);
  }
  // The marker reads as written, not percent-encoded (`%3Credacted%3E`).
  return redactText(parsed.toString().replaceAll(ENCODED_REDACTED, REDACTED), knownSecrets);
}

const ENCODED_REDACTED = encodeURIComponent(REDACTED);

/** Redacts credential-like query values (`?api_key=…`, `&token=…`) of URLs inside free text. */
export function redactQueryValues(text: string): string {
  if (!text.includes('=')) return text;
  return text.replace(/([?&])([A-Za-z0-9_.~-]+)=([^&\s#"'<>]+)/g, (whole, separator: string, name: string) =>
    isSecretName(name) ? `${separator}${name}=${REDACTED}` : whole,
  );
}

/** Userinfo of URLs quoted in free text (`https://user:pw@host`). */
const URL_USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/)[^\s/?#@]+@/gi;

/**
 * For free text that may quote a URL or a server's answer (error messages, reasons, a session check's
 * received bodies): `redactText` plus userinfo and credential query values of quoted URLs.
 */
export function redactMessage(text: string, knownSecrets: readonly string[] = NO_SECRETS): string {
  const known = redactText(text, knownSecrets);
  return redactQueryValues(known.includes('@') ? known.replace(URL_USERINFO, `$1${REDACTED}@`) : known);
}

/** True when `redactText` may change the text: it names a Bearer or Basic scheme, or holds a known secret (at least 4 characters long). */
export function mayHoldCredential(text: string, knownSecrets: readonly string[] = NO_SECRETS): boolean {
  // Shorter than any scheme name and than the shortest secret redacted (most keys and values of a message).
  if (text.length < 4) return false;
  if (text.includes('Bearer') || text.includes('Basic')) return true;
  for (const secret of knownSecrets) if (secret.length >= 4 && text.includes(secret)) return true;
  return false;
}

/** Replaces every occurrence of each known secret (at least 4 characters long) and bearer tokens. */
export function redactText(text: string, knownSecrets: readonly string[] = NO_SECRETS): string {
  let out = text;
  for (const secret of knownSecrets) {
    if (secret.length >= 4 && out.includes(secret)) out = out.split(secret).join(REDACTED);
  }
  if (!out.includes('Bearer') && !out.includes('Basic')) return out;
  return out.replace(/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{8,}/g, `$1 ${REDACTED}`);
}
