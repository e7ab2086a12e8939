// An ExchangeObserver that ignores everything: for exchanges that are recorded into the trace but
// are not MCP traffic (OAuth discovery, registration and token requests).

import type { ExchangeObserver } from './observedFetch';

export const QUIET_OBSERVER: ExchangeObserver = {
  onResponse: () => undefined,
  onNetworkError: () => undefined,
};
