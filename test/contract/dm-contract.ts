import { describe, expect, it } from 'vitest';
import type { Core } from '../../src/core/app.js';
import type { ChannelRef } from '../../src/core/channel.js';
import type { CommandInput } from '../../src/core/commands/command.js';
import type { Database } from '../../src/core/db/client.js';
import { backends, type Backend } from '../support/databases.js';
import { useHarness } from '../support/use-harness.js';
import { listedOn, makePaper } from '../support/papers.js';
import type { ContractReply } from './chat-contract.js';

// A digest of one's own: /papers in a person's direct message with the bot, the same on every
// platform. The person manages their DM without any permission elsewhere (on Slack the harness
// runs SLACK_MANAGERS=admins and the person is a plain member), the digest reaches the DM at its
// slot, vote buttons work there, and a DM the bot can no longer post to pauses at once.

/** One running adapter, with a person who talks to the bot in their DM. */
export interface DmHarness {
  readonly core: Core;
  readonly database: Database;
  /** The person's DM with the bot, as the adapter names it to the core. */
  readonly dm: ChannelRef;
  /** Sends /papers with this command in the DM, as the person, and resolves with the answer seen. */
  send(command: CommandInput): Promise<ContractReply>;
  /** Presses 👍/👎 on the card of `paperId` in a digest posted in the DM, as the person. */
  pressVote(paperId: string, vote: 'up' | 'down'): Promise<ContractReply>;
  tick(now: Date): Promise<void>;
  /** Text of every message the bot posted in the DM, oldest first. */
  posted(): string[];
  /** Attempts to post in the DM that reached the platform, accepted or not. */
  postAttempts(): number;
  /** From now on the platform refuses the bot's posts in the DM (Discord: blocked; Slack: Messages tab off). */
  closeDm(): void;
  /** What the app logged so far. */
  logs(): string;
  /** Forgets what reached the fake and any closed DM. */
  reset(): void;
  close(): Promise<void>;
}

const headline = /Daily Papers, 27 Nov 2026/;

export function runDmContract(name: string, makeHarness: (backend: Backend) => Promise<DmHarness>): void {
  describe.each(backends)(`${name} direct-message contract (%s)`, (backend) => {
    const h = useHarness(() => makeHarness(backend), (harness) => harness.reset());

    const diffusion = makePaper({ title: 'Latent diffusion for protein folding', upvotes: 40 });
    const unrelated = makePaper({ title: 'Tabular reinforcement learning for warehouse robots', abstract: 'We schedule robots in warehouses.', upvotes: 90 });
    const seed = () => h.core.papers.upsert(listedOn('2026-11-27', [diffusion, unrelated]));

    it('lets a person follow a topic and schedule in their DM, posts the digest there at its slot, and takes votes', async () => {
      await seed();
      const subscribed = await h.send({ name: 'subscribe', topic: 'diffusion' });
      expect(subscribed.text).toContain('diffusion');
      expect(subscribed.text).not.toMatch(/may not|only workspace admins/i);
      expect(await h.core.subscriptions.topics(h.dm)).toEqual(['diffusion']);
      const scheduled = await h.send({ name: 'schedule', time: '09:00', timezone: 'UTC', weekdays: 'daily' });
      expect(scheduled.text).toMatch(/09:00/);
      expect(await h.core.subscriptions.find(h.dm)).toMatchObject({ digestTime: '09:00', timezone: 'UTC', weekdays: [1, 2, 3, 4, 5, 6, 7], paused: false });
      const searched = await h.send({ name: 'search', query: 'protein folding' });
      expect(searched.text).toContain(diffusion.title);

      await h.tick(new Date('2026-11-28T08:55:00Z'));
      expect(h.posted()).toEqual([]);
      await h.tick(new Date('2026-11-28T09:05:00Z'));
      await h.tick(new Date('2026-11-28T09:30:00Z'));
      const posted = h.posted();
      expect(posted.filter((t) => headline.test(t))).toHaveLength(1);
      expect(posted.join('\n')).toContain(diffusion.title);
      expect(posted.join('\n')).not.toContain(unrelated.title);

      const vote = await h.pressVote(diffusion.id, 'up');
      expect(vote.text).toContain('👍 noted');
      expect((await h.send({ name: 'status' })).text).toContain('1 liked, 0 disliked');

      // Bad input in a DM is answered as anywhere else.
      const bad = await h.send({ name: 'schedule', time: '25:99' });
      expect(bad.ephemeral).toBe(true);
      expect(bad.text).toMatch(/time/i);
    });

    it('pauses the DM at once when the bot can no longer post there, says why, and stops trying', async () => {
      await seed();
      await h.send({ name: 'subscribe', topic: 'diffusion' });
      await h.core.subscriptions.update(h.dm, { digestTime: '09:00', timezone: 'UTC', weekdays: [1, 2, 3, 4, 5, 6, 7] });
      h.closeDm();
      await h.tick(new Date('2026-11-28T09:05:00Z'));
      const settings = await h.core.subscriptions.find(h.dm);
      expect(settings?.paused).toBe(true);
      expect(settings?.pausedReason).toMatch(/can no longer send you direct messages/);
      expect(h.logs()).toContain('direct messages to this person are closed; their digest is paused');
      const attempts = h.postAttempts();
      expect(attempts).toBeGreaterThan(0);
      await h.tick(new Date('2026-11-28T10:30:00Z'));
      await h.tick(new Date('2026-11-29T09:05:00Z'));
      expect(h.postAttempts()).toBe(attempts);
      expect(h.posted()).toEqual([]);
    });
  });
}
