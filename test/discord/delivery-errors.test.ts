import { DiscordAPIError, HTTPError, RateLimitError } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { classifyDiscordError, isOurFault } from '../../src/discord/delivery-errors.js';

const request = { body: undefined, files: undefined };
const apiError = (status: number, code: number, message: string) =>
  new DiscordAPIError({ code, message }, code, status, 'POST', 'https://discord.com/api/v10/channels/1/messages', request);

describe('classifying delivery errors', () => {
  it('sorts Discord answers into the core failure kinds', () => {
    expect(classifyDiscordError(apiError(403, 50001, 'Missing Access')).failure).toBe('no_access');
    expect(classifyDiscordError(apiError(403, 50013, 'Missing Permissions')).failure).toBe('no_access');
    expect(classifyDiscordError(apiError(404, 10003, 'Unknown Channel')).failure).toBe('channel_gone');
    expect(classifyDiscordError(apiError(400, 50083, 'Thread is archived')).failure).toBe('archived');
    // A DM: the person blocked the bot, or shares no server with it any more.
    expect(classifyDiscordError(apiError(403, 50007, 'Cannot send messages to this user')).failure).toBe('dm_closed');
    expect(classifyDiscordError(apiError(400, 50278, 'Cannot send messages to this user due to having no mutual guilds')).failure).toBe('dm_closed');
    expect(classifyDiscordError(apiError(400, 50035, 'Invalid Form Body')).failure).toBe('transient');
    expect(classifyDiscordError(new HTTPError(503, 'Service Unavailable', 'POST', 'u', request)).failure).toBe('transient');
    expect(classifyDiscordError(new TypeError('fetch failed', { cause: new Error('connect ECONNREFUSED') }))).toEqual({
      failure: 'transient',
      message: 'Network error: fetch failed: connect ECONNREFUSED',
    });
    expect(classifyDiscordError('weird').failure).toBe('transient');
  });

  it('passes a rate limit wait on to the ledger', () => {
    const limited = new RateLimitError({
      timeToReset: 0,
      limit: 5,
      method: 'POST',
      hash: 'h',
      url: 'u',
      route: '/channels/:id/messages',
      majorParameter: '1',
      global: false,
      retryAfter: 1500,
      sublimitTimeout: 0,
      scope: 'user',
    });
    expect(classifyDiscordError(limited)).toMatchObject({ failure: 'transient', retryAfterMs: 1500 });
  });

  it('names the code and keeps messages short and free of URLs', () => {
    const classified = classifyDiscordError(apiError(403, 50001, 'Missing Access'));
    expect(classified.message).toBe('Discord 403 (50001): Missing Access');
    expect(isOurFault(apiError(400, 50035, 'Invalid Form Body'))).toBe(true);
    expect(isOurFault(apiError(403, 50001, 'Missing Access'))).toBe(false);
  });
});
