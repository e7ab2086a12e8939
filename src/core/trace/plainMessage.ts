// Whether a JSON-RPC message can go into the trace as it is, decided without serialising it:
// the engine records every message it sends and receives, and serialising each one only to
// measure it and look for credentials cost more than the rest of its observation together.

import { mayHoldCredential } from './redact';

/** Characters JSON.stringify writes as an escape (up to six characters each). */
const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;
/** Deeper than this is unusual for a message: left to the exact (serialising) path. */
const MAX_DEPTH = 64;

/**
 * True when `message` serialises to at most `limit` characters and none of its keys, strings or
 * numbers can hold a credential (a bearer or basic token, or one of `secrets`). False means
 * "not sure": the caller takes the exact path. Anything JSON.stringify treats specially
 * (toJSON, bigint, functions, symbols) or a structure deeper than MAX_DEPTH answers false.
 */
export function isSmallAndPlain(message: unknown, limit: number, secrets: readonly string[]): boolean {
  return budgetLeft(message, limit, secrets, 0) >= 0;
}

/** `budget` minus an upper bound of the value's JSON length; negative when over or not plain. */
function budgetLeft(value: unknown, budget: number, secrets: readonly string[], depth: number): number {
  switch (typeof value) {
    case 'string':
      return mayHoldCredential(value, secrets) ? -1 : budget - stringLength(value);
    case 'number': {
      const text = String(value);
      return mayHoldCredential(text, secrets) ? -1 : budget - Math.max(text.length, 4);
    }
    case 'boolean':
      return budget - 5;
    case 'object':
      if (value === null) return budget - 4;
      if (depth >= MAX_DEPTH || typeof (value as { toJSON?: unknown }).toJSON === 'function') return -1;
      return Array.isArray(value) ? arrayBudget(value, budget, secrets, depth) : objectBudget(value as Record<string, unknown>, budget, secrets, depth);
    case 'undefined':
      // Skipped in objects, `null` in arrays: four characters covers both.
      return budget - 4;
    default:
      return -1;
  }
}

function arrayBudget(items: readonly unknown[], budget: number, secrets: readonly string[], depth: number): number {
  let left = budget - 2 - items.length;
  for (let i = 0; i < items.length && left >= 0; i++) left = budgetLeft(items[i], left, secrets, depth + 1);
  return left;
}

function objectBudget(object: Record<string, unknown>, budget: number, secrets: readonly string[], depth: number): number {
  let left = budget - 2;
  const keys = Object.keys(object);
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i];
    if (mayHoldCredential(key, secrets)) return -1;
    // The key, its colon and a comma.
    left = budgetLeft(object[key], left - stringLength(key) - 2, secrets, depth + 1);
    if (left < 0) return left;
  }
  return left;
}

/** Upper bound of a string's JSON length (with quotes). */
function stringLength(text: string): number {
  return NEEDS_ESCAPE.test(text) ? text.length * 6 + 2 : text.length + 2;
}
