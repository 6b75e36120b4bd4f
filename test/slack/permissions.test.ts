import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { slashCommand } from '../fakes/slack/payloads.js';
import { backends } from '../support/databases.js';
import { listedOn, makePaper } from '../support/papers.js';
import { startHarness, type SlackHarness } from './harness.js';

const channel = { platform: 'slack' as const, workspaceId: 'T1', channelId: 'C1' };

describe.each(backends)('SLACK_MANAGERS=admins ($name)', (backend) => {
  let h: SlackHarness;
  const run = async (id: string, text: string, userId: string) => {
    await h.fake.socket.send('slash_commands', slashCommand({ text, teamId: 'T1', channelId: 'C1', userId, responseUrl: h.fake.responseUrl(id) }));
    const [answer] = await h.fake.waitForResponses(id);
    return answer?.body ?? {};
  };
  beforeAll(async () => {
    h = await startHarness({ backend, mode: 'socket', env: { SLACK_MANAGERS: 'admins' } });
    await h.core.papers.upsert(listedOn('2026-11-27', [makePaper({ title: 'Quantization of large models' })]));
  });
  afterAll(async () => {
    await h?.close();
  });

  it('refuses subscribe for a member who is not an admin, and changes nothing', async () => {
    const answer = await run('member-sub', 'subscribe quantization', 'UMEMBER');
    expect(String(answer.text)).toContain('Only workspace admins and owners may manage');
    expect(answer.response_type).toBe('ephemeral');
    expect(await h.core.subscriptions.topics(channel)).toEqual([]);
    const lookups = h.fake.recording.calls.filter((c) => c.method === 'users.info');
    expect(lookups.map((c) => c.params.user)).toEqual(['UMEMBER']);
  });

  it('lets the member search without a users.info call', async () => {
    const before = h.fake.recording.calls.filter((c) => c.method === 'users.info').length;
    const answer = await run('member-search', 'search quantization', 'UMEMBER');
    expect(answer.response_type).toBe('ephemeral');
    expect(JSON.stringify(answer.blocks)).toContain('Quantization of large models');
    expect(h.fake.recording.calls.filter((c) => c.method === 'users.info')).toHaveLength(before);
  });

  it('lets admins and owners subscribe, and caches users.info', async () => {
    await run('admin-sub', 'subscribe quantization', 'UADMIN');
    await run('owner-sub', 'unsubscribe quantization', 'UOWNER');
    await run('admin-sub-2', 'subscribe quantization', 'UADMIN');
    expect(await h.core.subscriptions.topics(channel)).toEqual(['quantization']);
    const lookups = h.fake.recording.calls.filter((c) => c.method === 'users.info').map((c) => c.params.user);
    expect(lookups.filter((u) => u === 'UADMIN')).toHaveLength(1);
    expect(lookups.filter((u) => u === 'UOWNER')).toHaveLength(1);
  });

  it('fails closed when users.info fails', async () => {
    h.fake.failNext('users.info', 'internal_error');
    // A user not looked up before, so the cache cannot answer.
    h.fake.workspaces.get('T1')?.users.push({ id: 'UNEWADMIN', name: 'nina', isAdmin: true });
    const answer = await run('lookup-fails', 'pause', 'UNEWADMIN');
    expect(String(answer.text)).toContain('Only workspace admins and owners may manage');
    expect((await h.core.subscriptions.find(channel))?.paused).toBe(false);
  });
});
