// request-before-initialized: a request arrived before the handshake completed.

import { answerRule } from './answerRule';

export const requestBeforeInitialized = answerRule(
  'request-before-initialized',
  'error',
  'A request arrived before the handshake completed',
  'not-initialized',
  (what) =>
    `The server says it is not initialized: ${what}. A request was sent before initialize → result → notifications/initialized completed on this session (often after a reconnect that skipped initialize).`,
  'Finish the handshake (initialize, then notifications/initialized) before any other request; after a reconnect, start a new session.',
);
