import { describe, expect, it } from 'vitest';
import type { Core } from '../../src/core/app.js';
import type { ChannelRef } from '../../src/core/channel.js';
import type { CommandInput } from '../../src/core/commands/command.js';
import type { Database } from '../../src/core/db/client.js';
import { backends, type Backend } from '../support/databases.js';
import { useHarness } from '../support/use-harness.js';
import { listedOn, makePaper } from '../support/papers.js';

// What every chat adapter must do, whatever its platform: permissions enforced, bad input answered,
// search answered, a scheduled digest posted exactly once with only the channel's papers. Each
// adapter's tests call runChatContract with a harness that drives the real SDK against its fake.

/** What the user saw in answer to a command, flattened to text. */
export interface ContractReply {
  /** All visible text: message text, titles, bodies, field names and values, in order. */
  text: string;
  /** True when only the caller could see it (Discord ephemeral, Slack response_type ephemeral). */
  ephemeral: boolean;
}

/**
 * One running adapter on a database of its own, wired to its platform's wire-level fake; the
 * contract's tests share it, each starting from empty tables and a reset. Implementations:
 * test/discord/discord-harness.ts, test/slack/contract-harness.ts.
 */
export interface ChatHarness {
  /** The core the adapter runs on: the contract seeds papers and reads the store through it. */
  readonly core: Core;
  /** The adapter's database, emptied between tests. */
  readonly database: Database;
  /** The channel commands are sent in and digests are delivered to. */
  readonly channel: ChannelRef;
  /**
   * Sends `/papers` with this command in `channel`, as a member who may (manager: true) or may not
   * manage the channel, and resolves with the final answer that reached the fake (after any defer).
   */
  send(command: CommandInput, as: { manager: boolean }): Promise<ContractReply>;
  /**
   * Presses 👍 (up) or 👎 (down) on the card of `paperId` in a digest the bot posted in `channel`, as
   * the member `voter` (no manage permission), and resolves with the answer that reached the fake.
   */
  pressVote(paperId: string, vote: 'up' | 'down', voter: string): Promise<ContractReply>;
  /** Runs one digest scheduler tick at `now` with this adapter as the platform. */
  tick(now: Date): Promise<void>;
  /** Text of every message the bot posted in a channel (and threads opened there), oldest first. */
  posted(channel: ChannelRef): string[];
  /** Forgets what reached the fake and sets the clock back to the fixture morning. */
  reset(): void;
  close(): Promise<void>;
}

export type MakeHarness = (backend: Backend) => Promise<ChatHarness>;

/** Counted as one digest post: the header every adapter renders from digestHeadline(). */
const headline = /Daily Papers, 27 Nov 2026/;

export function runChatContract(name: string, makeHarness: MakeHarness): void {
  describe.each(backends)(`${name} chat contract (%s)`, (backend) => {
    const h = useHarness(() => makeHarness(backend), (harness) => harness.reset());

    const diffusionA = makePaper({ title: 'Latent diffusion for protein folding', upvotes: 40 });
    const diffusionB = makePaper({ title: 'Consistency distillation of diffusion samplers', upvotes: 12 });
    const unrelated = makePaper({ title: 'Tabular reinforcement learning for warehouse robots', abstract: 'We schedule robots in warehouses.', upvotes: 90 });
    const seed = () => h.core.papers.upsert(listedOn('2026-11-27', [diffusionA, diffusionB, unrelated]));

    it('refuses a topic change from a member who cannot manage the channel, privately, and stores nothing', async () => {
      await seed();
      const reply = await h.send({ name: 'subscribe', topic: 'diffusion' }, { manager: false });
      expect(reply.ephemeral).toBe(true);
      expect(reply.text).toMatch(/manage/i);
      expect(await h.core.subscriptions.topics(h.channel)).toEqual([]);
      const schedule = await h.send({ name: 'schedule', time: '07:30' }, { manager: false });
      expect(schedule.text).toMatch(/manage/i);
      expect((await h.core.subscriptions.find(h.channel))?.digestTime ?? null).not.toBe('07:30');
    });

    it('lets a manager subscribe, schedule and list topics, and stores each change', async () => {
      await seed();
      const subscribed = await h.send({ name: 'subscribe', topic: 'diffusion' }, { manager: true });
      expect(subscribed.ephemeral).toBe(true);
      expect(subscribed.text).toContain('diffusion');
      expect(await h.core.subscriptions.topics(h.channel)).toEqual(['diffusion']);

      const scheduled = await h.send({ name: 'schedule', time: '07:30', timezone: 'Europe/Berlin', weekdays: 'mon-fri' }, { manager: true });
      expect(scheduled.text).toMatch(/07:30/);
      const settings = await h.core.subscriptions.find(h.channel);
      expect(settings).toMatchObject({ digestTime: '07:30', timezone: 'Europe/Berlin', weekdays: [1, 2, 3, 4, 5] });

      const listed = await h.send({ name: 'topics' }, { manager: false });
      expect(listed.text).toContain('diffusion');
    });

    it('answers bad input with an explanation instead of failing silently', async () => {
      const badTime = await h.send({ name: 'schedule', time: '25:99' }, { manager: true });
      expect(badTime.ephemeral).toBe(true);
      expect(badTime.text).toMatch(/time/i);
      expect(await h.core.subscriptions.find(h.channel).then((s) => s?.digestTime)).not.toBe('25:99');

      const badPaper = await h.send({ name: 'paper', id: 'not a paper id' }, { manager: false });
      expect(badPaper.ephemeral).toBe(true);
      expect(badPaper.text.length).toBeGreaterThan(10);

      const badZone = await h.send({ name: 'schedule', time: '09:00', timezone: 'Mars/Olympus' }, { manager: true });
      expect(badZone.text).toMatch(/zone/i);
    });

    it('answers a search with the matching papers, best first', async () => {
      await seed();
      const reply = await h.send({ name: 'search', query: 'protein folding diffusion' }, { manager: false });
      expect(reply.ephemeral).toBe(true);
      expect(reply.text).toContain(diffusionA.title);
      expect(reply.text).not.toContain(unrelated.title);
      const a = reply.text.indexOf(diffusionA.title);
      const b = reply.text.indexOf(diffusionB.title);
      if (b >= 0) expect(a).toBeLessThan(b);
    });

    it('posts a scheduled digest exactly once, with only the papers matching the channel topics', async () => {
      await seed();
      await h.core.subscriptions.addTopic(h.channel, 'diffusion');
      await h.core.subscriptions.update(h.channel, { digestTime: '09:00', timezone: 'UTC', weekdays: [1, 2, 3, 4, 5, 6, 7] });

      await h.tick(new Date('2026-11-28T08:55:00Z'));
      expect(h.posted(h.channel).filter((t) => headline.test(t))).toHaveLength(0);

      await h.tick(new Date('2026-11-28T09:05:00Z'));
      await h.tick(new Date('2026-11-28T09:05:00Z'));
      await h.tick(new Date('2026-11-28T10:30:00Z'));
      const posted = h.posted(h.channel);
      expect(posted.filter((t) => headline.test(t))).toHaveLength(1);
      const all = posted.join('\n');
      expect(all).toContain(diffusionA.title);
      expect(all).toContain(diffusionB.title);
      expect(all).not.toContain(unrelated.title);
      expect(all.indexOf(diffusionA.title)).toBeLessThan(all.indexOf(diffusionB.title));
    });

    it('posts a weekly digest at its slot exactly once, previews it before, and answers top on demand', async () => {
      // The week before Monday 30 Nov is 23-29 Nov; a paper listed on the 22nd is not in it.
      const before = makePaper({ title: 'Diffusion from the week before', upvotes: 500 });
      await h.core.papers.upsert([...listedOn('2026-11-22', [before]), ...listedOn('2026-11-24', [diffusionB]), ...listedOn('2026-11-27', [diffusionA, unrelated])]);
      await h.send({ name: 'subscribe', topic: 'diffusion' }, { manager: true });
      const bad = await h.send({ name: 'schedule', rhythm: 'weekly', day: 'funday', time: '09:00' }, { manager: true });
      expect(bad).toMatchObject({ ephemeral: true });
      expect(bad.text).toContain('"funday" is not a day of the week');
      const badMonth = await h.send({ name: 'schedule', rhythm: 'monthly', day: '32', time: '09:00' }, { manager: true });
      expect(badMonth.text).toContain('"32" is not a day of the month');
      expect((await h.core.subscriptions.find(h.channel))?.rhythm).toBe('daily');
      const scheduled = await h.send({ name: 'schedule', rhythm: 'weekly', day: 'mon', time: '09:00', timezone: 'UTC' }, { manager: true });
      expect(scheduled.text).toContain('weekly on mon; next Mon 30 Nov');

      const weeklyHeadline = /Weekly Papers, 23-29 Nov 2026/;
      // The preview is that next digest, privately: its week, its papers, nothing posted.
      const preview = await h.send({ name: 'digest' }, { manager: false });
      expect(preview.ephemeral).toBe(true);
      expect(preview.text).toContain('Preview: next weekly digest, 23-29 Nov 2026');
      expect(preview.text).toMatch(weeklyHeadline);
      expect(preview.text).toContain(diffusionA.title);
      expect(preview.text).toContain(diffusionB.title);
      expect(preview.text).not.toContain(before.title);
      expect(preview.text).not.toContain(unrelated.title);
      await h.tick(new Date('2026-11-28T09:05:00Z'));
      await h.tick(new Date('2026-11-30T08:55:00Z'));
      expect(h.posted(h.channel)).toEqual([]);
      await h.tick(new Date('2026-11-30T09:05:00Z'));
      await h.tick(new Date('2026-11-30T09:05:00Z'));
      await h.tick(new Date('2026-11-30T12:00:00Z'));
      const posted = h.posted(h.channel);
      expect(posted.filter((t) => weeklyHeadline.test(t))).toHaveLength(1);
      expect(posted.filter((t) => headline.test(t))).toHaveLength(0);
      const all = posted.join('\n');
      expect(all).toContain(diffusionA.title);
      expect(all).toContain(diffusionB.title);
      expect(all).not.toContain(before.title);
      expect(all).not.toContain(unrelated.title);
      expect(all.indexOf(diffusionA.title)).toBeLessThan(all.indexOf(diffusionB.title));
      expect((await h.send({ name: 'status' }, { manager: false })).text).toContain('Weekly, 23-29 Nov 2026: sent, 2 papers');

      const top = await h.send({ name: 'top', period: 'week' }, { manager: false });
      expect(top.ephemeral).toBe(true);
      expect(top.text).toContain('Top papers, 23-29 Nov 2026');
      expect(top.text).toContain(diffusionA.title);
      expect(top.text).not.toContain(before.title);
      const month = await h.send({ name: 'top', period: 'month' }, { manager: false });
      expect(month.text).toContain('Top papers, October 2026');
      expect(month.text).toContain('No paper listed in October 2026 matches');
      expect(h.posted(h.channel)).toHaveLength(posted.length);
    });

    it('lets anyone vote on a digest card, changes a vote on a second press, and learns from the votes', async () => {
      await seed();
      await h.core.subscriptions.addTopic(h.channel, 'diffusion');
      await h.core.subscriptions.update(h.channel, { digestTime: '09:00', timezone: 'UTC', weekdays: [1, 2, 3, 4, 5, 6, 7] });
      await h.tick(new Date('2026-11-28T09:05:00Z'));

      const first = await h.pressVote(diffusionA.id, 'down', 'U0VOTER1');
      expect(first).toMatchObject({ ephemeral: true });
      expect(first.text).toContain('👎 noted');
      const changed = await h.pressVote(diffusionA.id, 'up', 'U0VOTER1');
      expect(changed.text).toContain('Changed your vote to 👍');
      expect((await h.pressVote(diffusionB.id, 'down', 'U0VOTER2')).text).toContain('👎 noted');
      const status = await h.send({ name: 'status' }, { manager: false });
      expect(status.text).toContain('1 liked, 1 disliked (2 votes from 2 people)');

      // The next day: a paper like the liked one rises above a more upvoted one like the disliked one.
      const likeA = makePaper({ title: 'Protein folding with diffusion priors', upvotes: 5 });
      const likeB = makePaper({ title: 'Distillation of consistency samplers with diffusion', upvotes: 50 });
      await h.core.papers.upsert(listedOn('2026-11-28', [likeB, likeA]));
      await h.tick(new Date('2026-11-29T09:05:00Z'));
      const next = h.posted(h.channel).join('\n');
      expect(next).toContain(likeA.title);
      expect(next).toContain('close to 1 paper this channel liked');
      if (next.includes(likeB.title)) expect(next.indexOf(likeA.title)).toBeLessThan(next.indexOf(likeB.title));

      expect((await h.send({ name: 'forget-votes' }, { manager: false })).text).toMatch(/manage this channel|admin/i);
      expect((await h.send({ name: 'forget-votes' }, { manager: true })).text).toContain('Forgot 2 votes');
      expect((await h.send({ name: 'status' }, { manager: false })).text).toContain('Nothing yet');
    });
  });
}
