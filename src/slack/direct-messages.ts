import type { Logger } from '../core/ports.js';

// A person's IM with the app (its Messages tab) is a channel of their own: /papers works there on
// the IM's id, and the person manages it whatever SLACK_MANAGERS says. Slack sends /papers typed in
// any direct message with the same kind of id (D...), also from a DM between two people that the
// app is no part of and could never post to. conversations.open (im:write) names the app's own IM
// with a person, so a change is allowed only there. The id of that IM never changes: it is cached.

/** Slack's ids of direct messages (IMs) start with D. */
export function isImId(channelId: string): boolean {
  return channelId.startsWith('D');
}

/** The id of the app's IM with a person (conversations.open with the workspace's token). */
export type ImLookup = (teamId: string, userId: string) => Promise<string | undefined>;

export interface OwnIms {
  /** True when `channelId` is the app's own IM with `userId`. */
  isOwnIm(teamId: string, userId: string, channelId: string): Promise<boolean>;
  /** The refusal for a change asked for in a DM that is not the app's own. */
  refusal(): string;
}

const maxCached = 10_000;

export function createOwnIms(options: { lookup: ImLookup; logger: Logger }): OwnIms {
  const cache = new Map<string, string>();
  return {
    async isOwnIm(teamId, userId, channelId) {
      if (!isImId(channelId)) return false;
      const key = `${teamId}:${userId}`;
      const known = cache.get(key);
      if (known !== undefined) return known === channelId;
      try {
        const id = await options.lookup(teamId, userId);
        if (id === undefined) return false;
        cache.set(key, id);
        if (cache.size > maxCached) cache.delete(cache.keys().next().value as string);
        return id === channelId;
      } catch (error) {
        // Fail closed: an install without im:write cannot prove whose DM this is.
        options.logger.warn('conversations.open failed; a change typed in a DM is refused (the app needs the im:write scope: reinstall it)', { team: teamId, user: userId, error });
        return false;
      }
    },
    refusal() {
      return "In a direct message I can only keep your own digest: open Paperboy's Messages tab (under Apps in Slack's sidebar) and use /papers there.";
    },
  };
}
