import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blockActions, eventCallback, slashCommandForm } from '../fakes/slack/payloads.js';
import { postSigned } from '../fakes/slack/signed-request.js';
import { backends } from '../support/databases.js';
import { listedOn, makePaper } from '../support/papers.js';
import { SIGNING_SECRET, startHarness, type SlackHarness } from './harness.js';

const channel = { platform: 'slack' as const, workspaceId: 'T1', channelId: 'C1' };
const settle = () => new Promise((resolve) => setTimeout(resolve, 300));

describe.each(backends)('Slack in HTTP mode ($name)', (backend) => {
  let h: SlackHarness;
  let events: string;
  beforeAll(async () => {
    h = await startHarness({ backend, mode: 'http' });
    events = `${h.adapter.url}/slack/events`;
    await h.core.papers.upsert(listedOn('2026-11-27', [makePaper({ id: '2611.04242', title: 'Diffusion transformers at scale' }), makePaper({ title: 'Diffusion for proteins' })]));
  });
  afterAll(async () => {
    await h?.close();
  });

  it('accepts a correctly signed slash command, acks at once and answers through response_url', async () => {
    const body = slashCommandForm({ text: 'subscribe diffusion', teamId: 'T1', channelId: 'C1', userId: 'UMEMBER', responseUrl: h.fake.responseUrl('http-sub') });
    const res = await postSigned(events, body, { secret: SIGNING_SECRET });
    expect(res.status).toBe(200);
    expect(res.ms).toBeLessThan(3000);
    const [answer] = await h.fake.waitForResponses('http-sub');
    expect(answer?.body.response_type).toBe('ephemeral');
    expect(await h.core.subscriptions.topics(channel)).toEqual(['diffusion']);
  });

  it('rejects a wrong signature and does nothing', async () => {
    const body = slashCommandForm({ text: 'subscribe forged', teamId: 'T1', channelId: 'C1', userId: 'UMEMBER', responseUrl: h.fake.responseUrl('forged') });
    const res = await postSigned(events, body, { secret: 'not-the-secret' });
    expect(res.status).toBe(401);
    await settle();
    expect(h.fake.recording.responses.filter((r) => r.id === 'forged')).toEqual([]);
    expect(await h.core.subscriptions.topics(channel)).toEqual(['diffusion']);
  });

  it('rejects a correctly signed request older than five minutes and does nothing', async () => {
    const body = slashCommandForm({ text: 'subscribe replayed', teamId: 'T1', channelId: 'C1', userId: 'UMEMBER', responseUrl: h.fake.responseUrl('stale') });
    const res = await postSigned(events, body, { secret: SIGNING_SECRET, timestamp: Math.floor(Date.now() / 1000) - 6 * 60 });
    expect(res.status).toBe(401);
    await settle();
    expect(h.fake.recording.responses.filter((r) => r.id === 'stale')).toEqual([]);
    expect(await h.core.subscriptions.topics(channel)).toEqual(['diffusion']);
  });

  it('answers "More like this" and "Subscribe to this topic" buttons privately', async () => {
    const similar = JSON.stringify(blockActions({ teamId: 'T1', channelId: 'C1', userId: 'UMEMBER', responseUrl: h.fake.responseUrl('btn-similar'), actionId: 'paperboy_similar', value: '2611.04242' }));
    const res = await postSigned(events, new URLSearchParams({ payload: similar }).toString(), { secret: SIGNING_SECRET });
    expect(res.status).toBe(200);
    const [answer] = await h.fake.waitForResponses('btn-similar');
    expect(answer?.body.replace_original).toBe(false);
    expect(answer?.body.response_type).toBe('ephemeral');

    const subscribe = JSON.stringify(blockActions({ teamId: 'T1', channelId: 'C1', userId: 'UMEMBER', responseUrl: h.fake.responseUrl('btn-sub'), actionId: 'paperboy_subscribe_topic', value: 'proteins' }));
    await postSigned(events, new URLSearchParams({ payload: subscribe }).toString(), { secret: SIGNING_SECRET });
    await h.fake.waitForResponses('btn-sub');
    expect(await h.core.subscriptions.topics(channel)).toEqual(['diffusion', 'proteins']);
  });

  it('takes 👍 and 👎 from anyone in the channel, a second press changing the vote, and answers privately', async () => {
    const press = async (id: string, actionId: string, userId: string) => {
      const payload = JSON.stringify(blockActions({ teamId: 'T1', channelId: 'C1', userId, responseUrl: h.fake.responseUrl(id), actionId, value: '2611.04242' }));
      expect((await postSigned(events, new URLSearchParams({ payload }).toString(), { secret: SIGNING_SECRET })).status).toBe(200);
      const [answer] = await h.fake.waitForResponses(id);
      expect(answer?.body).toMatchObject({ replace_original: false, response_type: 'ephemeral' });
      return String(answer?.body.text ?? '');
    };
    expect(await press('vote-1', 'paperboy_vote_up', 'UMEMBER')).toContain('👍 noted for "Diffusion transformers at scale"');
    expect(await press('vote-2', 'paperboy_vote_down', 'UMEMBER')).toContain('Changed your vote to 👎');
    expect(await press('vote-3', 'paperboy_vote_down', 'UOTHER')).toContain('net vote on it: -2');
    const settings = await h.core.subscriptions.find(channel);
    expect(await h.core.votes.lessons(settings!.id)).toMatchObject({ disliked: 1, votes: 2, voters: 2 });
  });

  it('acks link buttons without answering', async () => {
    const link = JSON.stringify(blockActions({ teamId: 'T1', channelId: 'C1', userId: 'UMEMBER', responseUrl: h.fake.responseUrl('btn-link'), actionId: 'paperboy_link_arxiv' }));
    const res = await postSigned(events, new URLSearchParams({ payload: link }).toString(), { secret: SIGNING_SECRET });
    expect(res.status).toBe(200);
    await settle();
    expect(h.fake.recording.responses.filter((r) => r.id === 'btn-link')).toEqual([]);
  });

  it('publishes the Home tab with the channel, its topics and next digest', async () => {
    const body = JSON.stringify(eventCallback('T1', { type: 'app_home_opened', user: 'UMEMBER', channel: 'D1', tab: 'home' }));
    const res = await postSigned(events, body, { secret: SIGNING_SECRET, contentType: 'application/json' });
    expect(res.status).toBe(200);
    await expect.poll(() => h.fake.recording.views.length).toBe(1);
    const view = h.fake.recording.views[0];
    expect(view?.userId).toBe('UMEMBER');
    const json = JSON.stringify(view?.view);
    expect(json).toContain('<#C1>');
    expect(json).toContain('`diffusion`');
    expect(json).toContain('next digest');
  });
});
