import type { ChatPlatform, DeliveryTarget } from '../../src/core/ports.js';

// A real adapter inside a process that dies right after posting one part of a digest, before the
// ledger records it: the part is on the platform, the ledger does not know, the claim stays until
// its lease runs out. The process's tick never finishes (as a SIGKILLed one would not); `bury()`
// lets it end at clean-up without touching the ledger's state any further.

export interface DyingPlatform extends ChatPlatform {
  /** Resolves once the part was posted and the "process" is dead. */
  readonly died: Promise<void>;
  bury(): void;
}

export function dyingAfterPosting(adapter: ChatPlatform, part: number): DyingPlatform {
  let markDead = () => {};
  const died = new Promise<void>((resolve) => (markDead = resolve));
  let bury = () => {};
  const buried = new Promise<never>((_resolve, reject) => (bury = () => reject(new Error('the process is gone'))));
  buried.catch(() => {});
  return {
    platform: adapter.platform,
    died,
    bury,
    deliverDigest(target: DeliveryTarget, digest) {
      const progress = target.progress;
      if (!progress) return adapter.deliverDigest(target, digest);
      return adapter.deliverDigest(
        {
          ...target,
          progress: {
            posted: progress.posted,
            uncertain: progress.uncertain,
            since: progress.since,
            async record(posted) {
              if (posted.index !== part) return progress.record(posted);
              markDead();
              return buried;
            },
          },
        },
        digest,
      );
    },
  };
}
