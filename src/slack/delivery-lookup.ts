import type { webApi } from '@slack/bolt';
import type { Logger } from '../core/ports.js';
import { classifySlackError } from './delivery-failure.js';

// Slack has no idempotency key for chat.postMessage, so each digest part carries message metadata
// naming its delivery and part. A part whose outcome is unknown is then found again in the
// channel's history (the main message) or in the thread (the others). Metadata is only returned
// when asked for with include_all_metadata; reading history needs channels:history (and
// groups:history for private channels).

export const partEventType = 'paperboy_digest_part';
/** Clocks drift: search from a little before the attempt began. */
const sinceMarginMs = 5 * 60_000;
const maxPages = 10;

export function partMetadata(deliveryKey: string, part: number) {
  return { event_type: partEventType, event_payload: { delivery: deliveryKey, part } };
}

interface Where {
  channel: string;
  /** The thread the part belongs in; undefined for the main message. */
  threadTs: string | undefined;
  /** The ts of the last recorded part: the part comes after it. */
  after: string | undefined;
  /** When the first attempt began posting. */
  since: Date | null;
}

interface Listed {
  ts?: string;
  metadata?: { event_type?: string; event_payload?: Record<string, unknown> };
}

/** The ts of the part if an earlier attempt posted it, else undefined (post it). */
export async function findPart(client: webApi.WebClient, logger: Logger, deliveryKey: string, part: number, where: Where): Promise<string | undefined> {
  const oldest = where.after ?? (where.since ? ((where.since.getTime() - sinceMarginMs) / 1000).toFixed(6) : undefined);
  let cursor: string | undefined;
  try {
    for (let page = 0; page < maxPages; page++) {
      const common = { channel: where.channel, include_all_metadata: true, limit: 200, ...(oldest ? { oldest } : {}), ...(cursor ? { cursor } : {}) };
      const answer = where.threadTs
        ? await client.conversations.replies({ ...common, ts: where.threadTs })
        : await client.conversations.history(common);
      const found = ((answer.messages ?? []) as Listed[]).find(
        (m) => m.metadata?.event_type === partEventType && m.metadata.event_payload?.delivery === deliveryKey && Number(m.metadata.event_payload?.part) === part,
      );
      if (found?.ts) return found.ts;
      cursor = answer.response_metadata?.next_cursor || undefined;
      if (!answer.has_more || !cursor) return undefined;
    }
    logger.warn('slack: digest part not found in the pages searched; posting it', { channel: where.channel, part });
    return undefined;
  } catch (error) {
    // Without the history scopes (an install made before they were asked for) there is no way to
    // look: post the part rather than never deliver the rest of the digest.
    logger.warn('slack: could not look up an unrecorded digest part; posting it', { channel: where.channel, part, error: classifySlackError(error, where.channel).message });
    return undefined;
  }
}
