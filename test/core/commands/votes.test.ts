import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Core } from '../../../src/core/app.js';
import type { ChannelRef } from '../../../src/core/channel.js';
import { parseCommandText } from '../../../src/core/commands/parse.js';
import { ErrorCode } from '../../../src/core/errors.js';
import { TestClock } from '../../support/clock.js';
import { makeCore, manager, member } from '../../support/core.js';
import { backends } from '../../support/databases.js';
import { useBackend } from '../../support/use-harness.js';
import { listedOn, makePaper } from '../../support/papers.js';

const channel: ChannelRef = { platform: 'discord', workspaceId: 'G1', channelId: 'C9' };

describe('vote grammar', () => {
  it('reads votes as words or signs, and forget-votes with its alias', () => {
    expect(parseCommandText('vote up 2611.00001')).toEqual({ ok: true, command: { name: 'vote', vote: 'up', id: '2611.00001' } });
    expect(parseCommandText('vote -1 https://arxiv.org/abs/2611.00001')).toMatchObject({ ok: true, command: { vote: 'down' } });
    expect(parseCommandText('forget')).toEqual({ ok: true, command: { name: 'forget-votes' } });
    const bad = parseCommandText('vote sideways 2611.00001');
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.reply.error?.usage).toContain('vote up|down');
  });
});

describe.each(backends)('vote commands on $name', (backend) => {
  const shared = useBackend(backend);
  let core: Core;
  const paper = makePaper({ id: '2611.00001', title: 'Latent diffusion for video', aiKeywords: ['video diffusion'] });
  beforeAll(async () => {
    core = await makeCore(shared.database, { now: new TestClock().now });
  });
  beforeEach(async () => {
    await core.papers.upsert(listedOn('2026-11-27', [paper]));
  });

  it('lets a member vote in a channel it has never seen, and says so privately', async () => {
    const reply = await core.commands.run({ name: 'vote', vote: 'up', id: 'arxiv.org/abs/2611.00001v2' }, member(channel));
    expect(reply).toMatchObject({ visibility: 'ephemeral' });
    expect(reply.text).toContain('👍 noted for "Latent diffusion for video"');
    const again = await core.commands.run({ name: 'vote', vote: 'up', id: paper.id }, member(channel));
    expect(again.text).toContain('already voted 👍');
    const settings = await core.subscriptions.find(channel);
    expect(settings?.subscribed).toBe(false);
    expect(await core.votes.lessons(settings!.id)).toMatchObject({ liked: 1, likedKeywords: ['video diffusion'] });
  });

  it('answers a vote on an unknown paper with not found, and forget-votes only for managers', async () => {
    expect((await core.commands.run({ name: 'vote', vote: 'down', id: '2611.99999' }, member(channel))).error?.code).toBe(ErrorCode.NotFound);
    await core.commands.run({ name: 'vote', vote: 'down', id: paper.id }, member(channel));
    expect((await core.commands.run({ name: 'forget-votes' }, member(channel))).error?.code).toBe(ErrorCode.Forbidden);
    expect((await core.commands.run({ name: 'forget-votes' }, manager(channel))).text).toContain('Forgot 1 vote.');
    expect((await core.commands.run({ name: 'forget-votes' }, manager(channel))).text).toContain('no votes to forget');
  });
});
