// Every diagnostic rule, in catalogue order. Add a rule here when you add its module.

import {
  alreadyInitialized,
  getStreamUnsupported,
  originRejected,
  protocolVersionUnsupported,
  requestBeforeInitialized,
  streamConflict,
  streamResumeFailed,
  unknownSessionStatus,
} from './answerRules';
import { handshakeTimeout, legacyTransport, protocolVersionHeaderMissing, statelessServer } from './handshakeRules';
import { corsPreflightBlocksHeaders } from './corsPreflight';
import { corsSessionHeaderHidden, endpointMissing } from './httpRules';
import { orphanedRequest } from './orphanedRequest';
import { sessionAffinity } from './sessionAffinity';
import { sessionCrossTalk } from './sessionCrossTalk';
import { sessionHeaderMissing } from './sessionHeaderMissing';
import { sessionIdMismatch } from './sessionIdMismatch';
import { sessionNotReinitialized } from './sessionNotReinitialized';
import { streamBuffered } from './streamBuffered';
import { streamDropped, streamNotResumable } from './streamRules';
import type { RuleDefinition } from './types';
import { unknownSession } from './unknownSession';

export const allRules: readonly RuleDefinition[] = [
  unknownSession,
  sessionNotReinitialized,
  sessionHeaderMissing,
  sessionIdMismatch,
  sessionAffinity,
  orphanedRequest,
  sessionCrossTalk,
  unknownSessionStatus,
  statelessServer,
  requestBeforeInitialized,
  alreadyInitialized,
  protocolVersionUnsupported,
  protocolVersionHeaderMissing,
  handshakeTimeout,
  streamDropped,
  streamNotResumable,
  streamResumeFailed,
  streamConflict,
  streamBuffered,
  getStreamUnsupported,
  endpointMissing,
  legacyTransport,
  corsSessionHeaderHidden,
  corsPreflightBlocksHeaders,
  originRejected,
];
