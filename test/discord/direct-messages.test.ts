import { describe, expect, it } from 'vitest';
import type { ChannelRef } from '../../src/core/channel.js';
import { runDmContract } from '../contract/dm-contract.js';
import type { FakeUser } from '../fakes/discord/fake-discord.js';
import { FIXTURE_MORNING } from '../support/clock.js';
import { backends } from '../support/databases.js';
import { makePaper, listedOn } from '../support/papers.js';
import { replySeen, startDiscordHarness, toDiscordOptions } from './discord-harness.js';

// /papers in the bot's DM, through the real discord.js Client: interactions without guild or
// member (context 1, BOT_DM), digests posted to the DM channel, 50007 when the person blocked the bot.

const person: FakeUser = { id: '300000000000000003', username: 'solo' };

runDmContract('Discord', async (backend) => {
  const h = await startDiscordHarness({ backend });
  const dmId = h.fake.dmChannel(person);
  const dm: ChannelRef = { platform: 'discord', workspaceId: '@me', channelId: dmId };
  return {
    core: h.core,
    database: h.database,
    dm,
    async send(command) {
      const { subcommand, options } = toDiscordOptions(command);
      return replySeen(await h.fake.waitForAnswer(h.fake.sendCommand(subcommand, options, { dm: true, user: person })));
    },
    async pressVote(paperId, vote) {
      const customId = `pb:vote:${vote}:${paperId}`;
      const message = h.fake.messages(dmId).find((m) => JSON.stringify(m.body.components ?? []).includes(`"custom_id":"${customId}"`));
      if (!message) throw new Error(`no card in the DM carries ${customId}`);
      return replySeen(await h.fake.waitForAnswer(h.fake.clickButton(customId, { id: message.id, body: message.body }, { dm: true, user: person })));
    },
    tick: (now) => h.tick(now),
    posted: () => h.posted(dm),
    postAttempts: () => h.fake.requests.filter((r) => r.method === 'POST' && r.path === `/channels/${dmId}/messages`).length,
    closeDm: () => h.fake.blockBot(person.id),
    logs: () => h.logLines.join('\n'),
    reset() {
      h.fake.reset();
      h.clock.set(FIXTURE_MORNING);
    },
    close: () => h.close(),
  };
});

describe('Discord DMs beside servers', () => {
  it('keeps a DM apart from server channels, posts its digest flat even with threads on, and answers autocomplete there', async () => {
    const h = await startDiscordHarness({ backend: backends[0]! });
    try {
      const dmId = h.fake.dmChannel(person);
      const dm: ChannelRef = { platform: 'discord', workspaceId: '@me', channelId: dmId };
      const send = async (subcommand: string, options: Record<string, string> = {}) =>
        replySeen(await h.fake.waitForAnswer(h.fake.sendCommand(subcommand, options, { dm: true, user: person })));
      expect((await send('subscribe', { topic: 'diffusion' })).text).toContain('diffusion');
      expect((await send('set', { setting: 'thread', value: 'on' })).text).not.toMatch(/manage/i);
      // The same person in a server channel is a plain member there: no changes.
      const inServer = replySeen(await h.fake.waitForAnswer(h.fake.sendCommand('subscribe', { topic: 'robots' }, { user: person })));
      expect(inServer.text).toMatch(/manage/i);
      expect(await h.core.subscriptions.topics(h.channel)).toEqual([]);

      const autocomplete = h.fake.sendAutocomplete('unsubscribe', { topic: 'diff' }, 'topic', { dm: true, user: person });
      const choices = (await h.fake.waitForAnswer(autocomplete)).callbacks[0]?.data?.choices;
      expect(choices).toEqual([{ name: 'diffusion', value: 'diffusion' }]);

      await h.core.papers.upsert(listedOn('2026-11-27', [makePaper({ title: 'Diffusion in a DM' })]));
      await h.core.subscriptions.update(dm, { digestTime: '09:00', timezone: 'UTC', weekdays: [1, 2, 3, 4, 5, 6, 7] });
      await h.tick(new Date('2026-11-28T09:05:00Z'));
      expect(h.fake.requests.filter((r) => r.path.endsWith('/threads'))).toEqual([]);
      expect(h.posted(dm).join('\n')).toContain('Diffusion in a DM');
      expect((await h.core.subscriptions.find(dm))?.paused).toBe(false);

      // Removed from the server: its channels pause, the DM (no server) goes on.
      await h.core.subscriptions.addTopic(h.channel, 'robots');
      h.fake.removeGuild(h.fake.guild.id);
      await expect.poll(async () => (await h.core.subscriptions.find(h.channel))?.paused).toBe(true);
      expect((await h.core.subscriptions.find(dm))?.paused).toBe(false);
    } finally {
      await h.close();
    }
  });
});
