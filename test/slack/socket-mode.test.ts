import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventCallback, slashCommand } from '../fakes/slack/payloads.js';
import { backends } from '../support/databases.js';
import { startHarness, type SlackHarness } from './harness.js';

describe.each(backends)('Slack in Socket Mode ($name)', (backend) => {
  let h: SlackHarness;
  beforeAll(async () => {
    h = await startHarness({ backend, mode: 'socket' });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('connects through apps.connections.open with the app token and the Web API base from SLACK_API_URL', async () => {
    await h.fake.socket.connected();
    const open = h.fake.recording.calls.find((c) => c.method === 'apps.connections.open');
    expect(open?.token).toBe('xapp-test');
    expect(h.fake.recording.calls.some((c) => c.method === 'auth.test' && c.token === h.config.SLACK_BOT_TOKEN)).toBe(true);
  });

  it('acknowledges /papers within 3 seconds and answers through response_url, ephemeral by default', async () => {
    const ack = await h.fake.socket.send('slash_commands', slashCommand({ text: 'help', teamId: 'T1', channelId: 'C1', userId: 'UMEMBER', responseUrl: h.fake.responseUrl('help-1') }));
    expect(ack.afterMs).toBeLessThan(3000);
    const [answer] = await h.fake.waitForResponses('help-1');
    expect(answer?.body.response_type).toBe('ephemeral');
    expect(String(answer?.body.text)).toContain('/papers');
    expect(Array.isArray(answer?.body.blocks)).toBe(true);
  });

  it('subscribes the channel for a member under the default SLACK_MANAGERS=members, and --public answers in channel', async () => {
    await h.core.papers.upsert([{ paper: (await import('../support/papers.js')).makePaper({ title: 'Diffusion models for weather' }), day: '2026-11-27' }]);
    await h.fake.socket.send('slash_commands', slashCommand({ text: 'subscribe diffusion', teamId: 'T1', channelId: 'C1', userId: 'UMEMBER', responseUrl: h.fake.responseUrl('sub-1') }));
    const [answer] = await h.fake.waitForResponses('sub-1');
    expect(answer?.body.response_type).toBe('ephemeral');
    expect(await h.core.subscriptions.topics({ platform: 'slack', workspaceId: 'T1', channelId: 'C1' })).toEqual(['diffusion']);
    // Members mode needs no users.info at all.
    expect(h.fake.recording.calls.some((c) => c.method === 'users.info')).toBe(false);

    await h.fake.socket.send('slash_commands', slashCommand({ text: 'topics --public', teamId: 'T1', channelId: 'C1', userId: 'UMEMBER', responseUrl: h.fake.responseUrl('topics-1') }));
    const [topics] = await h.fake.waitForResponses('topics-1');
    expect(topics?.body.response_type).toBe('in_channel');
    expect(JSON.stringify(topics?.body.blocks)).toContain('diffusion');
  });

  it('answers an unknown subcommand with its usage instead of failing', async () => {
    await h.fake.socket.send('slash_commands', slashCommand({ text: 'frobnicate', teamId: 'T1', channelId: 'C1', userId: 'UMEMBER', responseUrl: h.fake.responseUrl('bad-1') }));
    const [answer] = await h.fake.waitForResponses('bad-1');
    expect(String(answer?.body.text)).toContain('frobnicate');
    expect(JSON.stringify(answer?.body.blocks)).toContain('Usage');
  });

  it('pauses the workspace when Slack reports the bot token revoked', async () => {
    const ack = await h.fake.socket.send('events_api', eventCallback('T1', { type: 'tokens_revoked', tokens: { oauth: [], bot: ['UT1BOT'] } }));
    expect(ack.afterMs).toBeLessThan(3000);
    await expect.poll(async () => (await h.core.subscriptions.find({ platform: 'slack', workspaceId: 'T1', channelId: 'C1' }))?.pausedReason).toMatch(/revoked/);
  });

  it('never writes a token to the log', () => {
    const log = h.logLines.join('\n');
    expect(log.length).toBeGreaterThan(0);
    expect(log).not.toContain(h.config.SLACK_BOT_TOKEN ?? 'missing');
    expect(log).not.toContain('xapp-test');
  });
});
