import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FakeSocketMode } from './socket-mode.js';
import { emptyRecording, type FakeWorkspace, type Recording } from './state.js';
import { handleApiCall, type ApiAnswer, type WebApiContext } from './web-api.js';

// A local Slack: Web API at /api/<method>, Socket Mode at /socket, response_url receivers at
// /respond/<id>. The real Bolt runs against it through SLACK_API_URL; it records everything.

export interface FakeSlackOptions {
  workspaces?: FakeWorkspace[];
  appToken?: string;
  clientId?: string;
  clientSecret?: string;
  /** Minimum gap between accepted posts to one channel; Slack's is about 1000 ms. */
  postIntervalMs?: number;
  /**
   * chat.postMessage takes effect at once but answers this much later: the network's latency, and
   * the window in which a process killed mid-request leaves a message it never heard about.
   */
  postAnswerDelayMs?: number;
  /**
   * Enforces rate limits before a call reaches its method (the benchmarks' bench/limits-slack.ts):
   * a 429 answer to send instead, or undefined to go on. Default: only postIntervalMs.
   */
  rateLimiter?: (method: string, params: Record<string, unknown>, token: string | undefined) => ApiAnswer | undefined;
  /** Count posts per channel (`recording.tally`) instead of keeping calls and posts: for 100,000 channels. */
  tally?: boolean;
}

export interface FakeSlack {
  /** SLACK_API_URL for the app under test. */
  readonly url: string;
  readonly recording: Recording;
  readonly socket: FakeSocketMode;
  readonly workspaces: Map<string, FakeWorkspace>;
  /** A fresh response_url; what reaches it is recorded under `id`. */
  responseUrl(id: string): string;
  /** Waits until `count` response_url posts for `id` arrived. */
  waitForResponses(id: string, count?: number, timeoutMs?: number): Promise<Recording['responses']>;
  /** Makes the next call of `method` (for `channel`, if given) answer `{ok:false, error}`. */
  failNext(method: string, error: string, channel?: string): void;
  /**
   * The next call of `method` (for `channel`) takes effect, then its answer is lost: the connection
   * is cut ('reset') or Slack's edge answers 502 ('http'), the case a blind retry would post twice.
   */
  loseNextAnswer(method: string, how: 'reset' | 'http', channel?: string): void;
  revokeToken(token: string): void;
  /** Hands out an OAuth code that installs `workspace` when exchanged through oauth.v2.access. */
  issueOauthCode(code: string, workspace: FakeWorkspace): void;
  /** Forgets every call, post and response, and any queued failure: a test's fresh start on a shared fake. */
  reset(): void;
  close(): Promise<void>;
}

export function workspace(teamId: string, overrides: Partial<FakeWorkspace> = {}): FakeWorkspace {
  return {
    teamId,
    teamName: teamId.toLowerCase(),
    botToken: `xoxb-${teamId.toLowerCase()}-bot`,
    botUserId: `U${teamId}BOT`,
    botId: `B${teamId}`,
    users: [],
    channels: [],
    ...overrides,
  };
}

export async function startFakeSlack(options: FakeSlackOptions = {}): Promise<FakeSlack> {
  const recording = emptyRecording(options.tally);
  const socket = new FakeSocketMode();
  const workspaces = new Map((options.workspaces ?? []).map((w) => [w.teamId, w]));
  let base = '';
  // Slack's ts is the post's Unix time in seconds with six decimals, unique per channel.
  let lastMicros = 0;
  const ctx: WebApiContext = {
    workspaces,
    recording,
    revokedTokens: new Set(),
    appToken: options.appToken ?? 'xapp-test',
    oauthCodes: new Map(),
    clientId: options.clientId ?? 'client-id',
    clientSecret: options.clientSecret ?? 'client-secret',
    postIntervalMs: options.postIntervalMs ?? 1000,
    lastPostAt: new Map(),
    queuedErrors: [],
    socketUrl: () => `${base.replace(/^http/, 'ws')}/socket`,
    nextTs: () => {
      lastMicros = Math.max(lastMicros + 1, Date.now() * 1000);
      return `${Math.floor(lastMicros / 1e6)}.${String(lastMicros % 1e6).padStart(6, '0')}`;
    },
  };
  const responseWaiters: (() => void)[] = [];
  const lostAnswers: { method: string; how: 'reset' | 'http'; channel?: string }[] = [];

  const server = createServer((req, res) => {
    void route(req, res).catch((error: unknown) => {
      res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(String(error));
    });
  });
  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', base);
    const body = await readBody(req);
    const api = /^\/api\/([a-zA-Z.0-9]+)$/.exec(url.pathname);
    if (api?.[1] && req.method === 'POST') {
      const params = parseParams(body, req.headers['content-type']);
      const auth = req.headers.authorization;
      const token = auth?.startsWith('Bearer ') ? auth.slice(7) : typeof params.token === 'string' ? params.token : undefined;
      if (recording.tally) recording.tally.calls += 1;
      else recording.calls.push({ method: api[1], params, token, at: Date.now() });
      const limited = options.rateLimiter?.(api[1], params, token);
      if (limited && api[1] === 'chat.postMessage') recording.rateLimited.push({ channel: String(params.channel ?? ''), at: Date.now() });
      const answer = limited ?? handleApiCall(ctx, api[1], params, token);
      if (options.postAnswerDelayMs && api[1] === 'chat.postMessage') await new Promise((resolve) => setTimeout(resolve, options.postAnswerDelayMs));
      const lost = answer.status === 200 ? lostAnswers.findIndex((l) => l.method === api[1] && (l.channel === undefined || l.channel === params.channel)) : -1;
      if (lost >= 0) {
        const how = lostAnswers.splice(lost, 1)[0]?.how;
        if (how === 'reset') req.socket.destroy();
        else res.writeHead(502, { 'content-type': 'text/html' }).end('<html>502 Bad Gateway</html>');
        return;
      }
      res.writeHead(answer.status, { 'content-type': 'application/json; charset=utf-8', ...answer.headers });
      res.end(JSON.stringify(answer.body));
      return;
    }
    const respond = /^\/respond\/([\w-]+)$/.exec(url.pathname);
    if (respond?.[1] && req.method === 'POST') {
      recording.responses.push({ id: respond[1], body: JSON.parse(body || '{}') as Record<string, unknown>, at: Date.now() });
      responseWaiters.splice(0).forEach((wake) => wake());
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"ok":true}');
      return;
    }
    res.writeHead(404, { 'content-type': 'text/plain' });
    res.end('not found');
  }
  server.on('upgrade', (request, duplex, head) => {
    if (new URL(request.url ?? '/', 'http://x').pathname === '/socket') socket.handleUpgrade(request, duplex, head);
    else duplex.destroy();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url: `${base}/api`,
    recording,
    socket,
    workspaces,
    responseUrl: (id) => `${base}/respond/${id}`,
    async waitForResponses(id, count = 1, timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const got = recording.responses.filter((r) => r.id === id);
        if (got.length >= count) return got;
        const left = deadline - Date.now();
        if (left <= 0) throw new Error(`response_url ${id}: ${got.length} of ${count} responses after ${timeoutMs} ms`);
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, left);
          responseWaiters.push(() => {
            clearTimeout(timer);
            resolve();
          });
        });
      }
    },
    loseNextAnswer: (method, how, channel) => lostAnswers.push(channel === undefined ? { method, how } : { method, how, channel }),
    failNext: (method, error, channel) => ctx.queuedErrors.push(channel === undefined ? { method, error } : { method, error, channel }),
    revokeToken: (token) => ctx.revokedTokens.add(token),
    issueOauthCode: (code, w) => ctx.oauthCodes.set(code, w),
    reset() {
      for (const list of [recording.calls, recording.posts, recording.rateLimited, recording.errors, recording.responses, recording.views]) list.length = 0;
      if (recording.tally) Object.assign(recording.tally, { calls: 0, posts: 0 }).channels.clear();
      ctx.queuedErrors.length = 0;
      ctx.lastPostAt.clear();
      lostAnswers.length = 0;
    },
    async close() {
      await socket.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

// The WebClient sends form-encoded bodies with nested values (blocks, view) as JSON strings.
function parseParams(body: string, contentType: string | undefined): Record<string, unknown> {
  if (contentType?.includes('application/json')) return body ? (JSON.parse(body) as Record<string, unknown>) : {};
  const params: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(body)) {
    params[key] = /^[[{]/.test(value) ? safeJson(value) : value;
  }
  return params;
}

function safeJson(value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}
