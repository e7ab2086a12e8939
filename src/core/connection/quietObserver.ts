// A StreamObserver that ignores everything: for exchanges that are recorded into the trace but
// are not MCP traffic (OAuth discovery, registration and token requests).

import type { StreamObserver } from './observedFetch';

export const QUIET_OBSERVER: StreamObserver = {
  onStreamOpen: () => undefined,
  onStreamEvent: () => undefined,
  onStreamRetry: () => undefined,
  onStreamClose: () => undefined,
  onResponse: () => undefined,
  onNetworkError: () => undefined,
};
