import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { workspace } from '../fakes/slack/fake-slack.js';
import { eventCallback } from '../fakes/slack/payloads.js';
import { postSigned } from '../fakes/slack/signed-request.js';
import { backends } from '../support/databases.js';
import { SIGNING_SECRET, startHarness, type SlackHarness } from './harness.js';

// The Home tab is open to anyone in the workspace: it must not tell them about private channels
// they are not in (issue 11, item 5). Real Bolt in HTTP mode against the fake Slack.

const team = () =>
  workspace('T1', {
    users: [
      { id: 'UADA', name: 'ada' },
      { id: 'UBOB', name: 'bob' },
    ],
    channels: [
      { id: 'C1', name: 'papers', members: ['UADA', 'UBOB'] },
      { id: 'C5', name: 'secret-project', isPrivate: true, members: ['UADA'] },
      { id: 'C6', name: 'vision-reading', members: ['UADA'] },
    ],
  });

describe.each(backends.slice(0, 1))('Slack Home tab ($name)', (backend) => {
  let h: SlackHarness;
  let events: string;
  beforeAll(async () => {
    h = await startHarness({ backend, mode: 'http', workspaces: [team()] });
    events = `${h.adapter.url}/slack/events`;
    const ref = (channelId: string) => ({ platform: 'slack' as const, workspaceId: 'T1', channelId });
    await h.core.subscriptions.addTopic(ref('C1'), 'diffusion', 'UADA');
    await h.core.subscriptions.addTopic(ref('C5'), 'acquisition-target-x', 'UADA');
    await h.core.subscriptions.setPaused(ref('C5'), true, 'paused by ada: legal review');
    await h.core.subscriptions.addTopic(ref('C6'), 'segmentation', 'UADA');
    // Each person's own IM with the app (its Messages tab), the channel app_home_opened names.
    await h.core.subscriptions.addTopic(ref('DUBOB'), 'bobs-own-topic', 'UBOB');
    await h.core.subscriptions.addTopic(ref('DUADA'), 'adas-own-topic', 'UADA');
  });
  afterAll(async () => {
    await h?.close();
  });

  async function openHome(user: string): Promise<string> {
    const before = h.fake.recording.views.length;
    const body = JSON.stringify(eventCallback('T1', { type: 'app_home_opened', user, channel: `D${user}`, tab: 'home' }));
    const res = await postSigned(events, body, { secret: SIGNING_SECRET, contentType: 'application/json' });
    expect(res.status).toBe(200);
    await expect.poll(() => h.fake.recording.views.length).toBe(before + 1);
    const view = h.fake.recording.views[before];
    expect(view?.userId).toBe(user);
    return JSON.stringify(view?.view);
  }

  it('shows bob only the channel he is in: not the private channel, its topics or its pause reason', async () => {
    const home = await openHome('UBOB');
    expect(home).toContain('<#C1>');
    expect(home).toContain('`diffusion`');
    expect(home).not.toContain('C5');
    expect(home).not.toContain('acquisition-target-x');
    expect(home).not.toContain('legal review');
    expect(home).not.toContain('C6');
    expect(home).toContain('Only channels you are in are listed here.');
    // His own digest in Messages, first; never ada's.
    expect(home).toContain('*Your digest in Messages*\\nTopics: `bobs-own-topic`');
    expect(home.indexOf('bobs-own-topic')).toBeLessThan(home.indexOf('<#C1>'));
    expect(home).not.toContain('adas-own-topic');
  });

  it('shows ada every channel she is in, the private one included', async () => {
    const home = await openHome('UADA');
    for (const id of ['<#C1>', '<#C5>', '<#C6>']) expect(home).toContain(id);
    expect(home).toContain('legal review');
    // Bob's IM is no channel of hers, and not counted as one hidden from her.
    expect(home).not.toContain('bobs-own-topic');
    expect(home).not.toContain('Only channels you are in');
  });

  it('lists no channel when membership cannot be checked (an install without channels:read)', async () => {
    h.fake.failNext('users.conversations', 'missing_scope');
    const home = await openHome('UADA');
    expect(home).not.toMatch(/<#C\d>/);
    expect(home).toContain('channels:read and groups:read');
  });
});
