import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '../core/ports.js';
import type { HealthCheck } from './health-check.js';
import type { PromMetrics } from './prom-metrics.js';

// GET /healthz and GET /metrics as plain node:http handlers, shaped like Bolt's customRoutes so
// the same routes mount on our own server or on Slack's receiver when it already owns PORT.

export interface OpsRoute {
  path: string;
  method: string;
  handler(req: IncomingMessage, res: ServerResponse): void;
}

export function createOpsRoutes(deps: { health: HealthCheck; metrics: PromMetrics; logger: Logger }): OpsRoute[] {
  const fail = (res: ServerResponse, error: unknown, what: string) => {
    deps.logger.error(`ops: ${what} failed`, { error });
    if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
    res.end(`${what} failed\n`);
  };
  return [
    {
      path: '/healthz',
      method: 'GET',
      handler(_req, res) {
        deps.health.check().then(
          (report) => {
            res.writeHead(report.status === 'ok' ? 200 : 503, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
            res.end(JSON.stringify(report));
          },
          (error: unknown) => fail(res, error, 'health check'),
        );
      },
    },
    {
      path: '/metrics',
      method: 'GET',
      handler(_req, res) {
        deps.metrics.render().then(
          (text) => {
            res.writeHead(200, { 'content-type': deps.metrics.contentType, 'cache-control': 'no-store' });
            res.end(text);
          },
          (error: unknown) => fail(res, error, 'metrics'),
        );
      },
    },
  ];
}
