import { afterEach, describe, expect, it, vi } from 'vitest';
import { createPostPacer } from '../../src/slack/post-pacer.js';

// The pacer reserves send slots in call order: a burst per workspace, then one slot per interval;
// posts to one channel at least channelIntervalMs apart.

describe('createPostPacer', () => {
  afterEach(() => vi.useRealTimers());

  async function releaseTimes(calls: [string, string][], options: Parameters<typeof createPostPacer>[0]): Promise<number[]> {
    vi.useFakeTimers({ now: 0 });
    const pacer = createPostPacer(options, () => Date.now());
    const times: number[] = [];
    const waits = calls.map(([team, channel]) => pacer.wait(team, channel).then(() => times.push(Date.now())));
    await vi.advanceTimersByTimeAsync(10_000);
    await Promise.all(waits);
    return times.sort((a, b) => a - b);
  }

  it('lets a workspace burst, then paces it; other workspaces are not held up', async () => {
    const calls: [string, string][] = [...Array.from({ length: 5 }, (_, i): [string, string] => ['T1', `C${i}`]), ['T2', 'C0']];
    const times = await releaseTimes(calls, { workspacePerMinute: 600, workspaceBurst: 2, channelIntervalMs: 0 });
    // 600/min = one per 100 ms; T1: two at once, then 100 ms apart; T2 at once.
    expect(times).toEqual([0, 0, 0, 100, 200, 300]);
  });

  it('keeps posts to one channel a full interval apart', async () => {
    const times = await releaseTimes([['T1', 'C1'], ['T1', 'C1'], ['T1', 'C1']], { workspacePerMinute: 6000, workspaceBurst: 10, channelIntervalMs: 1000 });
    expect(times).toEqual([0, 1000, 2000]);
  });
});
