import { describe, expect, it } from 'vitest';
import type { ChannelRef } from '../../src/core/channel.js';
import { actionIds } from '../../src/slack/action-ids.js';
import { runDmContract } from '../contract/dm-contract.js';
import { blockActions, imMessage, slashCommand } from '../fakes/slack/payloads.js';
import { FIXTURE_MORNING } from '../support/clock.js';
import { listedOn, makePaper } from '../support/papers.js';
import { backends, type Backend } from '../support/databases.js';
import { commandText, visibleText } from './contract-harness.js';
import { startHarness, teamOne, unpaced, useSlackHarness, type SlackHarness } from './harness.js';

// /papers in the app's Messages tab, through the real Bolt app over Socket Mode: slash commands
// from the person's IM (channel D..., channel_name 'directmessage'), plain messages typed there
// (message.im), digests posted to the IM, messages_tab_disabled when the tab is turned off.
// SLACK_MANAGERS=admins and a plain member: in their own IM they manage it all the same.

const person = 'UMEMBER';
const imId = 'D0MEMBER';

async function startDmHarness(backend: Backend): Promise<SlackHarness> {
  return startHarness({ backend, mode: 'socket', env: { SLACK_MANAGERS: 'admins' }, postIntervalMs: 0, pacing: unpaced, workspaces: [{ ...teamOne(), ims: [{ id: imId, user: person }] }] });
}

function answerOf(body: Record<string, unknown>) {
  return { text: [String(body.text ?? ''), ...visibleText(body.blocks)].join('\n'), ephemeral: body.response_type !== 'in_channel' };
}

runDmContract('Slack', async (backend) => {
  const h = await startDmHarness(backend);
  const dm: ChannelRef = { platform: 'slack', workspaceId: 'T1', channelId: imId };
  const team = () => h.fake.workspaces.get('T1')!;
  let counter = 0;
  const respondedTo = async (id: string) => answerOf((await h.fake.waitForResponses(id))[0]?.body ?? {});
  return {
    core: h.core,
    database: h.database,
    dm,
    async send(command) {
      const id = `dm-${++counter}`;
      await h.fake.socket.send('slash_commands', slashCommand({ text: commandText(command), teamId: 'T1', channelId: imId, channelName: 'directmessage', userId: person, responseUrl: h.fake.responseUrl(id) }));
      return respondedTo(id);
    },
    async pressVote(paperId, vote) {
      const actionId = vote === 'up' ? actionIds.voteUp : actionIds.voteDown;
      const onCard = h.fake.recording.posts.some((p) => p.channel === imId && JSON.stringify(p.blocks ?? []).includes(`"action_id":"${actionId}","value":"${paperId}"`));
      if (!onCard) throw new Error(`no card in the IM carries ${actionId} for ${paperId}`);
      const id = `dm-vote-${++counter}`;
      await h.fake.socket.send('interactive', blockActions({ teamId: 'T1', channelId: imId, channelName: 'directmessage', userId: person, responseUrl: h.fake.responseUrl(id), actionId, value: paperId }));
      return respondedTo(id);
    },
    async tick(now) {
      await h.scheduler.tick(now);
    },
    posted: () => h.fake.recording.posts.filter((p) => p.channel === imId).map((p) => [p.text ?? '', ...visibleText(p.blocks)].join('\n')),
    postAttempts: () => h.fake.recording.calls.filter((c) => c.method === 'chat.postMessage' && c.params.channel === imId).length,
    closeDm() {
      team().messagesTabDisabled = true;
    },
    logs: () => h.logLines.join('\n'),
    reset() {
      team().messagesTabDisabled = false;
      h.fake.reset();
      h.clock.set(FIXTURE_MORNING);
    },
    close: () => h.close(),
  };
});

describe('Slack Messages tab and other DMs', () => {
  const h = useSlackHarness(() => startDmHarness(backends[0]!));
  const dm: ChannelRef = { platform: 'slack', workspaceId: 'T1', channelId: imId };
  const postsIn = (channel: string) => h.fake.recording.posts.filter((p) => p.channel === channel);
  const say = (text: string, extra: { user?: string; threadTs?: string } = {}) =>
    h.fake.socket.send('events_api', imMessage('T1', { channel: imId, user: extra.user ?? person, text, ...(extra.threadTs ? { threadTs: extra.threadTs } : {}) }));

  it('answers commands typed without the slash in the IM, as messages there, and ignores thread replies', async () => {
    await say('subscribe diffusion');
    await waitUntil(() => postsIn(imId).length === 1);
    const answer = postsIn(imId)[0]!;
    expect([answer.text, ...visibleText(answer.blocks)].join('\n')).toContain('diffusion');
    expect(await h.core.subscriptions.topics(dm)).toEqual(['diffusion']);

    await say('/papers topics');
    await waitUntil(() => postsIn(imId).length === 2);
    expect(visibleText(postsIn(imId)[1]!.blocks).join('\n')).toContain('diffusion');

    await say('make me a sandwich');
    await waitUntil(() => postsIn(imId).length === 3);
    expect([postsIn(imId)[2]!.text, ...visibleText(postsIn(imId)[2]!.blocks)].join('\n')).toMatch(/help/i);

    // A comment under a digest is a thread reply: no answer. The next command still gets one.
    await say('nice paper', { threadTs: postsIn(imId)[0]!.ts });
    await say('unsubscribe diffusion');
    await waitUntil(() => postsIn(imId).length === 4);
    expect(postsIn(imId).every((p) => p.threadTs === undefined)).toBe(true);
    expect(await h.core.subscriptions.topics(dm)).toEqual([]);
  });

  it('finds a digest message whose answer was lost in the IM (im:history) instead of posting it twice', async () => {
    await h.core.papers.upsert(listedOn('2026-11-27', [makePaper({ title: 'Diffusion, posted once' })]));
    await h.core.subscriptions.addTopic(dm, 'diffusion');
    await h.core.subscriptions.update(dm, { digestTime: '09:00', timezone: 'UTC', weekdays: [1, 2, 3, 4, 5, 6, 7] });
    h.clock.set(FIXTURE_MORNING);
    h.fake.loseNextAnswer('chat.postMessage', 'http', imId);
    await h.scheduler.tick(new Date('2026-11-28T09:05:00Z'));
    expect(postsIn(imId).filter((p) => /Daily Papers, 27 Nov 2026/.test(p.text ?? ''))).toHaveLength(1);
    expect(h.fake.recording.calls.some((c) => c.method === 'conversations.history' && c.params.channel === imId)).toBe(true);
    expect((await h.core.subscriptions.find(dm))?.paused).toBe(false);
  });

  it("refuses changes in a DM between two people (not the app's own), pointing at the Messages tab, and still searches there", async () => {
    const other = 'D0BETWEENUS';
    await h.fake.socket.send('slash_commands', slashCommand({ text: 'subscribe diffusion', teamId: 'T1', channelId: other, channelName: 'directmessage', userId: person, responseUrl: h.fake.responseUrl('other-sub') }));
    const refused = answerOf((await h.fake.waitForResponses('other-sub'))[0]!.body);
    expect(refused.ephemeral).toBe(true);
    expect(refused.text).toMatch(/Messages tab/);
    expect(await h.core.subscriptions.find({ ...dm, channelId: other })).toBeNull();
    expect(h.fake.recording.calls.some((c) => c.method === 'conversations.open' && c.params.users === person)).toBe(true);

    await h.fake.socket.send('slash_commands', slashCommand({ text: 'search diffusion', teamId: 'T1', channelId: other, channelName: 'directmessage', userId: person, responseUrl: h.fake.responseUrl('other-search') }));
    expect(answerOf((await h.fake.waitForResponses('other-search'))[0]!.body).text).not.toMatch(/Messages tab/);
  });

  it('words channel_not_found for a DM as a lost DM (paused at once), and for a channel as one to invite the bot to', async () => {
    await h.core.papers.upsert(listedOn('2026-11-27', [makePaper({ title: 'Diffusion for nobody' })]));
    h.fake.recording.errors.length = 0;
    h.clock.set(FIXTURE_MORNING);
    await h.fake.socket.send('slash_commands', slashCommand({ text: 'subscribe diffusion', teamId: 'T1', channelId: imId, channelName: 'directmessage', userId: person, responseUrl: h.fake.responseUrl('lost-sub') }));
    expect(answerOf((await h.fake.waitForResponses('lost-sub'))[0]!.body).text).toContain('diffusion');
    const gone: ChannelRef = { platform: 'slack', workspaceId: 'T1', channelId: 'C0GONE' };
    await h.core.subscriptions.addTopic(gone, 'diffusion');
    const everyDay = { digestTime: '09:00', timezone: 'UTC', weekdays: [1, 2, 3, 4, 5, 6, 7] };
    await h.core.subscriptions.update(dm, everyDay);
    await h.core.subscriptions.update(gone, everyDay);
    // Slack no longer knows the IM: chat.postMessage answers channel_not_found for it, as for C0GONE.
    const team = h.fake.workspaces.get('T1')!;
    const ims = team.ims;
    team.ims = [];
    try {
      await h.scheduler.tick(new Date('2026-11-28T09:05:00Z'));
    } finally {
      team.ims = ims;
    }
    const notFound = h.fake.recording.errors.filter((e) => e.method === 'chat.postMessage' && e.error === 'channel_not_found');
    expect(notFound).toHaveLength(2);

    const inDm = await h.core.subscriptions.find(dm);
    expect(inDm?.paused).toBe(true);
    expect(inDm?.pausedReason).toMatch(/can no longer send you direct messages \(channel_not_found: Slack no longer knows this direct message/);
    await h.fake.socket.send('slash_commands', slashCommand({ text: 'status', teamId: 'T1', channelId: imId, channelName: 'directmessage', userId: person, responseUrl: h.fake.responseUrl('lost-status') }));
    const status = answerOf((await h.fake.waitForResponses('lost-status'))[0]!.body).text;
    expect(status).toContain("Paperboy's Messages tab");
    expect(status).not.toMatch(/invite/i);

    // A channel is retried (paused only after three in a row), and its words still say how to invite the bot.
    expect((await h.core.subscriptions.find(gone))?.paused).toBe(false);
    await h.fake.socket.send('slash_commands', slashCommand({ text: 'status', teamId: 'T1', channelId: 'C0GONE', channelName: 'gone', userId: person, responseUrl: h.fake.responseUrl('gone-status') }));
    expect(answerOf((await h.fake.waitForResponses('gone-status'))[0]!.body).text).toContain('/invite @Paperboy');
  });
});

async function waitUntil(check: () => boolean, timeoutMs = 3000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
