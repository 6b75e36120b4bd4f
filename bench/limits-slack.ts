import type { ApiAnswer } from '../test/fakes/slack/web-api.js';

// Slack's limits on chat.postMessage, enforced at the fake: about one message a second per channel
// with short bursts allowed, and a workspace-wide cap ("several hundred messages a minute"; Slack
// publishes no exact figure, so the cap is a parameter). Both are token buckets. Over a limit the
// answer is Slack's: HTTP 429, Retry-After in whole seconds, {ok:false, error:'ratelimited'}.

export interface SlackLimits {
  channelPerSecond: number;
  channelBurst: number;
  workspacePerMinute: number;
  workspaceBurst: number;
}

export const slackLimits: SlackLimits = { channelPerSecond: 1, channelBurst: 3, workspacePerMinute: 300, workspaceBurst: 10 };

export interface SlackLimitStats {
  posts: number;
  limitedChannel: number;
  limitedWorkspace: number;
}

interface Bucket {
  tokens: number;
  at: number;
}

export function slackLimiter(limits: SlackLimits = slackLimits) {
  const stats: SlackLimitStats = { posts: 0, limitedChannel: 0, limitedWorkspace: 0 };
  const channels = new Map<string, Bucket>();
  const workspaces = new Map<string, Bucket>();
  const workspaceRate = limits.workspacePerMinute / 60;

  function refill(map: Map<string, Bucket>, key: string, rate: number, burst: number, now: number): Bucket {
    const b = map.get(key) ?? { tokens: burst, at: now };
    b.tokens = Math.min(burst, b.tokens + ((now - b.at) / 1000) * rate);
    b.at = now;
    map.set(key, b);
    return b;
  }

  function limiter(method: string, params: Record<string, unknown>, token: string | undefined): ApiAnswer | undefined {
    if (method !== 'chat.postMessage') return undefined;
    stats.posts += 1;
    const now = Date.now();
    const workspace = refill(workspaces, token ?? '', workspaceRate, limits.workspaceBurst, now);
    const channel = refill(channels, `${token ?? ''}:${String(params.channel ?? '')}`, limits.channelPerSecond, limits.channelBurst, now);
    if (channel.tokens < 1) {
      stats.limitedChannel += 1;
      return tooMany((1 - channel.tokens) / limits.channelPerSecond);
    }
    if (workspace.tokens < 1) {
      stats.limitedWorkspace += 1;
      return tooMany((1 - workspace.tokens) / workspaceRate);
    }
    channel.tokens -= 1;
    workspace.tokens -= 1;
    return undefined;
  }
  return Object.assign(limiter, { stats });
}

function tooMany(seconds: number): ApiAnswer {
  return { status: 429, headers: { 'Retry-After': String(Math.max(1, Math.ceil(seconds))) }, body: { ok: false, error: 'ratelimited' } };
}
