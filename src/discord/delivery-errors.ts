import { DiscordAPIError, HTTPError, RateLimitError, RESTJSONErrorCodes } from 'discord.js';
import type { DeliveryFailure } from '../core/ports.js';

// Turns whatever discord.js threw into the core's DeliveryFailure. 429s never get here in normal
// operation: discord.js's REST queue waits and retries them; 5xx are retried three times by the same
// queue before HTTPError reaches us, and then the ledger retries later.

export interface ClassifiedError {
  failure: DeliveryFailure;
  /** Short, token-free description for the ledger and `status`. */
  message: string;
  retryAfterMs?: number;
}

const noAccessCodes = new Set<number>([RESTJSONErrorCodes.MissingAccess, RESTJSONErrorCodes.MissingPermissions]);
const goneCodes = new Set<number>([RESTJSONErrorCodes.UnknownChannel, RESTJSONErrorCodes.UnknownGuild]);
/** The person blocked the bot, closed DMs from it, or shares no server with it any more. */
const dmClosedCodes = new Set<number>([RESTJSONErrorCodes.CannotSendMessagesToThisUser, RESTJSONErrorCodes.CannotSendMessagesToThisUserDueToHavingNoMutualGuilds]);
const archivedCodes = new Set<number>([RESTJSONErrorCodes.InvalidActionOnArchivedThread, RESTJSONErrorCodes.ThreadLocked]);

export function classifyDiscordError(error: unknown): ClassifiedError {
  if (error instanceof DiscordAPIError) {
    const code = typeof error.code === 'number' ? error.code : Number(error.code);
    const message = `Discord ${error.status} (${error.code}): ${firstLine(error.message)}`;
    if (dmClosedCodes.has(code)) return { failure: 'dm_closed', message };
    if (noAccessCodes.has(code) || error.status === 403) return { failure: 'no_access', message };
    if (goneCodes.has(code) || error.status === 404) return { failure: 'channel_gone', message };
    if (archivedCodes.has(code)) return { failure: 'archived', message };
    // 400 (a payload Discord refused) and 401 (bad token) are ours to fix, not the channel's: retry
    // later rather than pause a channel that did nothing wrong. The caller logs them as errors.
    return { failure: 'transient', message };
  }
  if (error instanceof RateLimitError) {
    return { failure: 'transient', message: `Discord rate limit on ${error.route}`, retryAfterMs: error.retryAfter };
  }
  if (error instanceof HTTPError) {
    return { failure: 'transient', message: `Discord ${error.status}: ${firstLine(error.message) || 'server error'}` };
  }
  if (error instanceof Error) {
    // fetch failures (ECONNREFUSED, DNS), aborts after the REST timeout, sockets reset.
    const cause = (error as { cause?: unknown }).cause;
    const detail = cause instanceof Error ? `: ${cause.message}` : '';
    return { failure: 'transient', message: `Network error: ${firstLine(error.message)}${detail}` };
  }
  return { failure: 'transient', message: 'Unknown delivery error' };
}

/** True for errors that mean our request was wrong (so a person must look), not the channel's state. */
export function isOurFault(error: unknown): boolean {
  return error instanceof DiscordAPIError && (error.status === 400 || error.status === 401);
}

function firstLine(text: string): string {
  return (text.split('\n')[0] ?? '').slice(0, 200);
}
