import type { Database } from '../core/db/client.js';
import type { Logger } from '../core/ports.js';
import { createHealthCheck, type HealthAdapter } from './health-check.js';
import { ingestThresholds } from './ingest-thresholds.js';
import { createOpsRoutes, type OpsRoute } from './ops-routes.js';
import { startOpsServer, type OpsServer } from './ops-server.js';
import type { PromMetrics } from './prom-metrics.js';

// /healthz and /metrics for one running instance, wired once at start-up: as routes for a server
// that already owns PORT (Slack's HTTP receiver), or on a small server of their own.

export interface OpsEndpoint {
  readonly routes: OpsRoute[];
  /** Serves the routes on PORT; null (after a warning) when the port cannot be had. */
  listen(port: number, host?: string): Promise<OpsServer | null>;
}

export function createOpsEndpoint(options: {
  metrics: PromMetrics;
  database: Database;
  /** The adapters started so far (read on every request). */
  adapters: () => readonly HealthAdapter[];
  /** INGEST_CRON: how stale the last ingest may get follows from it. */
  ingestCron: string;
  logger: Logger;
  /** The application clock (ingest ages are measured on it). */
  now?: () => Date;
}): OpsEndpoint {
  const { metrics, logger } = options;
  const health = createHealthCheck({
    database: options.database,
    adapters: options.adapters,
    ...(options.now ? { now: options.now } : {}),
    ...ingestThresholds(options.ingestCron),
  });
  const routes = createOpsRoutes({ health, metrics, logger });
  return {
    routes,
    listen: (port, host) => startOpsServer({ port, ...(host !== undefined ? { host } : {}), routes, logger }),
  };
}
