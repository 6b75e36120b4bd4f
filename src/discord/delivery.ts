import { DiscordAPIError, RESTJSONErrorCodes, Routes, type APIChannel, type APIMessage, type REST } from 'discord.js';
import type { Digest } from '../core/digest/digest.js';
import { PartNotRecordedError, type DeliveryOutcome, type DeliveryTarget, type Logger, type PostedPart } from '../core/ports.js';
import { classifyDiscordError, isOurFault } from './delivery-errors.js';
import { findPosted } from './delivery-lookup.js';
import { isDirectMessage } from './direct-messages.js';
import { messageNonce } from './message-nonce.js';
import { toChannelBody, type OutgoingMessage } from './outgoing-message.js';
import { renderDigest } from './render-digest.js';

// Posting a digest needs only REST (no gateway session), so any instance can deliver. Parts go out
// in order: 0 the header, 1 the thread opened on it (threaded channels), 2.. the card messages.
// Each part is recorded in the ledger before the next, so a retry or a takeover starts after the
// last recorded part. The one part whose outcome may be unknown (posted, then the process died
// before recording it) is looked up first: the enforced nonce answers with the earlier message
// within Discord's window of a few minutes, and the channel's messages after the last recorded
// part find it at any time after.

/** One day in minutes: the thread stays visible for the day the digest is about. */
const threadArchiveMinutes = 1440;
const HEADER = 0;
const THREAD = 1;
const FIRST_CARD = 2;

export interface DeliveryDeps {
  rest: Pick<REST, 'post' | 'get'>;
  logger: Logger;
}

export async function deliverDigest(target: DeliveryTarget, digest: Digest, deps: DeliveryDeps): Promise<DeliveryOutcome> {
  const channelId = target.channel.channelId;
  const rendered = renderDigest(digest);
  const recorded = new Map((target.progress?.posted ?? []).map((p) => [p.index, p]));
  // A DM has no threads: its digest is always posted flat.
  const threaded = target.useThread && !isDirectMessage(target.channel) && rendered.cards.length > 0;
  const plan = [HEADER, ...(threaded ? [THREAD] : []), ...rendered.cards.map((_, i) => FIRST_CARD + i)];
  // Only the first part no attempt recorded can have an unknown outcome: parts go out one at a time.
  const unsure = target.progress?.uncertain ? plan.find((index) => !recorded.has(index)) : undefined;
  const messageIds: string[] = [];
  let cardChannel = channelId;
  let last: PostedPart | undefined;

  const record = async (part: PostedPart) => {
    await target.progress?.record(part);
    last = part;
    if (part.index !== THREAD) messageIds.push(part.messageId);
  };
  try {
    for (const index of plan) {
      const done = recorded.get(index);
      if (done) {
        last = done;
        if (index !== THREAD) messageIds.push(done.messageId);
        if (index === THREAD) cardChannel = done.messageId;
        continue;
      }
      if (index === THREAD) {
        const header = recorded.get(HEADER)?.messageId ?? messageIds[0] ?? '';
        const thread = await openThread(deps, channelId, header, rendered.threadName);
        cardChannel = thread.id;
        await record({ index, messageId: thread.id, containerId: channelId, recovered: thread.existed && index === unsure });
        continue;
      }
      const message = index === HEADER ? rendered.header : (rendered.cards[index - FIRST_CARD] as OutgoingMessage);
      const where = index === HEADER ? channelId : cardChannel;
      if (index === unsure) {
        const found = await findPosted(deps, where, message, { after: last?.messageId, since: target.progress?.since ?? null });
        if (found) {
          await record({ index, messageId: found, containerId: where, recovered: true });
          continue;
        }
      }
      const posted = await post(deps, where, message, messageNonce(target.deliveryKey, index));
      await record({ index, messageId: posted.id, containerId: where });
    }
    return { ok: true, messageIds };
  } catch (error) {
    // The ledger could not take a part: stop here and let the core say so.
    if (error instanceof PartNotRecordedError) throw error;
    const classified = classifyDiscordError(error);
    const log = isOurFault(error) ? deps.logger.error : deps.logger.warn;
    log('discord: digest delivery failed', {
      channel: channelId,
      day: digest.day,
      failure: classified.failure,
      error: classified.message,
      postedBeforeFailure: messageIds.length,
    });
    return {
      ok: false,
      failure: classified.failure,
      message: classified.message,
      ...(classified.retryAfterMs !== undefined ? { retryAfterMs: classified.retryAfterMs } : {}),
    };
  }
}

async function post(deps: DeliveryDeps, channelId: string, message: OutgoingMessage, nonce: string): Promise<APIMessage> {
  const body = { ...toChannelBody(message), nonce, enforce_nonce: true };
  return (await deps.rest.post(Routes.channelMessages(channelId), { body })) as APIMessage;
}

/**
 * Opens a thread on the header for the cards. Without Create Public Threads (or in a channel type
 * that has no threads) the cards go to the channel itself: a digest in the wrong place beats none.
 * A retry finds the thread an earlier attempt opened: a thread started from a message has its id.
 */
async function openThread(deps: DeliveryDeps, channelId: string, headerId: string, name: string): Promise<{ id: string; existed: boolean }> {
  try {
    const thread = (await deps.rest.post(Routes.threads(channelId, headerId), {
      body: { name, auto_archive_duration: threadArchiveMinutes },
    })) as APIChannel;
    return { id: thread.id, existed: false };
  } catch (error) {
    if (error instanceof DiscordAPIError && error.code === RESTJSONErrorCodes.ThreadAlreadyCreatedForMessage) return { id: headerId, existed: true };
    const classified = classifyDiscordError(error);
    if (classified.failure === 'transient') throw error;
    deps.logger.warn('discord: could not open a digest thread; posting in the channel', { channel: channelId, error: classified.message });
    return { id: channelId, existed: false };
  }
}
