import type { Metrics } from './ports.js';

/** Metrics that go nowhere: the default for tests, one-off CLI commands and anything not wired to /metrics. */
export const noopMetrics: Metrics = {
  digestDelivered() {},
  commandHandled() {},
  ingestRun() {},
  rateLimited() {},
  digestPartsRecovered() {},
  storeRetried() {},
};
