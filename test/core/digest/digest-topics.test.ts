import { describe, expect, it } from 'vitest';
import { createDigestBuilder } from '../../../src/core/digest/digest-builder.js';
import { createPgPaperStore } from '../../../src/core/papers/paper-store.js';
import { createPgSubscriptionStore } from '../../../src/core/subscriptions/subscription-store.js';
import { TestClock } from '../../support/clock.js';
import { backends } from '../../support/databases.js';
import { useBackend } from '../../support/use-harness.js';
import { listedOn, makePaper } from '../../support/papers.js';

// A channel's topics are matched as search matches its words: a slash between two words splits
// them on the stored side and on the topic's (drizzle/0012_slash_words.sql).

describe.each(backends)('digest topics on $name', (backend) => {
  const shared = useBackend(backend);
  const clock = new TestClock();

  it('matches words a slash joins, in the paper or in the topic', async () => {
    const papers = createPgPaperStore(shared.database.db, { now: clock.now });
    const subs = createPgSubscriptionStore(shared.database.db, { digestTime: '09:00', timezone: 'UTC', now: clock.now });
    const joined = makePaper({ title: 'Real-World Yes/No Puzzles', abstract: 'We unify on-policy/off-policy training.' });
    const plain = makePaper({ title: 'Text and image retrieval', abstract: 'Off the shelf.' });
    const day = '2026-11-26';
    await papers.upsert(listedOn(day, [joined, plain]));

    const ref = { platform: 'slack' as const, workspaceId: 'T1', channelId: 'C1' };
    expect(await subs.addTopic(ref, 'text/image', 'U1')).toMatchObject({ ok: true, topics: ['text/image'] });
    // Split, "and/or" is two stop words: it would match nothing, so it is refused as such.
    expect(await subs.addTopic(ref, 'and/or', 'U1')).toMatchObject({ ok: false, reason: 'matches_nothing' });
    const chosen = await createDigestBuilder(shared.database.db).choose(
      ['off-policy', 'puzzles yes', 'text/image', 'yes/no'].map((topic) => ({ key: topic, day, topics: [topic], maxPapers: 10, minUpvotes: 0 })),
    );
    const ids = (key: string) => chosen.get(key)?.map((e) => e.paper.id);
    expect(ids('off-policy')).toEqual([joined.id]);
    expect(ids('puzzles yes')).toEqual([joined.id]);
    expect(ids('text/image')).toEqual([plain.id]);
    expect(ids('yes/no')).toEqual([joined.id]);
  });
});
