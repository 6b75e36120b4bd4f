import type { Digest } from '../core/digest/digest.js';
import type { DeliveryOutcome, DeliveryTarget, Logger } from '../core/ports.js';
import { classifySlackError } from './delivery-failure.js';
import type { PostPacer } from './post-pacer.js';
import { renderDigest } from './render-digest.js';
import type { WorkspaceClients } from './workspace-clients.js';

// Posts a digest with chat.postMessage: the main message, then its thread. Never throws.

export function createDigestDelivery(deps: { clients: WorkspaceClients; logger: Logger; pacer?: PostPacer }) {
  const pace = (teamId: string, channelId: string) => deps.pacer?.wait(teamId, channelId) ?? Promise.resolve();
  return async function deliverDigest(target: DeliveryTarget, digest: Digest): Promise<DeliveryOutcome> {
    const { channel } = target;
    const client = await deps.clients.forTeam(channel.workspaceId).catch(() => null);
    if (!client) {
      return { ok: false, failure: 'workspace_revoked', message: 'the app is not installed in this workspace any more; reinstall it to get digests again' };
    }
    const messages = renderDigest(digest, { useThread: target.useThread });
    let mainTs: string | undefined;
    try {
      await pace(channel.workspaceId, channel.channelId);
      const main = await client.chat.postMessage({ channel: channel.channelId, text: messages.main.text, blocks: messages.main.blocks, unfurl_links: false, unfurl_media: false });
      mainTs = main.ts;
    } catch (error) {
      const failure = classifySlackError(error);
      if (failure.failure === 'workspace_revoked') deps.clients.forget(channel.workspaceId);
      return { ok: false, ...failure };
    }
    const ids = mainTs ? [mainTs] : [];
    for (const [i, part] of messages.thread.entries()) {
      try {
        // The pacer keeps to about one message a second per channel; the WebClient waits out any 429.
        await pace(channel.workspaceId, channel.channelId);
        const reply = await client.chat.postMessage({ channel: channel.channelId, thread_ts: mainTs, text: part.text, blocks: part.blocks, unfurl_links: false, unfurl_media: false });
        if (reply.ts) ids.push(reply.ts);
      } catch (error) {
        // The channel already has the digest's summary: retrying the whole digest would post it twice,
        // so the delivery counts as sent and the missing thread part is logged.
        deps.logger.warn('digest thread part failed; the summary is posted', {
          channel: channel.channelId,
          part: i + 1,
          of: messages.thread.length,
          error: classifySlackError(error).message,
        });
        break;
      }
    }
    return { ok: true, messageIds: ids };
  };
}
