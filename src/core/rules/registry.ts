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
import { sessionHeaderMissing } from './sessionHeaderMissing';
import { streamDropped, streamNotResumable } from './streamRules';
import type { RuleDefinition } from './types';
import { unknownSession } from './unknownSession';

export const allRules: readonly RuleDefinition[] = [
  unknownSession,
  sessionHeaderMissing,
  sessionAffinity,
  orphanedRequest,
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
  getStreamUnsupported,
  endpointMissing,
  legacyTransport,
  corsSessionHeaderHidden,
  corsPreflightBlocksHeaders,
  originRejected,
];
