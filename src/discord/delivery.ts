import { DiscordAPIError, RESTJSONErrorCodes, Routes, type APIChannel, type APIMessage, type REST } from 'discord.js';
import type { Digest } from '../core/digest/digest.js';
import type { DeliveryOutcome, DeliveryTarget, Logger } from '../core/ports.js';
import { classifyDiscordError, isOurFault } from './delivery-errors.js';
import { messageNonce } from './message-nonce.js';
import { toChannelBody, type OutgoingMessage } from './outgoing-message.js';
import { renderDigest } from './render-digest.js';

// Posting a digest needs only REST (no gateway session), so any instance can deliver. Messages go out
// in order through discord.js's REST queue, which honours Discord's per-channel rate-limit buckets
// and waits out 429s on its own. Every part carries an enforced nonce derived from the delivery key,
// so whoever retries the digest (this process, discord.js's own 5xx retry, or another instance after
// a crash) gets the parts already posted back instead of posting them again.

/** One day in minutes: the thread stays visible for the day the digest is about. */
const threadArchiveMinutes = 1440;

export interface DeliveryDeps {
  rest: Pick<REST, 'post'>;
  logger: Logger;
}

export async function deliverDigest(target: DeliveryTarget, digest: Digest, deps: DeliveryDeps): Promise<DeliveryOutcome> {
  const channelId = target.channel.channelId;
  const rendered = renderDigest(digest);
  const messageIds: string[] = [];
  try {
    const header = await post(deps, channelId, rendered.header, messageNonce(target.deliveryKey, 0));
    messageIds.push(header.id);
    let cardChannel = channelId;
    if (target.useThread && rendered.cards.length > 0) {
      cardChannel = await openThread(deps, channelId, header.id, rendered.threadName);
    }
    for (const [index, message] of rendered.cards.entries()) {
      messageIds.push((await post(deps, cardChannel, message, messageNonce(target.deliveryKey, index + 1))).id);
    }
    return { ok: true, messageIds };
  } catch (error) {
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
async function openThread(deps: DeliveryDeps, channelId: string, headerId: string, name: string): Promise<string> {
  try {
    const thread = (await deps.rest.post(Routes.threads(channelId, headerId), {
      body: { name, auto_archive_duration: threadArchiveMinutes },
    })) as APIChannel;
    return thread.id;
  } catch (error) {
    if (error instanceof DiscordAPIError && error.code === RESTJSONErrorCodes.ThreadAlreadyCreatedForMessage) return headerId;
    const classified = classifyDiscordError(error);
    if (classified.failure === 'transient') throw error;
    deps.logger.warn('discord: could not open a digest thread; posting in the channel', { channel: channelId, error: classified.message });
    return channelId;
  }
}
