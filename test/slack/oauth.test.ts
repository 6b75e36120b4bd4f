import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChannelRef } from '../../src/core/channel.js';
import { slackInstallations } from '../../src/core/db/schema.js';
import { workspace } from '../fakes/slack/fake-slack.js';
import { eventCallback, slashCommandForm } from '../fakes/slack/payloads.js';
import { postSigned } from '../fakes/slack/signed-request.js';
import { backends } from '../support/databases.js';
import { listedOn, makePaper } from '../support/papers.js';
import { SIGNING_SECRET, startHarness, type SlackHarness } from './harness.js';

const teamTwo = workspace('T2', {
  botToken: 'xoxb-t2-installed-token',
  users: [{ id: 'U2ADMIN', name: 'zoe', isAdmin: true }],
  channels: [{ id: 'C21', name: 'ml-papers' }],
});
const c21: ChannelRef = { platform: 'slack', workspaceId: 'T2', channelId: 'C21' };

describe.each(backends)('Slack OAuth, many workspaces ($name)', (backend) => {
  let h: SlackHarness;
  beforeAll(async () => {
    h = await startHarness({ backend, mode: 'oauth' });
    await h.core.papers.upsert(listedOn('2026-11-27', [makePaper({ title: 'Diffusion on graphs' })]));
  });
  afterAll(async () => {
    await h?.close();
  });

  it('installs through /slack/install and /slack/oauth_redirect and stores the installation in Postgres', async () => {
    const install = await fetch(`${h.adapter.url}/slack/install`, { redirect: 'manual' });
    expect(install.status).toBe(200);
    const cookie = install.headers.get('set-cookie') ?? '';
    const state = /slack-app-oauth-state=([^;]+)/.exec(cookie)?.[1];
    expect(state).toBeTruthy();
    expect(await install.text()).toContain('client_id=client-id');

    h.fake.issueOauthCode('code-t2', teamTwo);
    const redirect = await fetch(`${h.adapter.url}/slack/oauth_redirect?code=code-t2&state=${state}`, {
      headers: { cookie: `slack-app-oauth-state=${state}` },
      redirect: 'manual',
    });
    expect(redirect.status).toBe(200);
    const rows = await h.database.db.select().from(slackInstallations).where(eq(slackInstallations.id, 'T2'));
    expect(rows).toHaveLength(1);
    expect(rows[0]?.botToken).toBe('xoxb-t2-installed-token');
    expect(rows[0]?.teamId).toBe('T2');
  });

  it('refuses an OAuth redirect whose state is not from this browser session, storing nothing', async () => {
    h.fake.issueOauthCode('code-forged', workspace('T3'));
    const res = await fetch(`${h.adapter.url}/slack/oauth_redirect?code=code-forged&state=forged`, { redirect: 'manual' });
    expect(res.status).not.toBe(200);
    expect(await h.database.db.select().from(slackInstallations).where(eq(slackInstallations.id, 'T3'))).toEqual([]);
  });

  it('answers a command from the installed workspace using its stored installation', async () => {
    const body = slashCommandForm({ text: 'subscribe diffusion', teamId: 'T2', channelId: 'C21', userId: 'U2ADMIN', responseUrl: h.fake.responseUrl('t2-sub') });
    const res = await postSigned(`${h.adapter.url}/slack/events`, body, { secret: SIGNING_SECRET });
    expect(res.status).toBe(200);
    await h.fake.waitForResponses('t2-sub');
    expect(await h.core.subscriptions.topics(c21)).toEqual(['diffusion']);
  });

  it("posts that workspace's digest with that workspace's own token", async () => {
    await h.core.subscriptions.update(c21, { digestTime: '09:00', timezone: 'UTC', weekdays: [1, 2, 3, 4, 5, 6, 7] });
    await h.scheduler.tick(new Date('2026-11-28T09:05:00Z'));
    const posts = h.fake.recording.posts.filter((p) => p.channel === 'C21');
    expect(posts).toHaveLength(1);
    expect(posts[0]?.token).toBe('xoxb-t2-installed-token');
  });

  it('app_uninstalled removes the installation and pauses the workspace; later digests are not attempted', async () => {
    const body = JSON.stringify(eventCallback('T2', { type: 'app_uninstalled' }));
    const res = await postSigned(`${h.adapter.url}/slack/events`, body, { secret: SIGNING_SECRET, contentType: 'application/json' });
    expect(res.status).toBe(200);
    await expect.poll(async () => (await h.core.subscriptions.find(c21))?.paused).toBe(true);
    expect((await h.core.subscriptions.find(c21))?.pausedReason).toMatch(/uninstalled/);
    expect(await h.database.db.select().from(slackInstallations).where(eq(slackInstallations.id, 'T2'))).toEqual([]);

    await h.core.papers.upsert(listedOn('2026-11-28', [makePaper({ title: 'Diffusion again' })]));
    const before = h.fake.recording.posts.length;
    await h.scheduler.tick(new Date('2026-11-29T09:05:00Z'));
    expect(h.fake.recording.posts).toHaveLength(before);
  });

  it('a digest for a workspace without an installation is classified workspace_revoked', async () => {
    const outcome = await h.adapter.deliverDigest({ channel: c21, useThread: false, deliveryKey: 'd1' }, { channel: c21, day: '2026-11-27', topics: [], papers: [], preview: false });
    expect(outcome).toMatchObject({ ok: false, failure: 'workspace_revoked' });
  });

  it('never logs an installed token or the client secret', () => {
    const log = h.logLines.join('\n');
    expect(log).toContain('slack listening');
    expect(log).not.toContain('xoxb-t2-installed-token');
    expect(log).not.toContain('client-secret');
  });
});
