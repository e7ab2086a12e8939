// The set of secrets one connection, session check run, tap or analysis knows, consulted by every path
// that turns what it saw into output. It starts with what the configuration holds (header, env and
// envFile values, `${input:…}` values, URL userinfo and credential query values) and grows at run
// time: `add()` for a value learned elsewhere (an OAuth access or refresh token), `learnFromHeaders()`
// and `learnFromUrl()` for credentials seen in traffic. Every value is redacted wherever it appears,
// in its plain, URL-encoded and JSON-escaped spellings.

import { secretsChanged } from './plainMessage';
import { isSecretHeaderName, isSecretName, NO_SECRETS, REDACTED, redactHeaders, redactMessage, redactText, redactUrl } from './redact';

/** Shorter values are ignored: they collide with ordinary text. */
export const MIN_SECRET_LENGTH = 4;
/** Values learned from traffic kept at most (oldest dropped first); configured values are always kept. */
const MAX_LEARNED = 1024;
/** Env values that are plainly not secrets (`true`, `3000`, `production`): redacting them everywhere would wreck bodies. */
const HARMLESS_ENV_VALUE = /^(true|false|\d+|[a-z]+)$/i;

/** Where a server's configured secrets live (a ServerConfig, or the session check's target and headers). */
export interface SecretSources {
  url?: string;
  headers?: Readonly<Record<string, string>>;
  env?: Readonly<Record<string, string | undefined>>;
  /** Values of `${input:…}` variables substituted into the server's definition. */
  inputValues?: readonly string[];
}

export class KnownSecrets {
  /** Every spelling of every secret, longest first; one array for the object's life (see `values`). */
  private readonly list: string[] = [];
  private readonly seen = new Set<string>();
  private readonly learned: string[] = [];

  constructor(initial: Iterable<string> = NO_SECRETS) {
    for (const value of initial) this.add(value);
  }

  /** The secrets a server's configuration holds. */
  static of(sources: SecretSources): KnownSecrets {
    const known = new KnownSecrets();
    for (const value of Object.values(sources.headers ?? {})) known.learnAuthorization(value);
    known.addEnv(sources.env);
    for (const value of sources.inputValues ?? NO_SECRETS) known.add(value);
    if (sources.url) known.learnFromUrl(sources.url);
    return known;
  }

  /**
   * The values to redact, longest first. The same array is kept (and grows in place) for the
   * object's life, so a Recorder or tap holding it sees secrets learned later.
   */
  get values(): readonly string[] {
    return this.list;
  }

  /** Adds one secret (ignored when shorter than 4 characters). */
  add(value: string | undefined): void {
    this.insert(value, false);
  }

  /** Adds the values of an environment (or env file) that look secret: any under a credential-like name, other non-trivial ones. */
  addEnv(env: Readonly<Record<string, string | undefined>> | undefined): void {
    for (const [name, value] of Object.entries(env ?? {})) {
      if (typeof value !== 'string') continue;
      if (isSecretName(name) || (value.length >= 6 && !HARMLESS_ENV_VALUE.test(value))) this.add(value);
    }
  }

  /** An `Authorization`-style value: the whole value, its token (`Bearer X`), and a Basic password. */
  learnAuthorization(value: string, learned = false): void {
    this.insert(value, learned);
    const match = /^\s*(\S+)\s+(\S+)\s*$/.exec(value);
    if (!match) return;
    this.insert(match[2], learned);
    if (match[1].toLowerCase() === 'basic') {
      const decoded = Buffer.from(match[2], 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      if (colon >= 0) this.insert(decoded.slice(colon + 1), learned);
    }
  }

  /** Learns the credentials a request carries in its headers (Authorization, API-key headers and the like). */
  learnFromHeaders(headers: Headers | Readonly<Record<string, string | string[] | undefined>> | undefined): void {
    if (!headers || typeof headers !== 'object') return;
    if (headers instanceof Headers) {
      headers.forEach(learnHeadersEntry, this);
      return;
    }
    const headersLike = headers as unknown as Headers;
    if (typeof headersLike.get === 'function' && typeof headersLike.forEach === 'function') {
      headersLike.forEach((value, name) => this.learnHeader(name, value));
      return;
    }
    const record = headers as Readonly<Record<string, string | string[] | undefined>>;
    for (const name of Object.keys(record)) {
      const value = record[name];
      if (typeof value === 'string' || Array.isArray(value)) this.learnHeader(name, Array.isArray(value) ? value.join(', ') : value);
    }
  }

  /** Learns a URL's password and credential query values (`?api_key=…`). */
  learnFromUrl(url: string, learned = false): void {
    if (!url.includes('@') && !url.includes('?')) return;
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      return;
    }
    if (parsed.password) {
      this.insert(parsed.password, learned);
      this.insert(safeDecode(parsed.password), learned);
      this.insert(basicToken(parsed), learned);
    }
    for (const [name, value] of parsed.searchParams) if (isSecretName(name)) this.insert(value, learned);
  }

  /** Message bodies, SSE data, stderr lines: known values and Bearer/Basic tokens. */
  text(text: string): string {
    return redactText(text, this.list);
  }

  /** Error messages and reasons (which may quote a URL or a server's answer): `text` plus credentials in quoted URLs. */
  message(text: string): string {
    return redactMessage(text, this.list);
  }

  /** A JSON value (what a server said about itself) with every known secret in its strings redacted. */
  value<T>(value: T): T {
    if (value === undefined || !this.list.length) return value;
    const text = JSON.stringify(value);
    if (text === undefined) return value;
    const redacted = this.text(text);
    if (redacted === text) return value;
    try {
      return JSON.parse(redacted) as T;
    } catch {
      // A secret spanning JSON syntax: nothing of the value is kept.
      return REDACTED as T;
    }
  }

  url(url: string): string {
    return redactUrl(url, this.list);
  }

  headers(headers: Parameters<typeof redactHeaders>[0]): Record<string, string> {
    return redactHeaders(headers, this.list);
  }

  /** Learns one request header's value when the header carries a credential. */
  learnHeader(name: string, value: string): void {
    if (isSecretName(name) && name.toLowerCase() !== 'cookie') this.learnAuthorization(value, true);
  }

  private insert(value: string | undefined, learned: boolean): void {
    if (!value || value.length < MIN_SECRET_LENGTH || this.seen.has(value)) return;
    const spellings = new Set([value, safeEncode(value), JSON.stringify(value).slice(1, -1)]);
    for (const spelling of spellings) {
      if (spelling.length < MIN_SECRET_LENGTH || this.seen.has(spelling)) continue;
      this.seen.add(spelling);
      this.list.push(spelling);
      if (learned) this.learned.push(spelling);
    }
    if (this.learned.length > MAX_LEARNED) {
      for (const old of this.learned.splice(0, this.learned.length - MAX_LEARNED)) {
        this.seen.delete(old);
        this.list.splice(this.list.indexOf(old), 1);
      }
    }
    // Longest first: a secret containing another is replaced whole.
    this.list.sort((a, b) => b.length - a.length);
    secretsChanged(this.list);
  }
}

/** A `Headers` entry (its name lower-cased already), for `forEach` with the KnownSecrets as this: no closure per call. */
function learnHeadersEntry(this: KnownSecrets, value: string, lower: string): void {
  if (lower !== 'cookie' && isSecretHeaderName(lower)) this.learnAuthorization(value, true);
}

function safeEncode(text: string): string {
  try {
    return encodeURIComponent(text);
  } catch {
    // a lone surrogate: no URL spelling
    return text;
  }
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** The Basic credentials of a URL's userinfo, base64 (`user:password`), as curl and browsers send them. */
export function basicToken(url: URL): string {
  return Buffer.from(`${safeDecode(url.username)}:${safeDecode(url.password)}`, 'utf8').toString('base64');
}

/**
 * A user's URL made fetchable: userinfo removed (fetch refuses a URL with credentials) and sent as a
 * Basic `Authorization` header instead, unless the headers already carry one.
 */
export function withUrlCredentials(url: string, headers: Readonly<Record<string, string>> = {}): { url: URL; headers: Record<string, string> } {
  const parsed = new URL(url);
  const out = { ...headers };
  if (parsed.username || parsed.password) {
    const hasAuthorization = Object.keys(out).some((name) => name.toLowerCase() === 'authorization');
    if (!hasAuthorization) out.Authorization = `Basic ${basicToken(parsed)}`;
    parsed.username = '';
    parsed.password = '';
  }
  return { url: parsed, headers: out };
}
