import { Routes, SnowflakeUtil, type APIEmbed, type APIMessage, type REST } from 'discord.js';
import type { Logger } from '../core/ports.js';
import { classifyDiscordError } from './delivery-errors.js';
import type { OutgoingMessage } from './outgoing-message.js';

// Finds a digest part an earlier attempt may have posted without recording it. Discord lists no
// nonces (they come back only in the create's answer), so the part is recognised by what it says:
// our renderer is deterministic, so the header's text and a card message's paper links are the
// same on every attempt. Only messages by a bot after the last recorded part (or, for the header,
// after the attempt began) are considered.

/** Clocks drift: search from a little before the attempt began. */
const sinceMarginMs = 5 * 60_000;
const pageSize = 100;
const maxPages = 10;

export interface LookupDeps {
  rest: Pick<REST, 'get'>;
  logger: Logger;
}

/** The id of a message in `channelId` that is this part, or undefined when there is none. */
export async function findPosted(
  deps: LookupDeps,
  channelId: string,
  part: OutgoingMessage,
  from: { after: string | undefined; since: Date | null },
): Promise<string | undefined> {
  const after = from.after ?? (from.since ? SnowflakeUtil.generate({ timestamp: from.since.getTime() - sinceMarginMs }).toString() : undefined);
  if (after === undefined) return undefined;
  const want = signature(part.content ?? '', part.embeds);
  // A busy channel may have more than a page of messages since: walk forward page by page.
  for (let page = 0, cursor = after; page < maxPages; page++) {
    let messages: APIMessage[];
    try {
      const query = new URLSearchParams({ after: cursor, limit: String(pageSize) });
      messages = (await deps.rest.get(Routes.channelMessages(channelId), { query })) as APIMessage[];
    } catch (error) {
      // Without Read Message History the look-up is impossible; the enforced nonce still covers
      // a retry within Discord's window, so post with it rather than not at all.
      deps.logger.warn('discord: could not look up an unrecorded digest part; posting it with its nonce', { channel: channelId, error: classifyDiscordError(error).message });
      return undefined;
    }
    const found = messages.find((m) => m.author.bot === true && signature(m.content, m.embeds) === want);
    if (found) return found.id;
    if (messages.length < pageSize) return undefined;
    cursor = messages.reduce((max, m) => (BigInt(m.id) > BigInt(max) ? m.id : max), cursor);
  }
  deps.logger.warn('discord: digest part not found in the pages searched; posting it with its nonce', { channel: channelId });
  return undefined;
}

function signature(content: string, embeds: APIEmbed[]): string {
  return JSON.stringify([content, embeds.map((e) => e.url ?? e.title ?? '')]);
}
