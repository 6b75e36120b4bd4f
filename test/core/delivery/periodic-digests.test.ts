import { sql } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Core } from '../../../src/core/app.js';
import type { ChannelRef } from '../../../src/core/channel.js';
import { queryRows } from '../../../src/core/db/client.js';
import { toDate } from '../../../src/core/papers/paper-row.js';
import { createScheduler } from '../../../src/core/delivery/scheduler.js';
import { cardReason } from '../../../src/core/digest/digest.js';
import { coveredPeriod } from '../../../src/core/digest/period.js';
import { addDays } from '../../../src/core/subscriptions/schedule.js';
import { makeCore, manager, recordingPlatform } from '../../support/core.js';
import { backends } from '../../support/databases.js';
import { useBackend } from '../../support/use-harness.js';
import { listedOn, makePaper } from '../../support/papers.js';

// Weekly and monthly digests through the real ledger and scheduler: what they cover, how they rank,
// and that each is posted once per period however often and by however many instances it is ticked.

const chan = (id: string): ChannelRef => ({ platform: 'discord', workspaceId: 'G1', channelId: id });
const at = (iso: string) => new Date(iso);
const ids = (list: { paper: { id: string } }[] | undefined) => (list ?? []).map((p) => p.paper.id);

describe.each(backends)('weekly and monthly digests on $name', (backend) => {
  const shared = useBackend(backend);
  let core: Core;
  let clock = at('2026-11-20T12:00:00Z');

  beforeEach(async () => {
    // Channels are set up before their slots, as real ones are.
    clock = at('2026-09-20T12:00:00Z');
    core = await makeCore(shared.database, { now: () => clock });
  });

  const tick = (scheduler: ReturnType<typeof createScheduler>, iso: string) => {
    clock = at(iso);
    return scheduler.tick(clock);
  };

  it('posts a weekly digest once per week: the 7 days before its slot, by latest upvotes, without papers already posted', async () => {
    const old = makePaper({ title: 'Diffusion from before the week', upvotes: 900 });
    const risen = makePaper({ title: 'Diffusion that gathered upvotes', upvotes: 5 });
    const steady = makePaper({ title: 'Steady diffusion', upvotes: 100 });
    const daily = makePaper({ title: 'Diffusion the daily digest brought', upvotes: 500 });
    const robots = makePaper({ title: 'Warehouse robots', abstract: 'Robots.', upvotes: 999 });
    await core.papers.upsert([...listedOn('2026-11-22', [old]), ...listedOn('2026-11-23', [risen]), ...listedOn('2026-11-25', [robots]), ...listedOn('2026-11-26', [steady]), ...listedOn('2026-11-27', [daily])]);
    // The store's count moved on after the listing day (a later ingest refreshed it).
    await shared.database.db.execute(sql`update papers set upvotes = 300 where id = ${risen.id}`);

    const c1 = chan('C1');
    await core.subscriptions.addTopic(c1, 'diffusion');
    await core.subscriptions.update(c1, { digestTime: '09:00', timezone: 'Europe/Berlin', weekdays: [1, 2, 3, 4, 5, 6, 7] });
    const platform = recordingPlatform('discord');
    const a = createScheduler({ core, platforms: [platform], instanceId: 'a' });
    const b = createScheduler({ core, platforms: [platform], instanceId: 'b' });
    // Daily first: Saturday's digest covers Friday 27 Nov and brings `daily`.
    expect(await tick(a, '2026-11-28T08:05:00Z')).toMatchObject({ sent: 1 });
    expect(ids(platform.delivered[0]?.digest.papers)).toEqual([daily.id]);

    // Then weekly on Mondays at 09:00 Berlin (08:00 UTC in winter), through the command.
    const saved = await core.commands.runText('schedule weekly mon 09:00 Europe/Berlin', manager(c1));
    expect(saved.error).toBeUndefined();
    expect(saved.text).toContain('Weekly digest: 09:00 Europe/Berlin, weekly on mon; next Mon 30 Nov');
    expect(await tick(a, '2026-11-29T08:05:00Z')).toMatchObject({ claimed: 0 });
    expect(await tick(a, '2026-11-30T07:55:00Z')).toMatchObject({ claimed: 0 });
    // Just before the slot, the preview is the digest about to be posted: its week, its papers, no `daily`.
    const preview = await core.commands.runText('digest', manager(c1));
    expect(preview.title).toBe('Preview: next weekly digest, 23-29 Nov 2026');
    expect(preview.digest?.period).toEqual({ kind: 'week', from: '2026-11-23', to: '2026-11-29' });
    // Two instances tick at the slot together, and again: one weekly digest.
    clock = at('2026-11-30T08:05:00Z');
    const reports = await Promise.all([a.tick(clock), b.tick(clock)]);
    expect(reports[0]!.sent + reports[1]!.sent).toBe(1);
    expect(await tick(b, '2026-11-30T08:06:00Z')).toMatchObject({ claimed: 0 });
    expect(await tick(a, '2026-11-30T12:00:00Z')).toMatchObject({ claimed: 0 });
    expect(platform.delivered).toHaveLength(2);
    const weekly = platform.delivered[1]!.digest;
    expect(weekly.period).toEqual({ kind: 'week', from: '2026-11-23', to: '2026-11-29' });
    expect(weekly.day).toBe('2026-11-29');
    expect(weekly.papers.map((p) => [p.paper.id, p.upvotes])).toEqual([
      [risen.id, 300],
      [steady.id, 100],
    ]);
    expect(preview.digest?.papers).toEqual(weekly.papers);
    // After it, the preview is next week's, which nothing is listed for yet.
    const next = await core.commands.runText('digest', manager(c1));
    expect(next.title).toBe('Preview: next weekly digest, 30 Nov - 6 Dec 2026');
    expect(next.text).toContain("No paper listed in 30 Nov - 6 Dec 2026 matches this channel's topics yet.");

    const settings = await core.subscriptions.find(c1);
    const recent = await core.ledger.recent(settings!.id, 5);
    expect(recent[0]).toMatchObject({ period: 'week', digestDay: '2026-11-30', coversFrom: '2026-11-23', coversDay: '2026-11-29', status: 'sent', paperCount: 2 });
    expect(recent[1]).toMatchObject({ period: 'day', digestDay: '2026-11-28', coversFrom: '2026-11-27', coversDay: '2026-11-27' });
    const status = await core.commands.runText('status', manager(c1));
    expect(JSON.stringify(status.fields)).toContain('Weekly, 23-29 Nov 2026: sent, 2 papers');
    expect(JSON.stringify(status.fields)).toContain('weekly on mon');

    // Moved to Friday in the same week: this week had its digest. The next week's comes on Friday.
    await core.commands.runText('schedule weekly fri 09:00 Europe/Berlin', manager(c1));
    await core.papers.upsert(listedOn('2026-12-07', [makePaper({ title: 'Diffusion in December', upvotes: 7 })]));
    expect(await tick(a, '2026-12-04T08:05:00Z')).toMatchObject({ claimed: 0 });
    expect(await tick(a, '2026-12-11T08:05:00Z')).toMatchObject({ sent: 1 });
    expect(platform.delivered[2]?.digest.period).toEqual({ kind: 'week', from: '2026-12-04', to: '2026-12-10' });
  });

  it('resumes a weekly digest taken over from a dead instance after its last recorded part, with the same papers', async () => {
    await core.papers.upsert([...listedOn('2026-11-24', [makePaper({ title: 'Diffusion one', upvotes: 40 })]), ...listedOn('2026-11-27', [makePaper({ title: 'Diffusion two', upvotes: 30 })])]);
    const c1 = chan('C1');
    await core.subscriptions.addTopic(c1, 'diffusion');
    await core.subscriptions.update(c1, { digestTime: '09:00', timezone: 'UTC', rhythm: 'weekly', rhythmDay: 1 });
    // The first holder posts the header, records it, and hangs.
    const dead = recordingPlatform('discord', async (target) => {
      await target.progress?.record({ index: 0, messageId: 'header', containerId: 'C1' });
      return new Promise(() => {});
    });
    clock = at('2026-11-30T09:05:00Z');
    void createScheduler({ core, platforms: [dead], instanceId: 'dead', leaseMs: 60_000 }).tick(clock);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(dead.delivered).toHaveLength(1);
    // Meanwhile a better diffusion paper of the week is listed: the resumed digest is still the first one's.
    await core.papers.upsert(listedOn('2026-11-28', [makePaper({ title: 'Diffusion three', upvotes: 999 })]));
    const alive = recordingPlatform('discord');
    const survivor = createScheduler({ core, platforms: [alive], instanceId: 'alive', leaseMs: 60_000 });
    expect(await tick(survivor, '2026-11-30T09:05:30Z')).toMatchObject({ claimed: 0 });
    expect(await tick(survivor, '2026-11-30T09:07:00Z')).toMatchObject({ claimed: 1, sent: 1 });
    expect(await tick(survivor, '2026-11-30T09:30:00Z')).toMatchObject({ claimed: 0 });
    const resumed = alive.delivered[0]!;
    expect(resumed.digest.period).toEqual({ kind: 'week', from: '2026-11-23', to: '2026-11-29' });
    expect(ids(resumed.digest.papers)).toEqual(ids(dead.delivered[0]!.digest.papers));
    expect(resumed.target.progress).toMatchObject({ posted: [{ index: 0, messageId: 'header', containerId: 'C1', recovered: false }], uncertain: true });
    expect(resumed.target.deliveryKey).toBe(dead.delivered[0]!.target.deliveryKey);
  });

  it('posts a weekly digest missed for longer than a daily one may be, up to 48 hours late, then skips its week', async () => {
    await core.papers.upsert([
      ...listedOn('2026-11-24', [makePaper({ title: 'Diffusion of the week', upvotes: 40 })]),
      ...listedOn('2026-11-30', [makePaper({ title: 'Diffusion of Monday', upvotes: 4 })]),
    ]);
    for (const id of ['C1', 'C2', 'C3']) {
      await core.subscriptions.addTopic(chan(id), 'diffusion');
      await core.subscriptions.update(chan(id), { digestTime: '09:00', timezone: 'UTC', rhythm: id === 'C3' ? 'daily' : 'weekly', rhythmDay: 1 });
    }
    // C2's weekly slot moves to Sunday 29 Nov: by Tuesday 10:00 it is 49 hours old.
    await core.subscriptions.update(chan('C2'), { rhythmDay: 7 });
    const platform = recordingPlatform('discord');
    // Down from before Sunday's slots until Tuesday 1 Dec 10:00 UTC (DIGEST_CUTOFF_HOURS 12): C1's
    // Monday weekly is 25 hours late and still posted; C2's Sunday weekly, 49 hours late, is skipped;
    // C3's daily digest of Monday (12 hours at most) is skipped and Tuesday's is posted.
    const report = await tick(createScheduler({ core, platforms: [platform], instanceId: 'a' }), '2026-12-01T10:00:00Z');
    expect(platform.delivered.map((d) => [d.target.channel.channelId, d.digest.period?.kind ?? 'day'])).toEqual(
      expect.arrayContaining([['C1', 'week'], ['C3', 'day']]),
    );
    expect(platform.delivered).toHaveLength(2);
    expect(report).toMatchObject({ sent: 2, skippedMissed: 2 });
    const c2 = await core.subscriptions.find(chan('C2'));
    const [record] = await core.ledger.recent(c2!.id, 1);
    expect(record).toMatchObject({ status: 'skipped', period: 'week', digestDay: '2026-11-23' });
    expect(record?.lastError).toMatch(/48 hours/);
  });

  it('covers the last complete month, takes 31 as a short month\'s last day, and agrees with the schedule math in zones far from UTC', async () => {
    // One paper a day from 1 Oct to 30 Nov, upvotes = day of month.
    const listed: ReturnType<typeof listedOn> = [];
    const dayOf = new Map<string, string>();
    for (let day = '2026-10-01'; day <= '2026-11-30'; day = addDays(day, 1)) {
      const paper = makePaper({ title: `Paper of ${day}`, upvotes: Number(day.slice(8)) });
      dayOf.set(paper.id, day);
      listed.push(...listedOn(day, [paper]));
    }
    await core.papers.upsert(listed);
    const setups: [string, string, string, 'weekly' | 'monthly', number][] = [
      ['M31', '09:00', 'UTC', 'monthly', 31], // 30 Nov: November has 30 days
      ['MTOKYO', '08:00', 'Asia/Tokyo', 'monthly', 1], // 1 Dec 08:00 JST = 30 Nov 23:00 UTC: November is not complete
      ['MBERLIN', '09:00', 'Europe/Berlin', 'monthly', 1],
      ['WKIRITIMATI', '09:00', 'Pacific/Kiritimati', 'weekly', 1], // UTC+14: Mon 09:00 is Sun 19:00 UTC
      ['WPAGO', '09:00', 'Pacific/Pago_Pago', 'weekly', 1], // UTC-11: Mon 09:00 is Mon 20:00 UTC
    ];
    for (const [id, time, timezone, rhythm, rhythmDay] of setups) {
      await core.subscriptions.update(chan(id), { digestTime: time, timezone, rhythm, rhythmDay, maxPapers: 25 });
    }
    const platform = recordingPlatform('discord');
    const scheduler = createScheduler({ core, platforms: [platform], instanceId: 'a' });
    for (const iso of ['2026-11-29T19:05:00Z', '2026-11-30T09:05:00Z', '2026-11-30T20:05:00Z', '2026-11-30T23:05:00Z', '2026-12-01T08:05:00Z', '2026-12-01T09:00:00Z']) {
      await tick(scheduler, iso);
    }
    const byChannel = new Map(platform.delivered.map((d) => [d.target.channel.channelId, d.digest]));
    expect([...byChannel.keys()].sort()).toEqual(setups.map((s) => s[0]).sort());
    expect(platform.delivered).toHaveLength(setups.length);
    expect(byChannel.get('M31')?.period).toEqual({ kind: 'month', from: '2026-10-01', to: '2026-10-31' });
    expect(byChannel.get('MTOKYO')?.period).toEqual({ kind: 'month', from: '2026-10-01', to: '2026-10-31' });
    expect(byChannel.get('MBERLIN')?.period).toEqual({ kind: 'month', from: '2026-11-01', to: '2026-11-30' });
    expect(byChannel.get('WKIRITIMATI')?.period).toEqual({ kind: 'week', from: '2026-11-22', to: '2026-11-28' });
    expect(byChannel.get('WPAGO')?.period).toEqual({ kind: 'week', from: '2026-11-23', to: '2026-11-29' });
    // The ledger's slots and periods are the schedule math's, and every paper is from its period.
    for (const [id] of setups) {
      const settings = (await core.subscriptions.find(chan(id)))!;
      const [row] = await core.ledger.recent(settings.id, 1);
      const digest = byChannel.get(id)!;
      const [slot] = await queryRows<{ slot_at: unknown }>(shared.database.db, sql`select slot_at from deliveries where channel_id = ${settings.id}`);
      expect(digest.period).toEqual(coveredPeriod(digest.period!.kind, toDate(slot!.slot_at)));
      expect(row).toMatchObject({ coversFrom: digest.period!.from, coversDay: digest.period!.to });
      for (const p of digest.papers) {
        const day = dayOf.get(p.paper.id)!;
        expect(day >= digest.period!.from && day <= digest.period!.to, `${id}: ${day}`).toBe(true);
      }
      // Best first: the highest day-of-month upvotes of the period.
      expect(digest.papers[0]?.upvotes).toBe(Math.max(...digest.papers.map((p) => p.upvotes)));
    }
  });

  it('re-ranks a week by the channel\'s votes, as a daily digest is', async () => {
    const likedBefore = makePaper({ title: 'Temporal video synthesis', aiKeywords: ['video generation', 'temporal consistency'] });
    const dislikedBefore = makePaper({ title: 'Tabular benchmark', aiKeywords: ['tabular data', 'gradient boosting'] });
    await core.papers.upsert(listedOn('2026-11-18', [likedBefore, dislikedBefore]));
    const video = makePaper({ title: 'Long video clips', upvotes: 3, aiKeywords: ['video generation', 'long clips'] });
    const tabular = makePaper({ title: 'Tables again', upvotes: 90, aiKeywords: ['tabular data', 'gradient boosting'] });
    const neutral = makePaper({ title: 'Something else', upvotes: 50, aiKeywords: ['protein folding', 'molecules'] });
    await core.papers.upsert([...listedOn('2026-11-24', [video]), ...listedOn('2026-11-26', [tabular]), ...listedOn('2026-11-28', [neutral])]);
    const channel = await core.subscriptions.ensure(chan('C1'));
    await core.votes.record({ channelId: channel.id, paperId: likedBefore.id, voterId: 'U1', vote: 1 });
    await core.votes.record({ channelId: channel.id, paperId: dislikedBefore.id, voterId: 'U1', vote: -1 });
    const week = { day: '2026-11-29', from: '2026-11-23', topics: [], maxPapers: 10, minUpvotes: 0 };
    const chosen = await core.digests.choose([
      { key: 'plain', ...week },
      { key: 'learned', ...week, learnFrom: channel.id },
    ]);
    expect(ids(chosen.get('plain'))).toEqual([tabular.id, neutral.id, video.id]);
    expect(ids(chosen.get('learned'))).toEqual([video.id, neutral.id]);
    expect(chosen.get('learned')?.map(cardReason)).toEqual(['close to 1 paper this channel liked', '']);
  });

  it('answers top week and top month on demand, and explains bad schedules and periods', async () => {
    const c1 = chan('C1');
    await core.subscriptions.addTopic(c1, 'diffusion');
    const inOctober = makePaper({ title: 'October diffusion', upvotes: 70 });
    const lastWeek = makePaper({ title: 'Diffusion of last week', upvotes: 20 });
    const older = makePaper({ title: 'Diffusion of mid November', upvotes: 90 });
    await core.papers.upsert([...listedOn('2026-10-30', [inOctober]), ...listedOn('2026-11-10', [older]), ...listedOn('2026-11-25', [lastWeek])]);
    clock = at('2026-11-30T10:00:00Z');
    const week = await core.commands.runText('top', manager(c1));
    expect(week).toMatchObject({ visibility: 'ephemeral', title: 'Top papers, 23-29 Nov 2026' });
    expect(ids(week.digest?.papers)).toEqual([lastWeek.id]);
    expect(week.digest?.period).toEqual({ kind: 'week', from: '2026-11-23', to: '2026-11-29' });
    const month = await core.commands.runText('top month', manager(c1));
    expect(month.title).toBe('Top papers, October 2026');
    expect(ids(month.digest?.papers)).toEqual([inOctober.id]);
    clock = at('2026-12-01T10:00:00Z');
    expect(ids((await core.commands.runText('best monthly', manager(c1))).digest?.papers)).toEqual([older.id, lastWeek.id]);
    await core.subscriptions.addTopic(chan('C2'), 'robots');
    const nothing = await core.commands.runText('top week', manager(chan('C2')));
    expect(nothing.text).toBe("No paper listed in 24-30 Nov 2026 matches this channel's topics.");

    const bad: [string, RegExp][] = [
      ['schedule weekly funday 09:00', /"funday" is not a day of the week/],
      ['schedule weekly mon,wed 09:00', /one day/],
      ['schedule weekly 09:00', /Which day of the week/],
      ['schedule monthly 32 09:00', /"32" is not a day of the month. Use 1 to 31/],
      ['schedule monthly 1 9am', /not a time of day/],
      ['top year', /"year" is not a period.*top week.*top month/],
    ];
    for (const [text, words] of bad) {
      const reply = await core.commands.runText(text, manager(c1));
      expect(reply.error, text).toBeDefined();
      expect(reply.visibility).toBe('ephemeral');
      expect(reply.text, text).toMatch(words);
      expect(reply.error?.usage, text).toMatch(/^\/papers (schedule|top)/);
    }
    expect((await core.subscriptions.find(c1))?.rhythm).toBe('daily');

    const monthly = await core.commands.runText('schedule monthly 31 07:00 America/New_York', manager(c1));
    expect(monthly.text).toContain("monthly on the 31st (or the month's last day); next Thu 31 Dec, 07:00 America/New_York");
    expect(await core.subscriptions.find(c1)).toMatchObject({ rhythm: 'monthly', rhythmDay: 31, digestTime: '07:00' });
    // No rhythm word: daily again, on the weekdays the channel had.
    await core.commands.runText('schedule 08:00', manager(c1));
    expect(await core.subscriptions.find(c1)).toMatchObject({ rhythm: 'daily', weekdays: [1, 2, 3, 4, 5] });
    const help = await core.commands.runText('help', manager(c1));
    expect(help.text).toContain('/papers top [week|month]');
  });
});
