// Every diagnostic rule, in catalogue order, one module each. Add a rule here when you add its module.

import { acceptHeader } from './acceptHeader';
import { alreadyInitialized } from './alreadyInitialized';
import { authMetadataInvalid } from './authMetadataInvalid';
import { authRequired } from './authRequired';
import { batchRejected } from './batchRejected';
import { contentType } from './contentType';
import { corsPreflightBlocksHeaders } from './corsPreflightBlocksHeaders';
import { corsSessionHeaderHidden } from './corsSessionHeaderHidden';
import { endpointCrossOrigin } from './endpointCrossOrigin';
import { endpointMissing } from './endpointMissing';
import { endpointPathMismatch } from './endpointPathMismatch';
import { eraMismatch } from './eraMismatch';
import { getStreamUnsupported } from './getStreamUnsupported';
import { handshakeTimeout } from './handshakeTimeout';
import { insufficientScope } from './insufficientScope';
import { headerMismatch } from './headerMismatch';
import { insecureTransport } from './insecureTransport';
import { legacyTransport } from './legacyTransport';
import { missingClientCapability } from './missingClientCapability';
import { originRejected } from './originRejected';
import { orphanedRequest } from './orphanedRequest';
import { primingEventIncompatible } from './primingEventIncompatible';
import { protocolVersionHeaderMissing } from './protocolVersionHeaderMissing';
import { protocolVersionUnsupported } from './protocolVersionUnsupported';
import { requestBeforeInitialized } from './requestBeforeInitialized';
import { sessionAffinity } from './sessionAffinity';
import { sessionBoundToOtherToken } from './sessionBoundToOtherToken';
import { sessionCrossTalk } from './sessionCrossTalk';
import { sessionHeaderMissing } from './sessionHeaderMissing';
import { sessionIdFormat } from './sessionIdFormat';
import { sessionIdIgnored } from './sessionIdIgnored';
import { sessionIdMismatch } from './sessionIdMismatch';
import { sessionNotReinitialized } from './sessionNotReinitialized';
import { statelessServer } from './statelessServer';
import { streamBuffered } from './streamBuffered';
import { streamConflict } from './streamConflict';
import { streamDropped } from './streamDropped';
import { streamIdleTimeout } from './streamIdleTimeout';
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
  eraMismatch,
  sessionIdIgnored,
  headerMismatch,
  missingClientCapability,
  streamDropped,
  streamIdleTimeout,
  streamNotResumable,
  streamResumeFailed,
  streamConflict,
  primingEventIncompatible,
  streamBuffered,
  getStreamUnsupported,
  endpointMissing,
  endpointCrossOrigin,
  endpointPathMismatch,
  legacyTransport,
  corsSessionHeaderHidden,
  corsPreflightBlocksHeaders,
  originRejected,
  authRequired,
  authMetadataInvalid,
  tokenExpiredMidSession,
  sessionBoundToOtherToken,
  insufficientScope,
  acceptHeader,
  contentType,
  batchRejected,
  sessionIdFormat,
  insecureTransport,
];
