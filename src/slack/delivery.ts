import type { Digest } from '../core/digest/digest.js';
import { PartNotRecordedError, type DeliveryOutcome, type DeliveryTarget, type Logger, type PostedPart } from '../core/ports.js';
import { answerLost, classifySlackError } from './delivery-failure.js';
import { findPart, partMetadata } from './delivery-lookup.js';
import type { PostPacer } from './post-pacer.js';
import { renderDigest } from './render-digest.js';
import type { WorkspaceClients } from './workspace-clients.js';

// Posts a digest with chat.postMessage: part 0 the main message, 1.. its thread. Each part is
// recorded in the ledger before the next, so a retry or a takeover resumes after the last recorded
// part. Slack has no idempotency key, so every part carries message metadata naming the delivery
// and the part; the one part whose outcome may be unknown (posted, then the process died before
// recording it) is looked for in the channel's history (or the thread) before it is posted again.
// Never throws, except to stop when the ledger cannot take a part.

export function createDigestDelivery(deps: { clients: WorkspaceClients; logger: Logger; pacer?: PostPacer }) {
  const pace = (teamId: string, channelId: string) => deps.pacer?.wait(teamId, channelId) ?? Promise.resolve();
  return async function deliverDigest(target: DeliveryTarget, digest: Digest): Promise<DeliveryOutcome> {
    const { channel } = target;
    const client = await deps.clients.forTeam(channel.workspaceId).catch((error: unknown) => {
      deps.logger.warn('slack: no client for the workspace', { team: channel.workspaceId, error });
      return null;
    });
    if (!client) {
      return { ok: false, failure: 'workspace_revoked', message: 'the app is not installed in this workspace any more; reinstall it to get digests again' };
    }
    const messages = renderDigest(digest, { useThread: target.useThread });
    const parts = [messages.main, ...messages.thread];
    const recorded = new Map((target.progress?.posted ?? []).map((p) => [p.index, p]));
    // Parts go out one at a time, so only the first part no attempt recorded can be unknown.
    const unsure = target.progress?.uncertain ? parts.findIndex((_, i) => !recorded.has(i)) : -1;
    const ids: string[] = [];
    let last: PostedPart | undefined;
    try {
      for (const [index, part] of parts.entries()) {
        const done = recorded.get(index);
        if (done) {
          ids.push(done.messageId);
          last = done;
          continue;
        }
        const threadTs = index === 0 ? undefined : ids[0];
        const where = { channel: channel.channelId, threadTs, after: last?.messageId, since: target.progress?.since ?? null };
        let found = index === unsure ? await findPart(client, deps.logger, target.deliveryKey, index, where) : undefined;
        let ts = found;
        if (ts === undefined) {
          // The pacer keeps to about one message a second per channel; the WebClient waits out any 429.
          await pace(channel.workspaceId, channel.channelId);
          try {
            const answer = await client.chat.postMessage({
              channel: channel.channelId,
              ...(threadTs ? { thread_ts: threadTs } : {}),
              text: part.text,
              blocks: part.blocks,
              unfurl_links: false,
              unfurl_media: false,
              metadata: partMetadata(target.deliveryKey, index),
            });
            ts = answer.ts ?? '';
          } catch (error) {
            // No answer (connection lost, 5xx): the post may have gone through. Look before going on.
            if (!answerLost(error)) throw error;
            found = await findPart(client, deps.logger, target.deliveryKey, index, where);
            if (found === undefined) throw error;
            ts = found;
          }
        }
        last = { index, messageId: ts, containerId: threadTs ?? channel.channelId, ...(found ? { recovered: true } : {}) };
        await target.progress?.record(last);
        ids.push(ts);
      }
      return { ok: true, messageIds: ids };
    } catch (error) {
      if (error instanceof PartNotRecordedError) throw error;
      const failure = classifySlackError(error, channel.channelId);
      if (failure.failure === 'workspace_revoked') deps.clients.forget(channel.workspaceId);
      deps.logger.warn('slack: digest delivery failed', { channel: channel.channelId, day: digest.day, failure: failure.failure, error: failure.message, postedBeforeFailure: ids.length });
      return { ok: false, ...failure };
    }
  };
}
