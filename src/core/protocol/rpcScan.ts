// Reads the top-level JSON-RPC `method` and `id` of a request body without building the object:
// a single pass that validates the whole body as strict JSON (the grammar JSON.parse accepts)
// and picks out only those two members. Anything it is not sure about — a batch or other
// non-object, escapes in a key or in the method/id, ids that are not small integers, invalid
// JSON — it declines, and the caller falls back to JSON.parse. Bodies run through this once per
// request in `analyze`, so it allocates nothing but the two slices it returns.

import { BACKSLASH, CLOSE_BRACE, CLOSE_BRACKET, COLON, COMMA, MINUS, OPEN_BRACE, OPEN_BRACKET, QUOTE } from '../util/charCodes';

/** What the scan found; `undefined` members were absent or not a string (method) / string-or-number (id). */
export interface RpcScan {
  method?: string;
  id?: string | number;
}

/** JSON whitespace (space, tab, LF, CR) from `at`; returns the first other index. */
function skipSpace(text: string, at: number): number {
  for (;;) {
    const code = text.charCodeAt(at);
    if (code === 32 || code === 10 || code === 13 || code === 9) at++;
    else return at;
  }
}

function isHex(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 65 && code <= 70) || (code >= 97 && code <= 102);
}

/**
 * A string whose opening quote is at `at - 1`: returns the index after its closing quote, or -1
 * when invalid. Sets `sawEscape` when it held any backslash escape.
 */
let sawEscape = false;
function skipString(text: string, at: number): number {
  sawEscape = false;
  const length = text.length;
  while (at < length) {
    const code = text.charCodeAt(at);
    if (code === QUOTE) return at + 1;
    if (code < 32) return -1;
    if (code === BACKSLASH) {
      sawEscape = true;
      const next = text.charCodeAt(at + 1);
      if (next === 117 /* u */) {
        if (!isHex(text.charCodeAt(at + 2)) || !isHex(text.charCodeAt(at + 3)) || !isHex(text.charCodeAt(at + 4)) || !isHex(text.charCodeAt(at + 5))) return -1;
        at += 6;
      } else if (next === QUOTE || next === BACKSLASH || next === 47 || next === 98 || next === 102 || next === 110 || next === 114 || next === 116) {
        at += 2;
      } else {
        return -1;
      }
    } else {
      at++;
    }
  }
  return -1;
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

/** A JSON number starting at `at`: the index after it, or -1. Sets `plainInteger` for -?(0|[1-9]\d{0,14}). */
let plainInteger = false;
function skipNumber(text: string, at: number): number {
  const start = at;
  if (text.charCodeAt(at) === MINUS) at++;
  const first = text.charCodeAt(at);
  if (first === 48) at++;
  else if (first >= 49 && first <= 57) while (isDigit(text.charCodeAt(at))) at++;
  else return -1;
  const digits = at - start - (text.charCodeAt(start) === MINUS ? 1 : 0);
  plainInteger = digits <= 15;
  if (text.charCodeAt(at) === 46 /* . */) {
    plainInteger = false;
    at++;
    if (!isDigit(text.charCodeAt(at))) return -1;
    while (isDigit(text.charCodeAt(at))) at++;
  }
  const exponent = text.charCodeAt(at);
  if (exponent === 101 || exponent === 69) {
    plainInteger = false;
    at++;
    const sign = text.charCodeAt(at);
    if (sign === 43 || sign === MINUS) at++;
    if (!isDigit(text.charCodeAt(at))) return -1;
    while (isDigit(text.charCodeAt(at))) at++;
  }
  return at;
}

/** `word` (true/false/null) at `at`: the index after it, or -1. */
function skipWord(text: string, at: number, word: string): number {
  return text.startsWith(word, at) ? at + word.length : -1;
}

/**
 * A nested object or array whose opener is at `at`: validates it (iteratively, any depth) and
 * returns the index after its closer, or -1 when invalid.
 */
function skipContainer(text: string, at: number): number {
  // The open containers, innermost last (true = object): only nested bodies get here.
  const stack: boolean[] = [];
  let inObject = text.charCodeAt(at) === OPEN_BRACE;
  stack.push(inObject);
  at++;
  // Expecting: a key or the closer (object start), a value or the closer (array start).
  at = skipSpace(text, at);
  let code = text.charCodeAt(at);
  if (code === (inObject ? CLOSE_BRACE : CLOSE_BRACKET)) {
    stack.pop();
    at++;
    if (stack.length === 0) return at;
  } else {
    // Fall into the member loop.
    for (;;) {
      if (inObject) {
        if (text.charCodeAt(at) !== QUOTE) return -1;
        at = skipString(text, at + 1);
        if (at < 0) return -1;
        at = skipSpace(text, at);
        if (text.charCodeAt(at) !== COLON) return -1;
        at = skipSpace(text, at + 1);
      }
      code = text.charCodeAt(at);
      if (code === OPEN_BRACE || code === OPEN_BRACKET) {
        inObject = code === OPEN_BRACE;
        stack.push(inObject);
        at = skipSpace(text, at + 1);
        if (text.charCodeAt(at) !== (inObject ? CLOSE_BRACE : CLOSE_BRACKET)) continue;
        stack.pop();
        at++;
        if (stack.length === 0) return at;
        inObject = stack[stack.length - 1];
      } else {
        at = skipScalar(text, at, code);
        if (at < 0) return -1;
      }
      // After a value: a comma (next member) or closers.
      for (;;) {
        at = skipSpace(text, at);
        code = text.charCodeAt(at);
        if (code === COMMA) {
          at = skipSpace(text, at + 1);
          break;
        }
        if (code !== (inObject ? CLOSE_BRACE : CLOSE_BRACKET)) return -1;
        stack.pop();
        at++;
        if (stack.length === 0) return at;
        inObject = stack[stack.length - 1];
      }
    }
  }
  return at;
}

/** A string, number or literal at `at` (first char `code`): the index after it, or -1. */
function skipScalar(text: string, at: number, code: number): number {
  if (code === QUOTE) return skipString(text, at + 1);
  if (code === MINUS || isDigit(code)) return skipNumber(text, at);
  if (code === 116) return skipWord(text, at, 'true');
  if (code === 102) return skipWord(text, at, 'false');
  if (code === 110) return skipWord(text, at, 'null');
  return -1;
}

/** A top-level key equal to `name` (no escapes), whose opening quote is at `start` and closing quote at `end - 1`. */
function keyIs(text: string, start: number, end: number, name: string): boolean {
  return end - start - 2 === name.length && text.startsWith(name, start + 1);
}

/**
 * The top-level `method` and `id` of a JSON object body, exactly as `JSON.parse(body)` would give
 * them (last duplicate wins; a method that is not a string and an id that is neither string nor
 * number are left out). Returns undefined when unsure — the caller then uses JSON.parse.
 */
export function scanRpc(body: string): RpcScan | undefined {
  let at = skipSpace(body, 0);
  if (body.charCodeAt(at) !== OPEN_BRACE) return undefined;
  let method: string | undefined;
  let id: string | number | undefined;
  at = skipSpace(body, at + 1);
  if (body.charCodeAt(at) === CLOSE_BRACE) {
    at++;
  } else {
    for (;;) {
      if (body.charCodeAt(at) !== QUOTE) return undefined;
      const keyStart = at;
      at = skipString(body, at + 1);
      if (at < 0 || sawEscape) return undefined;
      const which = keyIs(body, keyStart, at, 'method') ? 1 : keyIs(body, keyStart, at, 'id') ? 2 : 0;
      at = skipSpace(body, at);
      if (body.charCodeAt(at) !== COLON) return undefined;
      at = skipSpace(body, at + 1);
      const valueStart = at;
      const code = body.charCodeAt(at);
      if (code === OPEN_BRACE || code === OPEN_BRACKET) {
        at = skipContainer(body, at);
        if (at < 0) return undefined;
        // An object/array method or id counts as absent (a later duplicate may still set it).
        if (which === 1) method = undefined;
        else if (which === 2) id = undefined;
      } else {
        at = skipScalar(body, at, code);
        if (at < 0) return undefined;
        if (which === 1) {
          if (code !== QUOTE) method = undefined;
          else if (sawEscape) return undefined;
          else method = body.slice(valueStart + 1, at - 1);
        } else if (which === 2) {
          if (code === QUOTE) {
            if (sawEscape) return undefined;
            id = body.slice(valueStart + 1, at - 1);
          } else if (code === MINUS || isDigit(code)) {
            if (!plainInteger) return undefined;
            id = Number(body.slice(valueStart, at));
          } else {
            id = undefined;
          }
        }
      }
      at = skipSpace(body, at);
      const next = body.charCodeAt(at);
      if (next === COMMA) {
        at = skipSpace(body, at + 1);
        continue;
      }
      if (next !== CLOSE_BRACE) return undefined;
      at++;
      break;
    }
  }
  // Only whitespace may follow the object.
  if (skipSpace(body, at) !== body.length) return undefined;
  return method === undefined ? (id === undefined ? {} : { id }) : id === undefined ? { method } : { method, id };
}
