import { webApi } from '@slack/bolt';
import type { DeliveryFailure } from '../core/ports.js';

// Turns a Web API error into the core's failure classes, with words for `/papers status`.

export interface ClassifiedFailure {
  failure: DeliveryFailure;
  message: string;
  retryAfterMs?: number;
}

const revoked = new Set(['invalid_auth', 'token_revoked', 'account_inactive', 'not_authed', 'team_access_not_granted', 'missing_scope', 'team_not_found']);

export function classifySlackError(error: unknown): ClassifiedFailure {
  const code = platformErrorCode(error);
  if (code === 'not_in_channel') {
    return { failure: 'no_access', message: 'not_in_channel: the bot is not in this channel. Invite it with /invite @Paperboy (private channels always need this).' };
  }
  if (code === 'channel_not_found') {
    return { failure: 'channel_gone', message: 'channel_not_found: Slack does not know this channel, or it is private and the bot was never invited. Invite it with /invite @Paperboy.' };
  }
  if (code === 'is_archived') return { failure: 'archived', message: 'is_archived: the channel is archived.' };
  if (code === 'messages_tab_disabled') {
    return { failure: 'dm_closed', message: "messages_tab_disabled: the app's Messages tab is turned off, so it cannot send direct messages. Turn it on under App Home in the app's settings." };
  }
  if (code !== undefined && revoked.has(code)) {
    return { failure: 'workspace_revoked', message: `${code}: the app's token for this workspace no longer works; reinstall the app.` };
  }
  if (code === 'ratelimited') return { failure: 'transient', message: 'ratelimited by Slack', retryAfterMs: 60_000 };
  if (isCoded(error) && error.code === webApi.ErrorCode.RateLimitedError) {
    const seconds = (error as { retryAfter?: number }).retryAfter ?? 60;
    return { failure: 'transient', message: `ratelimited by Slack (retry after ${seconds} s)`, retryAfterMs: seconds * 1000 };
  }
  const text = code ?? (error instanceof Error ? error.message : String(error));
  return { failure: 'transient', message: text };
}

function platformErrorCode(error: unknown): string | undefined {
  if (!isCoded(error) || error.code !== webApi.ErrorCode.PlatformError) return undefined;
  const data = (error as { data?: { error?: unknown } }).data;
  return typeof data?.error === 'string' ? data.error : undefined;
}

function isCoded(error: unknown): error is { code: string } {
  return typeof error === 'object' && error !== null && typeof (error as { code?: unknown }).code === 'string';
}

/** The request got no Web API answer (network error, HTTP 5xx): it may or may not have taken effect. */
export function answerLost(error: unknown): boolean {
  return isCoded(error) && (error.code === webApi.ErrorCode.RequestError || error.code === webApi.ErrorCode.HTTPError);
}
