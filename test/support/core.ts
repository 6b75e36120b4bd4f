import { createCore, type Core } from '../../src/core/app.js';
import type { ChannelRef } from '../../src/core/channel.js';
import { loadConfig } from '../../src/core/config.js';
import type { Database } from '../../src/core/db/client.js';
import type { Digest } from '../../src/core/digest/digest.js';
import type { ChatPlatform, DeliveryOutcome, DeliveryTarget, PaperSource } from '../../src/core/ports.js';
import { TestClock } from './clock.js';

/** A Core on a test database, on the test's clock (default: a TestClock at the fixture morning), with a source that never touches the network. */
export async function makeCore(
  database: Database,
  options: { env?: Record<string, string>; now?: () => Date; source?: PaperSource } = {},
): Promise<Core> {
  const config = loadConfig({ HF_API_URL: 'http://127.0.0.1:9', ...options.env });
  const source: PaperSource = options.source ?? {
    async fetchDay() {
      return { items: [], skipped: 0 };
    },
    async fetchPaper() {
      return null;
    },
  };
  return createCore({ config, database, source, now: options.now ?? new TestClock().now });
}

/** A ChatPlatform that records what it was handed and answers what the test says. */
export function recordingPlatform(
  platform: ChannelRef['platform'],
  answer: (target: DeliveryTarget, digest: Digest) => DeliveryOutcome | Promise<DeliveryOutcome> = () => ({ ok: true, messageIds: ['m1'] }),
): ChatPlatform & { delivered: { target: DeliveryTarget; digest: Digest }[] } {
  const delivered: { target: DeliveryTarget; digest: Digest }[] = [];
  return {
    platform,
    delivered,
    async deliverDigest(target, digest) {
      delivered.push({ target, digest });
      return answer(target, digest);
    },
  };
}

export const manager = (channel: ChannelRef) => ({ channel, caller: { id: 'U1', name: 'ada' }, canManage: true });
export const member = (channel: ChannelRef) => ({ channel, caller: { id: 'U2', name: 'bob' }, canManage: false });
