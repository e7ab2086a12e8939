// Every diagnostic rule, in catalogue order, one module each. Add a rule here when you add its module.

import { alreadyInitialized } from './alreadyInitialized';
import { authMetadataInvalid } from './authMetadataInvalid';
import { authRequired } from './authRequired';
import { corsPreflightBlocksHeaders } from './corsPreflightBlocksHeaders';
import { corsSessionHeaderHidden } from './corsSessionHeaderHidden';
import { endpointCrossOrigin } from './endpointCrossOrigin';
import { endpointMissing } from './endpointMissing';
import { getStreamUnsupported } from './getStreamUnsupported';
import { handshakeTimeout } from './handshakeTimeout';
import { insufficientScope } from './insufficientScope';
import { legacyTransport } from './legacyTransport';
import { originRejected } from './originRejected';
import { orphanedRequest } from './orphanedRequest';
import { protocolVersionHeaderMissing } from './protocolVersionHeaderMissing';
import { protocolVersionUnsupported } from './protocolVersionUnsupported';
import { requestBeforeInitialized } from './requestBeforeInitialized';
import { sessionAffinity } from './sessionAffinity';
import { sessionBoundToOtherToken } from './sessionBoundToOtherToken';
import { sessionCrossTalk } from './sessionCrossTalk';
import { sessionHeaderMissing } from './sessionHeaderMissing';
import { sessionIdMismatch } from './sessionIdMismatch';
import { sessionNotReinitialized } from './sessionNotReinitialized';
import { statelessServer } from './statelessServer';
import { streamBuffered } from './streamBuffered';
import { streamConflict } from './streamConflict';
import { streamDropped } from './streamDropped';
import { streamNotResumable } from './streamNotResumable';
import { streamResumeFailed } from './streamResumeFailed';
import { tokenExpiredMidSession } from './tokenExpiredMidSession';
import { unknownSession } from './unknownSession';
import { unknownSessionStatus } from './unknownSessionStatus';
import type { RuleDefinition } from './types';

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
  endpointCrossOrigin,
  legacyTransport,
  corsSessionHeaderHidden,
  corsPreflightBlocksHeaders,
  originRejected,
  authRequired,
  authMetadataInvalid,
  tokenExpiredMidSession,
  sessionBoundToOtherToken,
  insufficientScope,
];
