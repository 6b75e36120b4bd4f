import { createCore, type Core } from '../../src/core/app.js';
import { loadConfig } from '../../src/core/config.js';
import type { Database } from '../../src/core/db/client.js';
import type { PaperSource } from '../../src/core/ports.js';
import { createHealthCheck, type HealthAdapter, type HealthCheckOptions } from '../../src/ops/health-check.js';
import { createOpsRoutes } from '../../src/ops/ops-routes.js';
import { startOpsServer, type OpsServer } from '../../src/ops/ops-server.js';
import { createPromMetrics, type PromMetrics } from '../../src/ops/prom-metrics.js';
import { TestClock } from '../support/clock.js';

// A core whose metrics are Prometheus series, and /healthz + /metrics on a real local port.

export const offlineSource: PaperSource = {
  async fetchDay() {
    return { items: [], skipped: 0 };
  },
  async fetchPaper() {
    return null;
  },
};

export async function coreWithMetrics(
  database: Database,
  /** now: the test's clock (default: a TestClock at the morning after the fixture day). */
  options: { now?: () => Date; source?: PaperSource } = {},
): Promise<{ core: Core; metrics: PromMetrics }> {
  const metrics = createPromMetrics({ processMetrics: false });
  const config = loadConfig({ HF_API_URL: 'http://127.0.0.1:9' });
  const core = await createCore({ config, database, metrics, source: options.source ?? offlineSource, now: options.now ?? new TestClock().now });
  return { core, metrics };
}

export async function serveOps(
  options: { database: Database; metrics: PromMetrics; adapters?: HealthAdapter[] } & Omit<HealthCheckOptions, 'database' | 'adapters'>,
): Promise<OpsServer> {
  const { metrics, adapters = [], ...health } = options;
  const routes = createOpsRoutes({ health: createHealthCheck({ ...health, adapters: () => adapters }), metrics, logger: silent });
  const server = await startOpsServer({ port: 0, host: '127.0.0.1', routes, logger: silent });
  if (!server) throw new Error('ops server did not start');
  return server;
}

const silent = { debug() {}, info() {}, warn() {}, error() {} };

/** One sample of a Prometheus text exposition, or undefined when the series is absent. */
export function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split('\n')) {
    if (line.startsWith('#')) continue;
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const found = Object.fromEntries([...(match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((m) => [m[1], m[2]]));
    if (Object.entries(labels).every(([k, v]) => found[k] === v) && Object.keys(found).length === Object.keys(labels).length) return Number(match[3]);
  }
  return undefined;
}

export async function getText(url: string): Promise<{ status: number; type: string | null; text: string }> {
  const res = await fetch(url);
  return { status: res.status, type: res.headers.get('content-type'), text: await res.text() };
}

export async function getJson(url: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(url);
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}
