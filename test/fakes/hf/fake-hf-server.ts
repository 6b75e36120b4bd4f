import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

// A local Hugging Face API speaking the wire: /api/daily_papers?date&limit&p and /api/papers/{id},
// with injectable faults. The real HF source runs against it unchanged.

export interface FakeHfRequest {
  path: string;
  query: Record<string, string>;
  headers: IncomingHttpHeaders;
  at: number;
}

export type FakeHfFault =
  /** An error status, optionally with Retry-After (seconds or an HTTP date). */
  | { kind: 'status'; status: number; retryAfter?: string }
  /** Headers never come: the client's timeout has to fire. */
  | { kind: 'hang' }
  /** 200 with the first half of the JSON body. */
  | { kind: 'truncated' }
  /** 200 with a JSON object where an array belongs. */
  | { kind: 'not-array' };

export interface FakeHf {
  url: string;
  requests: FakeHfRequest[];
  /** The items the feed lists on a day (all pages). */
  setDay(day: string, items: unknown[]): void;
  /** The body of /api/papers/{id}; papers listed on a day are served from there too. */
  setPaper(id: string, body: unknown): void;
  /** The next `times` requests (default 1) whose path matches `path` (default any) get this fault. */
  fail(fault: FakeHfFault, options?: { times?: number; path?: RegExp }): void;
  close(): Promise<void>;
}

interface PendingFault {
  fault: FakeHfFault;
  remaining: number;
  path: RegExp | undefined;
}

export async function startFakeHf(initial: { days?: Record<string, unknown[]> } = {}): Promise<FakeHf> {
  const days = new Map<string, unknown[]>(Object.entries(initial.days ?? {}));
  const papers = new Map<string, unknown>();
  const faults: PendingFault[] = [];
  const requests: FakeHfRequest[] = [];

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://fake-hf.local');
    requests.push({ path: url.pathname, query: Object.fromEntries(url.searchParams), headers: req.headers, at: Date.now() });
    const pending = faults.find((f) => f.remaining > 0 && (!f.path || f.path.test(url.pathname)));
    if (pending) {
      pending.remaining -= 1;
      if (applyFault(pending.fault, res)) return;
    }
    if (req.method !== 'GET') return send(res, 405, { error: 'Method not allowed' });
    if (url.pathname === '/api/daily_papers') {
      const date = url.searchParams.get('date') ?? '';
      const limit = Math.min(100, Math.max(1, Number(url.searchParams.get('limit') ?? 50) || 50));
      const page = Math.max(0, Number(url.searchParams.get('p') ?? 0) || 0);
      return send(res, 200, (days.get(date) ?? []).slice(page * limit, (page + 1) * limit));
    }
    const paperMatch = /^\/api\/papers\/([^/]+)$/.exec(url.pathname);
    if (paperMatch?.[1]) {
      const id = decodeURIComponent(paperMatch[1]);
      const body = papers.get(id) ?? findListedPaper(days, id);
      return body === undefined ? send(res, 404, { error: 'Paper not found' }) : send(res, 200, body);
    }
    send(res, 404, { error: 'Not found' });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    setDay: (day, items) => void days.set(day, items),
    setPaper: (id, body) => void papers.set(id, body),
    fail: (fault, options = {}) => void faults.push({ fault, remaining: options.times ?? 1, path: options.path }),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** True when the fault answered (or deliberately did not answer) the request. */
function applyFault(fault: FakeHfFault, res: ServerResponse): boolean {
  switch (fault.kind) {
    case 'status':
      res.writeHead(fault.status, {
        'content-type': 'application/json',
        ...(fault.retryAfter !== undefined ? { 'retry-after': fault.retryAfter } : {}),
      });
      res.end(JSON.stringify({ error: `Injected ${fault.status}` }));
      return true;
    case 'hang':
      return true;
    case 'truncated': {
      const body = JSON.stringify([{ paper: { id: '2611.00001', title: 'Cut off' } }, { paper: { id: '2611.00002' } }]);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(body.slice(0, Math.floor(body.length / 2)));
      return true;
    }
    case 'not-array':
      send(res, 200, { error: 'Something went wrong', items: [] });
      return true;
  }
}

function findListedPaper(days: Map<string, unknown[]>, id: string): unknown {
  for (const items of days.values()) {
    for (const item of items) {
      const paper = (item as { paper?: { id?: unknown } }).paper;
      if (paper?.id === id) return paper;
    }
  }
  return undefined;
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}
