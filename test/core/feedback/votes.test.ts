import { describe, expect, it } from 'vitest';
import { createDigestBuilder } from '../../../src/core/digest/digest-builder.js';
import { cardReason } from '../../../src/core/digest/digest.js';
import { affinityKey, channelAffinities } from '../../../src/core/feedback/affinity.js';
import { createPgVoteStore } from '../../../src/core/feedback/vote-store.js';
import { createPgPaperStore } from '../../../src/core/papers/paper-store.js';
import { createPgSubscriptionStore } from '../../../src/core/subscriptions/subscription-store.js';
import { TestClock } from '../../support/clock.js';
import { backends } from '../../support/databases.js';
import { useBackend } from '../../support/use-harness.js';
import { listedOn, makePaper } from '../../support/papers.js';

const ref = { platform: 'slack' as const, workspaceId: 'T1', channelId: 'C1' };
const other = { platform: 'slack' as const, workspaceId: 'T1', channelId: 'C2' };

describe.each(backends)('votes and learned digests on $name', (backend) => {
  const shared = useBackend(backend);
  const clock = new TestClock();

  const stores = () => ({
    papers: createPgPaperStore(shared.database.db, { now: clock.now }),
    subs: createPgSubscriptionStore(shared.database.db, { digestTime: '09:00', timezone: 'UTC', now: clock.now }),
    votes: createPgVoteStore(shared.database.db, clock.now),
    digests: createDigestBuilder(shared.database.db),
  });

  it('keeps one vote per person per paper, changeable, and forgets a channel on request', async () => {
    const { papers, subs, votes } = stores();
    const paper = makePaper({ aiKeywords: ['video generation', 'diffusion transformer'] });
    await papers.upsert(listedOn('2026-11-26', [paper]));
    const channel = await subs.ensure(ref);
    const second = await subs.ensure(other);

    expect(await votes.record({ channelId: channel.id, paperId: paper.id, voterId: 'U1', vote: 1 })).toEqual({ previous: null, net: 1 });
    expect(await votes.record({ channelId: channel.id, paperId: paper.id, voterId: 'U2', vote: 1 })).toEqual({ previous: null, net: 2 });
    expect(await votes.record({ channelId: channel.id, paperId: paper.id, voterId: 'U1', vote: -1 })).toEqual({ previous: 1, net: 0 });
    await votes.record({ channelId: second.id, paperId: paper.id, voterId: 'U1', vote: 1 });
    expect(await votes.record({ channelId: channel.id, paperId: '2611.99999', voterId: 'U1', vote: 1 })).toBeNull();

    const lessons = await votes.lessons(channel.id);
    expect(lessons).toMatchObject({ liked: 0, disliked: 0, votes: 2, voters: 2 });
    await votes.record({ channelId: channel.id, paperId: paper.id, voterId: 'U2', vote: -1 });
    expect(await votes.lessons(channel.id)).toMatchObject({ disliked: 1, dislikedKeywords: ['diffusion transformer', 'video generation'] });

    expect(await votes.forget(channel.id)).toBe(2);
    expect(await votes.lessons(channel.id)).toMatchObject({ liked: 0, disliked: 0, votes: 0 });
    expect((await votes.lessons(second.id)).liked).toBe(1);
  });

  it('raises papers like the liked ones, drops papers like the disliked ones, and says why', async () => {
    const { papers, subs, votes, digests } = stores();
    const likedBefore = makePaper({ title: 'Temporal video synthesis', aiKeywords: ['video generation', 'temporal consistency'] });
    const dislikedBefore = makePaper({ title: 'Tabular benchmark', aiKeywords: ['tabular data', 'gradient boosting'] });
    await papers.upsert(listedOn('2026-11-25', [likedBefore, dislikedBefore]));
    const video = makePaper({ title: 'Long video clips', upvotes: 3, aiKeywords: ['video generation', 'long clips'] });
    const tabular = makePaper({ title: 'Tables again', upvotes: 90, aiKeywords: ['tabular data', 'gradient boosting'] });
    const neutral = makePaper({ title: 'Something else', upvotes: 50, aiKeywords: ['protein folding', 'molecules'] });
    const day = '2026-11-26';
    await papers.upsert([video, tabular, neutral].map((paper) => ({ paper, day })));
    const channel = await subs.ensure(ref);
    await votes.record({ channelId: channel.id, paperId: likedBefore.id, voterId: 'U1', vote: 1 });
    await votes.record({ channelId: channel.id, paperId: dislikedBefore.id, voterId: 'U1', vote: -1 });

    const chosen = await digests.choose([
      { key: 'plain', day, topics: [], maxPapers: 10, minUpvotes: 0 },
      { key: 'learned', day, topics: [], maxPapers: 10, minUpvotes: 0, learnFrom: channel.id },
    ]);
    expect(chosen.get('plain')?.map((e) => e.paper.id)).toEqual([tabular.id, neutral.id, video.id]);
    const learned = chosen.get('learned') ?? [];
    expect(learned.map((e) => e.paper.id)).toEqual([video.id, neutral.id]);
    expect(learned.map((e) => cardReason(e))).toEqual(['close to 1 paper this channel liked', '']);

    // Topics stay the filter: a liked-like paper outside them is not chosen.
    const filtered = await digests.choose([{ key: 'k', day, topics: ['molecules'], maxPapers: 10, minUpvotes: 0, learnFrom: channel.id }]);
    expect(filtered.get('k')?.map((e) => [e.paper.id, cardReason(e)])).toEqual([[neutral.id, 'matched molecules']]);
  });

  it('weighs the words that separate liked from disliked papers, not the ones both share', async () => {
    const { papers, subs, votes } = stores();
    // Every voted paper is about diffusion; only the liked ones are about video.
    const liked = [
      makePaper({ title: 'One', aiKeywords: ['video', 'diffusion'] }),
      makePaper({ title: 'Two', aiKeywords: ['video', 'diffusion', 'editing'] }),
    ];
    const disliked = [
      makePaper({ title: 'Three', aiKeywords: ['diffusion', 'tabular'] }),
      makePaper({ title: 'Four', aiKeywords: ['diffusion', 'molecules'] }),
    ];
    await papers.upsert(listedOn('2026-11-25', [...liked, ...disliked]));
    const video = makePaper({ title: 'Five', aiKeywords: ['video', 'robots'] });
    const diffusion = makePaper({ title: 'Six', aiKeywords: ['diffusion', 'robots'] });
    const tabular = makePaper({ title: 'Seven', aiKeywords: ['tabular', 'robots'] });
    const day = '2026-11-26';
    await papers.upsert([video, diffusion, tabular].map((paper) => ({ paper, day })));
    const channel = await subs.ensure(ref);
    for (const p of liked) await votes.record({ channelId: channel.id, paperId: p.id, voterId: 'U1', vote: 1 });
    for (const p of disliked) await votes.record({ channelId: channel.id, paperId: p.id, voterId: 'U1', vote: -1 });

    const learned = (await channelAffinities(shared.database.db, [{ day, channelId: channel.id }])).get(affinityKey(day, channel.id));
    const evidence = (id: string) => learned?.get(id)?.evidence ?? Number.NaN;
    // log((2+1)/(2+2)) - log((0+1)/(2+2)) = log 3 for video; diffusion is on both sides: log 1 = 0.
    expect(evidence(video.id)).toBeCloseTo(Math.log(3), 6);
    expect(evidence(diffusion.id)).toBeCloseTo(0, 6);
    // tabular: one disliked paper, no liked: log(1/4) - log(2/4).
    expect(evidence(tabular.id)).toBeCloseTo(-Math.log(2), 6);
  });
});
