import { describe, expect, it } from 'vitest';
import type { ChannelRef } from '../../src/core/channel.js';
import { runDmContract } from '../contract/dm-contract.js';
import type { FakeUser } from '../fakes/discord/fake-discord.js';
import { FIXTURE_MORNING } from '../support/clock.js';
import { backends } from '../support/databases.js';
import { makePaper, listedOn } from '../support/papers.js';
import { replySeen, startDiscordHarness, toDiscordOptions, useDiscordHarness } from './discord-harness.js';

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
  const h = useDiscordHarness({ backend: backends[0]! });

  it('takes a DM interaction that names no context (a payload from before 2024) as the bot DM, but not a DM between two people', async () => {
    const dm: ChannelRef = { platform: 'discord', workspaceId: '@me', channelId: h.fake.dmChannel(person) };
    const send = async (subcommand: string, options: Record<string, string>, actor: { dmWith?: FakeUser } = {}) =>
      replySeen(await h.fake.waitForAnswer(h.fake.sendCommand(subcommand, options, { dm: true, user: person, withoutContext: true, ...actor })));
    const subscribed = await send('subscribe', { topic: 'diffusion' });
    expect(subscribed.text).toContain('diffusion');
    expect(subscribed.text).not.toMatch(/not in other conversations/);
    expect(await h.core.subscriptions.topics(dm)).toEqual(['diffusion']);

    // A DM whose recipient is someone else is not the bot's: refused, privately, nothing stored.
    const friend: FakeUser = { id: '300000000000000004', username: 'friend' };
    const elsewhere = await send('subscribe', { topic: 'robots' }, { dmWith: friend });
    expect(elsewhere.ephemeral).toBe(true);
    expect(elsewhere.text).toMatch(/in a server channel or in your direct messages with me, not in other conversations/);
    expect(await h.core.subscriptions.topics(dm)).toEqual(['diffusion']);

    // A server interaction without context is unaffected.
    const inServer = replySeen(await h.fake.waitForAnswer(h.fake.sendCommand('topics', {}, { user: person, withoutContext: true })));
    expect(inServer.text).not.toMatch(/not in other conversations/);
  });

  it('keeps a DM apart from server channels, refuses threads there and posts its digest flat, and answers autocomplete there', async () => {
    const dmId = h.fake.dmChannel(person);
    const dm: ChannelRef = { platform: 'discord', workspaceId: '@me', channelId: dmId };
    const send = async (subcommand: string, options: Record<string, string> = {}) =>
      replySeen(await h.fake.waitForAnswer(h.fake.sendCommand(subcommand, options, { dm: true, user: person })));
    expect((await send('subscribe', { topic: 'diffusion' })).text).toContain('diffusion');
    // A DM has no threads: `set thread on` is refused, privately, and nothing is stored.
    const threadOn = await send('set', { setting: 'thread', value: 'on' });
    expect(threadOn.ephemeral).toBe(true);
    expect(threadOn.text).toMatch(/no threads in this conversation/);
    expect(threadOn.text).toMatch(/Nothing was changed/);
    expect((await h.core.subscriptions.find(dm))?.useThread).toBe(false);
    expect((await send('set', { setting: 'thread', value: 'off' })).text).toContain('Saved');
    // The same person in a server channel is a plain member there: no changes.
    const inServer = replySeen(await h.fake.waitForAnswer(h.fake.sendCommand('subscribe', { topic: 'robots' }, { user: person })));
    expect(inServer.text).toMatch(/manage/i);
    expect(await h.core.subscriptions.topics(h.channel)).toEqual([]);

    const autocomplete = h.fake.sendAutocomplete('unsubscribe', { topic: 'diff' }, 'topic', { dm: true, user: person });
    const choices = (await h.fake.waitForAnswer(autocomplete)).callbacks[0]?.data?.choices;
    expect(choices).toEqual([{ name: 'diffusion', value: 'diffusion' }]);

    await h.core.papers.upsert(listedOn('2026-11-27', [makePaper({ title: 'Diffusion in a DM' })]));
    // A DM saved with threads on before they were refused there: posted flat, and status does not claim threads.
    await h.core.subscriptions.update(dm, { digestTime: '09:00', timezone: 'UTC', weekdays: [1, 2, 3, 4, 5, 6, 7], useThread: true });
    const status = await send('status');
    expect(status.text).toContain('up to 10 papers');
    expect(status.text).not.toMatch(/thread/i);
    await h.tick(new Date('2026-11-28T09:05:00Z'));
    expect(h.fake.requests.filter((r) => r.path.endsWith('/threads'))).toEqual([]);
    expect(h.posted(dm).join('\n')).toContain('Diffusion in a DM');
    expect((await h.core.subscriptions.find(dm))?.paused).toBe(false);

    // Removed from the server: its channels pause, the DM (no server) goes on.
    await h.core.subscriptions.addTopic(h.channel, 'robots');
    h.fake.removeGuild(h.fake.guild.id);
    await expect.poll(async () => (await h.core.subscriptions.find(h.channel))?.paused).toBe(true);
    expect((await h.core.subscriptions.find(dm))?.paused).toBe(false);
  });
});
