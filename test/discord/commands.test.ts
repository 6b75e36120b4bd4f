import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { permissionBits } from '../../src/discord/invite.js';
import { embedProblems } from '../../src/discord/message-limits.js';
import { backends } from '../support/databases.js';
import { listedOn, makePaper } from '../support/papers.js';
import { BOT_TOKEN, messageText, replySeen, startDiscordHarness, type DiscordHarness } from './discord-harness.js';

// /papers end to end: the fake dispatches INTERACTION_CREATE over its gateway, the real discord.js
// Client hands it to the adapter, and every assertion reads what came back over REST.

const backend = backends[0]!;

describe('Discord /papers through discord.js', () => {
  let h: DiscordHarness;
  const best = makePaper({ title: 'Sparse mixture of experts for speech', abstract: 'A mixture of experts model for speech recognition.', upvotes: 50 });
  const second = makePaper({ title: 'Routing in mixture of experts layers', abstract: 'We study expert routing.', upvotes: 5 });
  const others = Array.from({ length: 6 }, (_, i) =>
    makePaper({ title: `Experts routing study ${i + 1}`, abstract: 'Mixture of experts routing at scale.', upvotes: 1 }),
  );

  beforeAll(async () => {
    h = await startDiscordHarness({ backend });
    await h.core.papers.upsert(listedOn('2026-11-27', [best, second, ...others]));
  });
  afterAll(async () => {
    await h?.close();
  });

  it('logs in with the Guilds intent only and registers /papers with its subcommands in the test guild', () => {
    expect(h.fake.identifies.map((i) => i.intents)).toEqual([1]);
    expect(h.fake.registrations).toHaveLength(1);
    const registration = h.fake.registrations[0]!;
    expect(registration.scope).toBe(h.fake.guild.id);
    expect(registration.commands.map((c) => c.name)).toEqual(['papers']);
    const subcommands = (registration.commands[0]!.options as { name: string; type: number }[]).map((o) => `${o.name}:${o.type}`);
    for (const name of ['search', 'subscribe', 'unsubscribe', 'topics', 'digest', 'schedule', 'pause', 'resume', 'paper', 'status', 'help']) {
      expect(subcommands).toContain(`${name}:1`);
    }
  });

  it('logs the invite URL with both scopes and exactly the needed permissions, and never the token', () => {
    const line = h.logLines.find((l) => l.includes('oauth2/authorize'));
    expect(line).toBeDefined();
    const invite = new URL(/https:\/\/discord\.com\/oauth2\/authorize\S*/.exec(line!)![0].replace(/"$/, ''));
    expect(invite.searchParams.get('scope')).toBe('bot applications.commands');
    expect(invite.searchParams.get('permissions')).toBe(permissionBits.toString());
    expect(permissionBits).toBe((1n << 10n) | (1n << 11n) | (1n << 14n) | (1n << 16n) | (1n << 35n) | (1n << 38n));
    expect(h.logLines.join('\n')).not.toContain(BOT_TOKEN);
  });

  it('refuses subscribe from a member without Manage Channels, ephemerally, and stores nothing', async () => {
    const id = h.fake.sendCommand('subscribe', { topic: 'speech' }, { manager: false });
    const log = await h.fake.waitForAnswer(id);
    const seen = replySeen(log);
    expect(seen.ephemeral).toBe(true);
    expect(seen.text).toMatch(/manage this channel/);
    expect(await h.core.subscriptions.topics(h.channel)).toEqual([]);
  });

  it('stores and answers subscribe, schedule and topics from a manager', async () => {
    const sub = replySeen(await h.fake.waitForAnswer(h.fake.sendCommand('subscribe', { topic: 'speech' }, { manager: true })));
    expect(sub.text).toContain('Subscribed to "speech"');
    const schedule = replySeen(
      await h.fake.waitForAnswer(h.fake.sendCommand('schedule', { time: '08:15', timezone: 'Asia/Tokyo', weekdays: 'mon-fri' }, { manager: true })),
    );
    expect(schedule.text).toContain('08:15');
    expect(await h.core.subscriptions.find(h.channel)).toMatchObject({ digestTime: '08:15', timezone: 'Asia/Tokyo', weekdays: [1, 2, 3, 4, 5] });
    const topics = replySeen(await h.fake.waitForAnswer(h.fake.sendCommand('topics')));
    expect(topics.text).toContain('speech');
  });

  it('answers search within the 3-second window with the best match as the first card', async () => {
    const id = h.fake.sendCommand('search', { query: 'mixture of experts speech' });
    const log = await h.fake.waitForAnswer(id);
    const first = log.callbacks[0]!;
    expect(first.at - log.dispatchedAt).toBeLessThan(3000);
    const body = (first.type === 4 ? first.data : log.edits[0]?.body) as Record<string, unknown>;
    const embeds = body.embeds as { title: string }[];
    // Embed 0 is the summary; the cards follow, best first.
    expect(embeds[1]?.title).toBe(`1. ${best.title}`);
    expect(body.allowed_mentions).toEqual({ parse: [] });
    for (const embed of embeds) expect(embedProblems(embed)).toEqual([]);
    expect(replySeen(log).ephemeral).toBe(true);
  });

  it('posts a search publicly only when asked to', async () => {
    const log = await h.fake.waitForAnswer(h.fake.sendCommand('search', { query: 'routing', public: true }));
    expect(replySeen(log).ephemeral).toBe(false);
    expect(replySeen(log).text).toContain('Routing in mixture of experts layers');
  });

  it('pages search results with Next, replacing the ephemeral answer', async () => {
    const log = await h.fake.waitForAnswer(h.fake.sendCommand('search', { query: 'experts' }));
    const body = (log.callbacks[0]!.type === 4 ? log.callbacks[0]!.data : log.edits[0]!.body)!;
    const buttons = (body.components as { components: { label: string; custom_id: string }[] }[]).flatMap((r) => r.components);
    const next = buttons.find((b) => b.label.startsWith('Next'));
    expect(next?.custom_id).toBe('pb:search:2:experts');
    const click = h.fake.clickButton(next!.custom_id, { id: '1', body, ephemeral: true });
    const page = await h.fake.waitForAnswer(click);
    const kind = page.callbacks[0]!.type;
    expect([6, 7]).toContain(kind);
    const shown = messageText((kind === 7 ? page.callbacks[0]!.data : page.edits[0]!.body)!);
    expect(shown).toMatch(/^6\. /m);
    expect(shown).not.toMatch(/^1\. /m);
  });

  it('answers "More like this" privately with papers similar to the card', async () => {
    const log = await h.fake.waitForAnswer(h.fake.sendCommand('paper', { id: best.id }));
    const body = (log.callbacks[0]!.type === 4 ? log.callbacks[0]!.data : log.edits[0]!.body)!;
    const more = (body.components as { components: { label: string; custom_id: string }[] }[]).flatMap((r) => r.components).find((b) => b.label === 'More like #1');
    expect(more?.custom_id).toBe(`pb:similar:1:${best.id}`);
    const click = await h.fake.waitForAnswer(h.fake.clickButton(more!.custom_id, { id: '2', body, ephemeral: false }));
    const seen = replySeen(click);
    expect(seen.ephemeral).toBe(true);
    expect(seen.text).not.toContain(`1. ${best.title}`);
    expect(seen.text).toMatch(/experts/i);
  });

  it('takes a 👍 on a search result privately, without replacing the results', async () => {
    const log = await h.fake.waitForAnswer(h.fake.sendCommand('search', { query: 'mixture of experts speech' }));
    const body = (log.callbacks[0]!.type === 4 ? log.callbacks[0]!.data : log.edits[0]!.body)!;
    const up = (body.components as { components: { label: string; custom_id: string }[] }[]).flatMap((r) => r.components).find((b) => b.label === '👍 #1');
    expect(up?.custom_id).toBe(`pb:vote:up:${best.id}`);
    const click = await h.fake.waitForAnswer(h.fake.clickButton(up!.custom_id, { id: '3', body, ephemeral: true }));
    expect(click.callbacks[0]!.type).toBe(4);
    const seen = replySeen(click);
    expect(seen.ephemeral).toBe(true);
    expect(seen.text).toContain(`👍 noted for "${best.title}"`);
  });

  it('defers a command slower than the window allows, then edits in the answer', async () => {
    // 3.5 s of work: answered directly, Discord would have dropped the interaction at 3 s.
    const slow = await startDiscordHarness({ backend, commandDelayMs: 3500 });
    try {
      // Both at once: each is deferred and answered on its own, and the test waits 3.5 s once.
      const helpId = slow.fake.sendCommand('help');
      // Asked in public, but an error stays private: the public placeholder is deleted.
      const badId = slow.fake.sendCommand('paper', { id: 'not-a-paper', public: true });
      const [log, bad] = await Promise.all([slow.fake.waitForAnswer(helpId, 8000), slow.fake.waitForAnswer(badId, 8000)]);
      expect(log.callbacks[0]).toMatchObject({ type: 5, data: { flags: 64 } });
      expect(log.callbacks[0]!.at - log.dispatchedAt).toBeLessThan(2000);
      expect(log.edits).toHaveLength(1);
      expect(log.edits[0]!.at - log.dispatchedAt).toBeGreaterThan(3000);
      expect(messageText(log.edits[0]!.body)).toContain('/papers search');
      expect(bad.callbacks[0]).toMatchObject({ type: 5 });
      expect(Number(bad.callbacks[0]!.data?.flags ?? 0) & 64).toBe(0);
      expect(bad.deletes).toBe(1);
      expect(Number(bad.followUps[0]!.body.flags) & 64).toBe(64);
      expect(messageText(bad.followUps[0]!.body)).toMatch(/not-a-paper/);
    } finally {
      await slow.close();
    }
  });

  it('suggests the channel topics for unsubscribe and IANA zones for schedule', async () => {
    const topics = await h.fake.waitForAnswer(h.fake.sendAutocomplete('unsubscribe', { topic: 'spe' }, 'topic', { manager: true }));
    expect(topics.callbacks[0]).toMatchObject({ type: 8, data: { choices: [{ name: 'speech', value: 'speech' }] } });
    const zones = await h.fake.waitForAnswer(h.fake.sendAutocomplete('schedule', { time: '09:00', timezone: 'europe/ber' }, 'timezone'));
    const choices = zones.callbacks[0]!.data!.choices as { value: string }[];
    expect(choices[0]?.value).toBe('Europe/Berlin');
    expect(choices.length).toBeLessThanOrEqual(25);
  });

  it('answers what a user types wrong, and keeps running', async () => {
    const unknown = replySeen(await h.fake.waitForAnswer(h.fake.sendCommand('frobnicate', { x: 'y' })));
    expect(unknown.ephemeral).toBe(true);
    expect(unknown.text).toMatch(/out of date/);
    const badSetting = replySeen(await h.fake.waitForAnswer(h.fake.sendCommand('set', { setting: 'colour', value: 'blue' }, { manager: true })));
    expect(badSetting.ephemeral).toBe(true);
    expect(badSetting.text).toMatch(/Usage/);
    const longQuery = replySeen(await h.fake.waitForAnswer(h.fake.sendCommand('search', { query: '*'.repeat(2000) })));
    expect(longQuery.ephemeral).toBe(true);
    const after = replySeen(await h.fake.waitForAnswer(h.fake.sendCommand('topics')));
    expect(after.text).toContain('speech');
  });
});
