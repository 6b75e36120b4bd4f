// Keeps chat.postMessage under Slack's limits before Slack has to say so: about one message a second
// per channel, and a workspace-wide cap of a few hundred a minute (Slack publishes no exact figure).
// A 429 makes the WebClient pause its whole queue for Retry-After (whole seconds), so pacing up front
// is what keeps a fan-out near the limit instead of bouncing off it. Slots are reserved in call
// order (a generic cell rate algorithm): the n-th caller waits its turn, bursts stay within `burst`.

export interface PostPacerOptions {
  workspacePerMinute: number;
  /** Posts a workspace may send at once before the pace applies. */
  workspaceBurst: number;
  /** Minimum gap between two posts to one channel. */
  channelIntervalMs: number;
}

export const defaultPacing: PostPacerOptions = { workspacePerMinute: 300, workspaceBurst: 5, channelIntervalMs: 1000 };

export interface PostPacer {
  /** Resolves when a post to this channel of this workspace may go out. */
  wait(teamId: string, channelId: string): Promise<void>;
}

export function createPostPacer(options: PostPacerOptions = defaultPacing, now: () => number = Date.now): PostPacer {
  const workspaceInterval = 60_000 / Math.max(1, options.workspacePerMinute);
  const tolerance = Math.max(0, options.workspaceBurst - 1) * workspaceInterval;
  const workspaces = new Map<string, number>();
  const channels = new Map<string, number>();
  return {
    async wait(teamId, channelId) {
      const t = now();
      const channelKey = `${teamId}:${channelId}`;
      const channelAt = Math.max(t, channels.get(channelKey) ?? t);
      const tat = Math.max(workspaces.get(teamId) ?? t, t);
      const at = Math.max(channelAt, tat - tolerance);
      workspaces.set(teamId, Math.max(tat, at) + workspaceInterval);
      channels.set(channelKey, at + options.channelIntervalMs);
      // Forget channels whose gap has passed so the map stays as small as the work in flight.
      if (channels.size > 10_000) for (const [key, until] of channels) if (until < t) channels.delete(key);
      if (at > t) await new Promise((resolve) => setTimeout(resolve, at - t));
    },
  };
}
