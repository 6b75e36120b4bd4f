import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../core/ports.js';
import type { OpsRoute } from './ops-routes.js';

// A small HTTP server for the ops routes, for when nothing else listens on PORT (Discord only,
// Slack Socket Mode, the terminal). A busy port is a warning, never a reason to stop delivering.

export interface OpsServer {
  /** e.g. http://127.0.0.1:3000 */
  readonly url: string;
  close(): Promise<void>;
}

export async function startOpsServer(options: { port: number; host?: string; routes: OpsRoute[]; logger: Logger }): Promise<OpsServer | null> {
  const { routes, logger } = options;
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    const route = routes.find((r) => r.path === path);
    if (!route) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('not found\n');
      return;
    }
    if (req.method !== route.method && !(req.method === 'HEAD' && route.method === 'GET')) {
      res.writeHead(405, { allow: route.method, 'content-type': 'text/plain; charset=utf-8' }).end('method not allowed\n');
      return;
    }
    route.handler(req, res);
  });
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port, options.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    logger.warn('ops: /healthz and /metrics not served', {
      port: options.port,
      error: code ?? error,
      hint: code === 'EADDRINUSE' ? 'another process uses PORT; set PORT to a free port' : undefined,
    });
    return null;
  }
  server.on('error', (error) => logger.error('ops: server error', { error }));
  const address = server.address() as AddressInfo;
  const url = `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`;
  logger.info('ops: serving /healthz and /metrics', { url });
  return {
    url,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
