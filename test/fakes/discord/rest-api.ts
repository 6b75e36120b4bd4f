import type { IncomingMessage, ServerResponse } from 'node:http';
import { guildOfChannel, type FakeState, type Fault, type InteractionLog } from './fake-state.js';
import { messageProblems } from './message-validation.js';
import { messagePayload, snowflake, threadPayload } from './payloads.js';

// REST v10 as discord.js uses it for this bot. Answers carry the rate-limit headers Discord sends;
// errors carry Discord's real bodies ({message, code}, and {message, retry_after, global} for 429s).

type Json = Record<string, unknown>;
interface Answer {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

const error = (status: number, code: number, message: string, extra: Json = {}): Answer => ({ status, body: { message, code, ...extra } });
const invalidForm = (problems: string[]) => error(400, 50035, 'Invalid Form Body', { errors: problems });

export function createRestHandler(state: FakeState) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const method = (req.method ?? 'GET').toUpperCase();
    const path = url.pathname.replace(/^\/api\/v10/, '');
    const raw = await readBody(req);
    let body: unknown;
    try {
      body = raw === '' ? undefined : JSON.parse(raw);
    } catch {
      body = raw;
    }
    const query = Object.fromEntries(url.searchParams);
    if (state.messageDelayMs > 0 && method === 'POST' && /^\/channels\/\d+\/messages$/.test(path)) {
      await new Promise((resolve) => setTimeout(resolve, state.messageDelayMs));
    }
    const verdict = url.pathname.startsWith('/api/v10/') ? state.rateLimiter?.(method, path) : undefined;
    const routed: Answer = verdict?.limited
      ? { status: 429, headers: verdict.headers, body: verdict.limited }
      : url.pathname.startsWith('/api/v10/')
        ? route(state, method, path, query, body, req.headers.authorization)
        : error(404, 0, '404: Not Found');
    const answer: Answer = verdict && !verdict.limited ? { ...routed, headers: { ...verdict.headers, ...routed.headers } } : routed;
    state.requests.push({ method, path, query, body, status: answer.status, at: Date.now() });
    send(res, answer, path);
    state.changed();
  };
}

function route(state: FakeState, method: string, path: string, query: Json, body: unknown, auth: string | undefined): Answer {
  const fault = takeFault(state, method, path);
  if (!fault) return handle(state, method, path, query, body, auth);
  if (fault.afterEffect) handle(state, method, path, query, body, auth);
  return fault.answer;
}

function handle(state: FakeState, method: string, path: string, query: Json, body: unknown, auth: string | undefined): Answer {
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  const b = (body ?? {}) as Json;

  // Interaction callbacks and webhooks authenticate with the interaction token, not the bot token.
  if (parts[0] === 'interactions' && parts[3] === 'callback' && method === 'POST') return callback(state, parts[1] ?? '', parts[2] ?? '', b, query);
  if (parts[0] === 'webhooks') return webhook(state, method, parts.slice(1), b);

  if (state.token !== undefined && auth !== `Bot ${state.token}`) return error(401, 0, '401: Unauthorized');
  if (method === 'GET' && path === '/gateway/bot') return { status: 200, body: gatewayBot(state) };
  if (method === 'GET' && path === '/applications/@me') {
    return { status: 200, body: { id: state.applicationId, name: state.bot.username, description: '', flags: 0, bot_public: true, bot_require_code_grant: false, verify_key: '00' } };
  }
  if (method === 'PUT' && parts[0] === 'applications' && parts.at(-1) === 'commands') {
    if (parts[1] !== state.applicationId) return error(403, 50001, 'Missing Access');
    const scope = parts[2] === 'guilds' ? (parts[3] ?? '') : 'global';
    if (scope !== 'global' && !state.guilds.some((g) => g.id === scope)) return error(403, 50001, 'Missing Access');
    const list = Array.isArray(body) ? (body as Json[]) : [];
    const commands = list.map((c) => ({ ...c, id: snowflake(), application_id: state.applicationId, version: snowflake(), type: c.type ?? 1 }));
    state.registrations.push({ scope, commands, at: Date.now() });
    return { status: 200, body: commands };
  }
  if (parts[0] === 'channels' && parts[2] === 'messages') {
    const channelId = parts[1] ?? '';
    const guildId = guildOfChannel(state, channelId);
    const dmWith = state.dms.get(channelId);
    if (!guildId && !dmWith) return error(404, 10003, 'Unknown Channel');
    // A person who blocked the bot (or shares no server with it) cannot be sent messages.
    if (dmWith && method === 'POST' && state.blockedBy.has(dmWith.id)) return error(403, 50007, 'Cannot send messages to this user');
    if (method === 'POST' && parts.length === 3) {
      const problems = [...messageProblems(body, { create: true }), ...nonceProblems(b.nonce)];
      if (problems.length > 0) return invalidForm(problems);
      const replayed = enforcedNonceMessage(state, b);
      if (replayed) {
        state.replays.push({ channelId, nonce: String(b.nonce), messageId: replayed.id, at: Date.now() });
        return { status: 200, body: { ...messagePayload({ id: replayed.id, channelId: replayed.channelId, author: state.bot, body: replayed.body }), nonce: b.nonce } };
      }
      const message = { id: snowflake(), channelId, body: b, at: Date.now() };
      state.messages.push(message);
      if (b.enforce_nonce === true && b.nonce !== undefined) state.nonces.set(String(b.nonce), message);
      return { status: 200, body: { ...messagePayload({ id: message.id, channelId, author: state.bot, body: b }), ...(b.nonce !== undefined ? { nonce: b.nonce } : {}) } };
    }
    if (method === 'GET' && parts.length === 3) return listMessages(state, channelId, query);
    if (method === 'POST' && parts.length === 5 && parts[4] === 'threads') {
      const parent = state.messages.find((m) => m.id === parts[3] && m.channelId === channelId);
      if (!parent) return error(404, 10008, 'Unknown Message');
      if (!guildId) return error(400, 50024, 'Cannot execute action on this channel type');
      const name = typeof b.name === 'string' ? b.name : '';
      if (name.length < 1 || name.length > 100) return invalidForm(['name: Must be between 1 and 100 in length.']);
      if (state.threads.has(parent.id)) return error(400, 160004, 'A thread has already been created for this message');
      // A thread opened on a message takes the message's id.
      state.threads.set(parent.id, guildId);
      return { status: 201, body: threadPayload(guildId, channelId, parent.id, name, state.bot.id) };
    }
  }
  return error(404, 0, '404: Not Found');
}

function callback(state: FakeState, id: string, token: string, body: Json, query: Json): Answer {
  const log = state.interactions.get(id);
  if (!log || log.token !== token) return error(404, 10062, 'Unknown interaction');
  if (Date.now() - log.dispatchedAt > state.interactionDeadlineMs) return error(404, 10062, 'Unknown interaction');
  if (log.callbacks.length > 0) return error(400, 40060, 'Interaction has already been acknowledged.');
  const type = Number(body.type);
  const data = (body.data ?? undefined) as Json | undefined;
  if (![1, 4, 5, 6, 7, 8, 9].includes(type)) return invalidForm(['type: Value must be one of {1, 4, 5, 6, 7, 8, 9}.']);
  if ((type === 4 || type === 7) && data) {
    const problems = messageProblems(data, { create: type === 4 });
    if (problems.length > 0) return invalidForm(problems);
  }
  if (type === 8 && Array.isArray(data?.choices) && data.choices.length > 25) return invalidForm(['data.choices: Must be 25 or fewer in length.']);
  log.callbacks.push({ type, data, at: Date.now() });
  if (query.with_response === 'true') {
    return { status: 200, body: { interaction: { id, type: 2, activity_instance_id: null, response_message_id: null, response_message_loading: type === 5, response_message_ephemeral: false } } };
  }
  return { status: 204 };
}

function webhook(state: FakeState, method: string, parts: string[], body: Json): Answer {
  const [appId, token, messages, target] = parts;
  const log = [...state.interactions.values()].find((l) => l.token === token);
  if (appId !== state.applicationId || !log || log.callbacks.length === 0) return error(404, 10015, 'Unknown Webhook');
  const message = (b: Json, id = snowflake()) =>
    messagePayload({ id, channelId: log.channelId, author: state.bot, body: b, applicationId: state.applicationId, webhookId: state.applicationId });
  if (messages === undefined && method === 'POST') {
    const problems = messageProblems(body, { create: true });
    if (problems.length > 0) return invalidForm(problems);
    log.followUps.push({ body, at: Date.now() });
    return { status: 200, body: message(body) };
  }
  if (messages === 'messages' && target === '@original') {
    if (method === 'PATCH') {
      const problems = messageProblems(body, { create: false });
      if (problems.length > 0) return invalidForm(problems);
      log.edits.push({ body, at: Date.now() });
      return { status: 200, body: message(body, log.id) };
    }
    if (method === 'DELETE') {
      log.deletes += 1;
      return { status: 204 };
    }
    if (method === 'GET') return { status: 200, body: message(lastVisible(log) ?? {}, log.id) };
  }
  return error(404, 0, '404: Not Found');
}

/**
 * GET /channels/{id}/messages: newest first; `after` gives the `limit` messages right after that id,
 * `before` the ones right before it (limit 1-100, default 50). As on Discord, listed messages carry
 * no nonce: the nonce comes back only in the create's answer (and the gateway's MESSAGE_CREATE).
 */
function listMessages(state: FakeState, channelId: string, query: Json): Answer {
  const limit = query.limit === undefined ? 50 : Number(query.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 100) return invalidForm(['limit: Must be between 1 and 100.']);
  const id = (m: { id: string }) => BigInt(m.id);
  let list = state.messages.filter((m) => m.channelId === channelId).sort((a, b) => (id(a) < id(b) ? -1 : 1));
  if (typeof query.after === 'string') list = list.filter((m) => id(m) > BigInt(query.after as string)).slice(0, limit);
  else if (typeof query.before === 'string') list = list.filter((m) => id(m) < BigInt(query.before as string)).slice(-limit);
  else list = list.slice(-limit);
  return { status: 200, body: list.reverse().map((m) => messagePayload({ id: m.id, channelId: m.channelId, author: state.bot, body: m.body })) };
}

/** Discord's nonce: an integer or a string of at most 25 characters. */
function nonceProblems(nonce: unknown): string[] {
  if (nonce === undefined || nonce === null) return [];
  if (typeof nonce === 'number' && Number.isInteger(nonce)) return [];
  if (typeof nonce === 'string' && nonce.length <= 25) return [];
  return ['nonce: Must be an integer or a string of 25 or fewer characters.'];
}

/**
 * With enforce_nonce, a nonce the same author used in the past few minutes returns that message
 * instead of creating another (one bot, so the author is always the same).
 */
function enforcedNonceMessage(state: FakeState, body: Json) {
  if (body.enforce_nonce !== true || body.nonce === undefined || body.nonce === null) return undefined;
  const earlier = state.nonces.get(String(body.nonce));
  return earlier && Date.now() - earlier.at <= state.nonceWindowMs ? earlier : undefined;
}

function lastVisible(log: InteractionLog): Json | undefined {
  return log.edits.at(-1)?.body ?? log.callbacks.at(-1)?.data;
}

function gatewayBot(state: FakeState): Json {
  return {
    url: state.gatewayUrl,
    shards: state.shardCount,
    session_start_limit: { total: 1000, remaining: 999, reset_after: 14_400_000, max_concurrency: state.maxConcurrency },
  };
}

function takeFault(state: FakeState, method: string, path: string): { answer: Answer; afterEffect: boolean } | undefined {
  const fault = state.faults.find(
    (f) => f.remaining > 0 && (f.method === undefined || f.method === method) && (typeof f.path === 'string' ? path.includes(f.path) : f.path.test(path)),
  );
  if (!fault) return undefined;
  if (fault.skipped < (fault.skip ?? 0)) {
    fault.skipped += 1;
    return undefined;
  }
  fault.remaining -= 1;
  return { answer: faultAnswer(fault), afterEffect: fault.afterEffect === true };
}

function faultAnswer(fault: Fault): Answer {
  if (fault.status === 429) {
    const retryAfter = fault.retryAfter ?? 0.25;
    const headers: Record<string, string> = {
      'retry-after': String(retryAfter),
      'x-ratelimit-limit': '5',
      'x-ratelimit-remaining': '0',
      'x-ratelimit-reset-after': String(retryAfter),
      'x-ratelimit-reset': String(Date.now() / 1000 + retryAfter),
      'x-ratelimit-scope': fault.global ? 'global' : 'user',
      ...(fault.global ? { 'x-ratelimit-global': 'true' } : {}),
    };
    return { status: 429, headers, body: { message: 'You are being rate limited.', retry_after: retryAfter, global: fault.global ?? false } };
  }
  if (fault.status >= 500) return { status: fault.status, body: { message: `${fault.status}: Internal Server Error`, code: 0 } };
  const defaults: Record<number, [number, string]> = { 403: [50001, 'Missing Access'], 404: [10003, 'Unknown Channel'], 401: [0, '401: Unauthorized'] };
  const [code, message] = defaults[fault.status] ?? [0, 'Bad Request'];
  return error(fault.status, fault.code ?? code, fault.message ?? message);
}

function send(res: ServerResponse, answer: Answer, path: string): void {
  const headers: Record<string, string> = {
    'x-ratelimit-limit': '5',
    'x-ratelimit-remaining': '4',
    'x-ratelimit-reset-after': '1',
    'x-ratelimit-reset': String(Date.now() / 1000 + 1),
    'x-ratelimit-bucket': bucketOf(path),
    ...answer.headers,
  };
  if (answer.status === 204 || answer.body === undefined) {
    // A 204 must carry no JSON content type: discord.js would try to parse the empty body.
    res.writeHead(answer.status, headers).end();
    return;
  }
  res.writeHead(answer.status, { ...headers, 'content-type': 'application/json' }).end(JSON.stringify(answer.body));
}

/** Discord buckets by route with major parameters (channel, guild, webhook) kept. */
function bucketOf(path: string): string {
  return Buffer.from(path.replace(/\/\d{16,20}(?=\/|$)/g, (m, offset: number) => (offset < 20 ? m : '/:id'))).toString('base64url').slice(0, 24);
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
