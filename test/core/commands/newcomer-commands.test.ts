import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { renderReplyText } from '../../../src/console/render-text.js';
import type { Core } from '../../../src/core/app.js';
import type { ChannelRef } from '../../../src/core/channel.js';
import { backends } from '../../support/databases.js';
import { useBackend } from '../../support/use-harness.js';
import { makeCore, manager } from '../../support/core.js';
import { listedOn, makePaper } from '../../support/papers.js';

// Commands typed the way a newcomer typed them (issue 11, items 8 and 9), through the command runner.

const channel: ChannelRef = { platform: 'console', workspaceId: 'local', channelId: 'console' };
const clock = new Date('2026-11-28T10:00:00Z');
// What a validator says in its own words; a person must never read it.
const VALIDATOR_WORDS = /Too small|Too big|expected|Invalid (input|option|enum)|>=|<=|received/i;

describe.each(backends)('commands a newcomer types, on $name', (backend) => {
  const shared = useBackend(backend);
  let core: Core;

  beforeAll(async () => {
    core = await makeCore(shared.database, { now: () => clock });
  });
  beforeEach(async () => {
    const papers = Array.from({ length: 12 }, (_, i) =>
      makePaper({
        id: `2611.${String(i + 1).padStart(5, '0')}`,
        title: `Video diffusion transformers, variant ${i + 1}`,
        abstract: 'We train video diffusion transformers with temporal attention for long video generation.',
        upvotes: 50 - i,
      }),
    );
    await core.papers.upsert(listedOn('2026-11-27', papers));
  });

  const run = (text: string) => core.commands.runText(text, { ...manager(channel), caller: { id: 'local', name: 'you' } });

  it('follows the "More:" line of similar, typed back as shown', async () => {
    const first = await run('similar 2611.00001');
    const more = /More: \/papers (.+)$/m.exec(renderReplyText(first))?.[1];
    expect(more).toBe('similar 2611.00001 page:2');
    const second = await run(more!);
    expect(second.error).toBeUndefined();
    expect(second.paging?.page).toBe(2);
    expect(second.papers?.length).toBeGreaterThan(0);
    const firstIds = new Set(first.papers?.map((p) => p.paper.id));
    expect(second.papers?.some((p) => firstIds.has(p.paper.id))).toBe(false);
  });

  it('answers page:-1, page:abc and page:0 in plain words, and never searches for them', async () => {
    for (const text of ['search video page:-1', 'search video page:abc', 'search video page:0', 'similar 2611.00001 page:0', 'search video page:101']) {
      const reply = await run(text);
      expect(reply.error?.code, text).toBe('usage');
      expect(reply.text, text).toBe('The page must be a whole number from 1 to 100, e.g. page:2.');
    }
  });

  it('answers an unknown setting, and every other bad input, without a validator message', async () => {
    const colour = await run('set colour blue');
    expect(colour.text).toBe('There is no setting "colour". Settings: max-papers, min-upvotes, thread.');
    for (const text of ['set', 'set max-papers', 'set max-papers 0', 'set max-papers many', 'set thread maybe', 'set min-upvotes -3', 'search', 'subscribe', 'digest 2026-13-45', 'digest yesterday', 'schedule', 'schedule 25:00', 'similar', 'similar nonsense', 'paper', 'paper 123', 'search page:2', 'subscribe ' + 'x'.repeat(101)]) {
      const reply = await run(text);
      expect(reply.error, text).toBeDefined();
      expect(reply.text, text).not.toMatch(VALIDATOR_WORDS);
    }
  });

  it('answers help for an unknown command with that, not the whole list; help for an alias explains the command', async () => {
    const unknown = await run('help frobnicate');
    expect(unknown.error?.code).toBe('usage');
    expect(unknown.text).toMatch(/^There is no command "frobnicate"\. Commands: search, similar/);
    expect(unknown.text).not.toMatch(/search the paper store/);
    expect((await run('help find')).title).toBe('/papers search');
  });

  it('explains EST and GMT+2 as zones, and keeps Asia/Kolkata as typed', async () => {
    const est = await run('schedule 09:00 EST');
    expect(est.error?.code).toBe('invalid_timezone');
    expect(est.text).toMatch(/"EST" is an abbreviation.*Did you mean America\/New_York\?/);
    const offset = await run('schedule 09:00 GMT+2');
    expect(offset.error?.code).toBe('invalid_timezone');
    expect(offset.text).toMatch(/fixed offset.*Etc\/GMT-2/);
    expect((await run('schedule 09:00 EST mon-fri')).text).not.toMatch(/weekdays/);
    const kolkata = await run('schedule 09:00 Asia/Kolkata');
    expect(kolkata.text).toMatch(/09:00 Asia\/Kolkata/);
    expect((await core.subscriptions.find(channel))?.timezone).toBe('Asia/Kolkata');
    expect((await run('status')).fields?.find((f) => f.label === 'Schedule')?.value).toMatch(/Asia\/Kolkata/);
  });

  it('tells a channel paused by a person how to resume, not to fix a cause', async () => {
    await run('subscribe video');
    await run('pause');
    const status = await run('status');
    expect(status.text).toBe('Digests are paused by you. /papers resume starts them again.');
  });
});
