import { checkBlocks } from './block-kit-rules.js';
import type { FakeChannel, FakeIm, FakeWorkspace, Recording } from './state.js';

// The Web API methods Paperboy and Bolt call, answering the way Slack does: HTTP 200 with
// {ok:false,error} for failures, 429 + Retry-After only for rate limits.

export interface WebApiContext {
  workspaces: Map<string, FakeWorkspace>;
  recording: Recording;
  /** Tokens revoked by a test: every call with them answers token_revoked. */
  revokedTokens: Set<string>;
  appToken: string;
  /** OAuth codes a test handed out: code -> workspace to install. */
  oauthCodes: Map<string, FakeWorkspace>;
  clientId: string;
  clientSecret: string;
  /** Minimum gap between two accepted posts to one channel (Slack: about one a second). */
  postIntervalMs: number;
  lastPostAt: Map<string, number>;
  /** One-shot errors a test queued for a method (and optionally a channel). */
  queuedErrors: { method: string; channel?: string; error: string }[];
  socketUrl(): string;
  nextTs(): string;
}

export type ApiAnswer = { status: number; headers?: Record<string, string>; body: Record<string, unknown> };

const ok = (body: Record<string, unknown> = {}): ApiAnswer => ({ status: 200, body: { ok: true, ...body } });
const fail = (error: string, extra: Record<string, unknown> = {}): ApiAnswer => ({ status: 200, body: { ok: false, error, ...extra } });

export function handleApiCall(ctx: WebApiContext, method: string, params: Record<string, unknown>, token: string | undefined): ApiAnswer {
  const queued = ctx.queuedErrors.findIndex((q) => q.method === method && (q.channel === undefined || q.channel === params.channel));
  if (queued >= 0) {
    const [entry] = ctx.queuedErrors.splice(queued, 1);
    return fail(entry?.error ?? 'fatal_error');
  }
  if (method === 'apps.connections.open') {
    return token === ctx.appToken ? ok({ url: ctx.socketUrl() }) : fail('invalid_auth');
  }
  if (method === 'oauth.v2.access') return oauthAccess(ctx, params);
  if (token !== undefined && ctx.revokedTokens.has(token)) return fail('token_revoked');
  const workspace = [...ctx.workspaces.values()].find((w) => w.botToken === token);
  if (!workspace) return fail(token ? 'invalid_auth' : 'not_authed');
  switch (method) {
    case 'auth.test':
      return ok({
        url: `https://${workspace.teamName}.slack.test/`,
        team: workspace.teamName,
        user: 'paperboy',
        team_id: workspace.teamId,
        user_id: workspace.botUserId,
        bot_id: workspace.botId,
        is_enterprise_install: false,
      });
    case 'chat.postMessage':
      return postMessage(ctx, workspace, params, token);
    case 'conversations.history':
      return history(ctx, workspace, params);
    case 'conversations.replies':
      return replies(ctx, workspace, params);
    case 'users.info': {
      const user = workspace.users.find((u) => u.id === params.user);
      if (!user) return fail('user_not_found');
      return ok({
        user: {
          id: user.id,
          team_id: workspace.teamId,
          name: user.name,
          is_admin: Boolean(user.isAdmin),
          is_owner: Boolean(user.isOwner),
          is_primary_owner: false,
          is_restricted: Boolean(user.isRestricted),
          is_ultra_restricted: false,
          is_bot: false,
        },
      });
    }
    case 'conversations.open': {
      // One person: the app's IM with them (the same id every time). Several: a group DM, not used here.
      const users = String(params.users ?? '').split(',').filter(Boolean);
      if (users.length !== 1) return fail('not_implemented');
      if (!workspace.users.some((u) => u.id === users[0])) return fail('user_not_found');
      return ok({ channel: { id: openIm(workspace, users[0] ?? '').id } });
    }
    case 'conversations.info': {
      const channel = workspace.channels.find((c) => c.id === params.channel);
      if (!channel) return fail('channel_not_found');
      return ok({ channel: { id: channel.id, name: channel.name, is_channel: true, is_archived: Boolean(channel.isArchived), is_member: channel.botIsMember !== false } });
    }
    case 'users.conversations': {
      // Slack: "Non-public channels are restricted to those where the calling user shares membership."
      const user = typeof params.user === 'string' ? params.user : workspace.botUserId;
      const types = String(params.types ?? 'public_channel').split(',');
      const listed = workspace.channels.filter((c) => {
        if (params.exclude_archived === true || params.exclude_archived === 'true') {
          if (c.isArchived) return false;
        }
        if (!types.includes(c.isPrivate ? 'private_channel' : 'public_channel')) return false;
        if (c.isPrivate && c.botIsMember === false) return false;
        const members = c.members ?? workspace.users.map((u) => u.id);
        return user === workspace.botUserId ? c.botIsMember !== false : members.includes(user);
      });
      // One page per call, as small as the caller asked, so paging is exercised.
      const limit = Math.max(1, Number(params.limit ?? 100));
      const start = typeof params.cursor === 'string' && params.cursor !== '' ? Number(params.cursor) : 0;
      const page = listed.slice(start, start + limit);
      const next = start + limit < listed.length ? String(start + limit) : '';
      return ok({
        channels: page.map((c) => ({ id: c.id, name: c.name, is_channel: true, is_private: Boolean(c.isPrivate), is_archived: Boolean(c.isArchived) })),
        response_metadata: { next_cursor: next },
      });
    }
    case 'views.publish': {
      const view = typeof params.view === 'object' && params.view ? (params.view as Record<string, unknown>) : null;
      if (!view || view.type !== 'home') return fail('invalid_arguments');
      const problem = checkBlocks(view.blocks, 100);
      if (problem) return refuse(ctx, method, problem.error, problem.detail);
      ctx.recording.views.push({ userId: String(params.user_id), view, teamId: workspace.teamId });
      return ok({ view: { id: 'V1', ...view } });
    }
    default:
      return fail('unknown_method');
  }
}

/** A channel, or the app's IM with a person as a channel the bot is in (with that person). */
function findChannel(workspace: FakeWorkspace, id: string): FakeChannel | undefined {
  const im = workspace.ims?.find((i) => i.id === id);
  return im ? { id: im.id, name: 'directmessage', members: [im.user] } : workspace.channels.find((c) => c.id === id);
}

function isIm(workspace: FakeWorkspace, id: string): boolean {
  return workspace.ims?.some((i) => i.id === id) === true;
}

function openIm(workspace: FakeWorkspace, user: string): FakeIm {
  workspace.ims ??= [];
  const known = workspace.ims.find((i) => i.user === user);
  if (known) return known;
  const im = { id: `D${user.replace(/^U/, '')}`, user };
  workspace.ims.push(im);
  return im;
}

function postMessage(ctx: WebApiContext, workspace: FakeWorkspace, params: Record<string, unknown>, token: string | undefined): ApiAnswer {
  const channelId = typeof params.channel === 'string' ? params.channel : '';
  const channel = findChannel(workspace, channelId);
  if (!channel) return refuse(ctx, 'chat.postMessage', 'channel_not_found');
  if (isIm(workspace, channelId) && workspace.messagesTabDisabled) return refuse(ctx, 'chat.postMessage', 'messages_tab_disabled');
  if (channel.isArchived) return refuse(ctx, 'chat.postMessage', 'is_archived');
  if (channel.botIsMember === false) return refuse(ctx, 'chat.postMessage', 'not_in_channel');
  const now = Date.now();
  const last = ctx.lastPostAt.get(channelId);
  if (last !== undefined && now - last < ctx.postIntervalMs) {
    ctx.recording.rateLimited.push({ channel: channelId, at: now });
    const retryAfter = Math.max(1, Math.ceil((ctx.postIntervalMs - (now - last)) / 1000));
    return { status: 429, headers: { 'Retry-After': String(retryAfter) }, body: { ok: false, error: 'ratelimited' } };
  }
  const text = typeof params.text === 'string' ? params.text : undefined;
  const blocks = Array.isArray(params.blocks) ? params.blocks : undefined;
  if (params.blocks !== undefined && !blocks) return refuse(ctx, 'chat.postMessage', 'invalid_blocks', 'blocks is not an array');
  if (!text && !blocks) return refuse(ctx, 'chat.postMessage', 'no_text');
  if (text && text.length > 40_000) return refuse(ctx, 'chat.postMessage', 'msg_too_long');
  const problem = checkBlocks(blocks, 50);
  if (problem) return refuse(ctx, 'chat.postMessage', problem.error, problem.detail);
  const threadTs = typeof params.thread_ts === 'string' ? params.thread_ts : undefined;
  if (threadTs && !ctx.recording.posts.some((p) => p.ts === threadTs && p.channel === channelId)) {
    return refuse(ctx, 'chat.postMessage', 'thread_not_found');
  }
  const metadata = messageMetadata(params.metadata);
  if (metadata === null) return refuse(ctx, 'chat.postMessage', 'invalid_metadata_format');
  ctx.lastPostAt.set(channelId, now);
  const ts = ctx.nextTs();
  ctx.recording.posts.push({ ts, channel: channelId, threadTs, text, blocks, metadata, token, teamId: workspace.teamId });
  // Slack warns (but accepts) when blocks come without a notification fallback.
  return ok({ channel: channelId, ts, message: { text, ts }, ...(text ? {} : { warning: 'missing_text' }) });
}

/** Slack's message metadata: {event_type: string, event_payload: object}; null when malformed. */
function messageMetadata(value: unknown): { event_type: string; event_payload: Record<string, unknown> } | undefined | null {
  if (value === undefined) return undefined;
  const m = (typeof value === 'string' ? safeParse(value) : value) as { event_type?: unknown; event_payload?: unknown } | undefined;
  if (!m || typeof m.event_type !== 'string' || typeof m.event_payload !== 'object' || m.event_payload === null) return null;
  return { event_type: m.event_type, event_payload: m.event_payload as Record<string, unknown> };
}

function safeParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

type Post = WebApiContext['recording']['posts'][number];

/**
 * conversations.history: the channel's top-level messages (thread replies are not listed), newest
 * first, between oldest and latest (exclusive unless inclusive), limit per page with a cursor.
 * Metadata only with include_all_metadata, as on Slack.
 */
function history(ctx: WebApiContext, workspace: FakeWorkspace, params: Record<string, unknown>): ApiAnswer {
  const channel = findChannel(workspace, String(params.channel ?? ''));
  if (!channel) return fail('channel_not_found');
  if (channel.botIsMember === false) return fail('not_in_channel');
  const posts = ctx.recording.posts.filter((p) => p.channel === channel.id && p.teamId === workspace.teamId && p.threadTs === undefined);
  return page(inRange(posts, params).reverse(), params);
}

/** conversations.replies: the parent first, then its replies oldest first; the same paging and metadata rules. */
function replies(ctx: WebApiContext, workspace: FakeWorkspace, params: Record<string, unknown>): ApiAnswer {
  const channel = findChannel(workspace, String(params.channel ?? ''));
  if (!channel) return fail('channel_not_found');
  const parent = ctx.recording.posts.find((p) => p.channel === channel.id && p.ts === params.ts && p.threadTs === undefined);
  if (!parent) return fail('thread_not_found');
  const thread = ctx.recording.posts.filter((p) => p.channel === channel.id && p.threadTs === parent.ts);
  return page([parent, ...inRange(thread, params)], params);
}

function inRange(posts: Post[], params: Record<string, unknown>): Post[] {
  const inclusive = params.inclusive === true || params.inclusive === 'true';
  const oldest = params.oldest === undefined ? -Infinity : Number(params.oldest);
  const latest = params.latest === undefined ? Infinity : Number(params.latest);
  return posts.filter((p) => {
    const ts = Number(p.ts);
    return inclusive ? ts >= oldest && ts <= latest : ts > oldest && ts < latest;
  });
}

function page(posts: Post[], params: Record<string, unknown>): ApiAnswer {
  const limit = Math.min(999, Math.max(1, Number(params.limit ?? 100)));
  const start = typeof params.cursor === 'string' && params.cursor !== '' ? Number(Buffer.from(params.cursor, 'base64').toString().replace('next:', '')) : 0;
  const slice = posts.slice(start, start + limit);
  const withMetadata = params.include_all_metadata === true || params.include_all_metadata === 'true';
  const more = start + limit < posts.length;
  return ok({
    messages: slice.map((p) => ({
      type: 'message',
      ts: p.ts,
      text: p.text ?? '',
      blocks: p.blocks ?? [],
      ...(p.threadTs ? { thread_ts: p.threadTs } : {}),
      bot_id: 'BPAPERBOY',
      ...(withMetadata && p.metadata ? { metadata: p.metadata } : {}),
    })),
    has_more: more,
    response_metadata: { next_cursor: more ? Buffer.from(`next:${start + limit}`).toString('base64') : '' },
  });
}

function oauthAccess(ctx: WebApiContext, params: Record<string, unknown>): ApiAnswer {
  if (params.client_id !== ctx.clientId || params.client_secret !== ctx.clientSecret) return fail('invalid_client_id');
  const workspace = typeof params.code === 'string' ? ctx.oauthCodes.get(params.code) : undefined;
  if (!workspace) return fail('invalid_code');
  ctx.oauthCodes.delete(String(params.code));
  ctx.workspaces.set(workspace.teamId, workspace);
  return ok({
    access_token: workspace.botToken,
    token_type: 'bot',
    scope: 'commands,chat:write,users:read',
    bot_user_id: workspace.botUserId,
    app_id: 'A0PAPERBOY',
    team: { id: workspace.teamId, name: workspace.teamName },
    enterprise: null,
    is_enterprise_install: false,
    authed_user: { id: workspace.users[0]?.id ?? 'U0INSTALLER' },
  });
}

function refuse(ctx: WebApiContext, method: string, error: string, detail?: string): ApiAnswer {
  ctx.recording.errors.push(detail === undefined ? { method, error } : { method, error, detail });
  return fail(error);
}
