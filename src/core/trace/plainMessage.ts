// Whether a JSON-RPC message can go into the trace as it is, decided without serialising it:
// the engine records every message it sends and receives, and serialising each one only to
// measure it and look for credentials cost more than the rest of its observation together.

import { mayHoldCredential } from './redact';

/** Characters JSON.stringify writes as an escape (up to six characters each). */
// eslint-disable-next-line no-control-regex -- control characters are exactly what it looks for
const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;
/** Deeper than this is unusual for a message: left to the exact (serialising) path. */
const MAX_DEPTH = 64;
/** The longest JSON text of a number, e.g. -2.2250738585072014e-308. */
const MAX_NUMBER_LENGTH = 24;
/** Distinct keys remembered per list of secrets (message keys repeat: jsonrpc, id, method…). */
const MAX_REMEMBERED_KEYS = 2048;

/** What the walk remembers about one list of secrets. */
interface SecretFacts {
  /** JSON length of each key seen (with quotes), or -1 when the key may hold a credential. */
  keyLengths: Map<string, number>;
  /** Some secret could occur in a number's text (digits, sign, point, exponent). */
  numeric: boolean;
}

const factsBySecrets = new WeakMap<readonly string[], SecretFacts>();

function factsOf(secrets: readonly string[]): SecretFacts {
  let facts = factsBySecrets.get(secrets);
  if (!facts) {
    facts = { keyLengths: new Map(), numeric: secrets.some((secret) => /^[-+.\deInfityNa]+$/.test(secret)) };
    factsBySecrets.set(secrets, facts);
  }
  return facts;
}

/** Forgets what was judged against `secrets`: a list that grew in place (KnownSecrets) is judged anew. */
export function secretsChanged(secrets: readonly string[]): void {
  factsBySecrets.delete(secrets);
}

/** The key's JSON length with quotes, or -1 when it may hold a credential. */
function keyLength(key: string, secrets: readonly string[], facts: SecretFacts): number {
  let length = facts.keyLengths.get(key);
  if (length === undefined) {
    length = mayHoldCredential(key, secrets) ? -1 : stringLength(key);
    if (facts.keyLengths.size < MAX_REMEMBERED_KEYS) facts.keyLengths.set(key, length);
  }
  return length;
}

/**
 * True when `message` serialises to at most `limit` characters and none of its keys, strings or
 * numbers can hold a credential (a bearer or basic token, or one of `secrets`). False means
 * "not sure": the caller takes the exact path. Anything JSON.stringify treats specially
 * (toJSON, bigint, functions, symbols) or a structure deeper than MAX_DEPTH answers false.
 */
export function isSmallAndPlain(message: unknown, limit: number, secrets: readonly string[]): boolean {
  return budgetLeft(message, limit, secrets, factsOf(secrets), 0) >= 0;
}

/** `budget` minus an upper bound of the value's JSON length; negative when over or not plain. */
function budgetLeft(value: unknown, budget: number, secrets: readonly string[], facts: SecretFacts, depth: number): number {
  switch (typeof value) {
    case 'string':
      return mayHoldCredential(value, secrets) ? -1 : budget - stringLength(value);
    case 'number': {
      // A number's text never names a scheme: only a secret made of number characters could be in
      // it. Otherwise it is not written out: no number's JSON is longer than MAX_NUMBER_LENGTH.
      if (!facts.numeric) return budget - MAX_NUMBER_LENGTH;
      const text = String(value);
      return mayHoldCredential(text, secrets) ? -1 : budget - Math.max(text.length, 4);
    }
    case 'boolean':
      return budget - 5;
    case 'object':
      if (value === null) return budget - 4;
      if (depth >= MAX_DEPTH || typeof (value as { toJSON?: unknown }).toJSON === 'function') return -1;
      return Array.isArray(value)
        ? arrayBudget(value, budget, secrets, facts, depth)
        : objectBudget(value as Record<string, unknown>, budget, secrets, facts, depth);
    case 'undefined':
      // Skipped in objects, `null` in arrays: four characters covers both.
      return budget - 4;
    default:
      return -1;
  }
}

function arrayBudget(items: readonly unknown[], budget: number, secrets: readonly string[], facts: SecretFacts, depth: number): number {
  let left = budget - 2 - items.length;
  for (let i = 0; i < items.length && left >= 0; i++) left = budgetLeft(items[i], left, secrets, facts, depth + 1);
  return left;
}

function objectBudget(object: Record<string, unknown>, budget: number, secrets: readonly string[], facts: SecretFacts, depth: number): number {
  let left = budget - 2;
  // for…in, not Object.keys: no array per object. An inherited enumerable key, which JSON.stringify
  // would skip, is only judged too (the answer stays an upper bound).
  for (const key in object) {
    const length = keyLength(key, secrets, facts);
    if (length < 0) return -1;
    // The key, its colon and a comma.
    left = budgetLeft(object[key], left - length - 2, secrets, facts, depth + 1);
    if (left < 0) return left;
  }
  return left;
}

/** Upper bound of a string's JSON length (with quotes). */
function stringLength(text: string): number {
  return NEEDS_ESCAPE.test(text) ? text.length * 6 + 2 : text.length + 2;
}
