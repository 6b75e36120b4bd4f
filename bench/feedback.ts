import type { ChannelRef } from '../src/core/channel.js';
import { createDigestBuilder, type DigestRequest } from '../src/core/digest/digest-builder.js';
import { createPgVoteStore } from '../src/core/feedback/vote-store.js';
import { createPgSubscriptionStore } from '../src/core/subscriptions/subscription-store.js';
import { channelSpecs, isRelevant, loadFeed, simulatedDays, type ChannelSpec } from './feedback-world.js';
import { createRng } from './prng.js';

// `npm run bench -- feedback`: does a channel's digest learn from its votes? Each simulated day every
// channel gets its digest (set-wise, one choose() for all channels and modes, as the scheduler does);
// simulated members vote 👍/👎 on its cards by the channel's hidden interest, with some noise and
// abstentions; precision@5 (share of the first five cards that are in the hidden interest) is compared
// with the same channel's digest without votes (upvotes within its topics).

export const FEEDBACK_SEED = 13_013;
const DAYS = 30;
const VOTE_DAYS = 5;
const MEMBERS = 3;
const VOTE_CHANCE = 0.5;
const NOISE = 0.1;
const DIGEST_SIZE = 10;

type Mode = 'first5' | 'daily';

export interface FeedbackRow extends Record<string, unknown> {
  day: string;
  date: string;
  baseline_p5: number;
  votes_first5_p5: number;
  votes_daily_p5: number;
  best_possible_p5: number;
}

export async function runFeedbackBench({ log }: { log: (line: string) => void }): Promise<FeedbackRow[]> {
  const started = Date.now();
  const feed = await loadFeed();
  log(`feedback: ${feed.papers} listings of ${feed.days.length} days ingested (${feed.skipped} items skipped) in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  const days = simulatedDays(feed.days, DAYS);
  if (days.length < DAYS) throw new Error(`only ${days.length} usable days in the feed`);
  const db = feed.database.db;
  let clock = new Date(`${days[0]?.day}T09:00:00Z`);
  const now = () => clock;
  const subscriptions = createPgSubscriptionStore(db, { digestTime: '09:00', timezone: 'UTC', now });
  const builder = createDigestBuilder(db);
  const votes = createPgVoteStore(db, now);
  const rng = createRng(FEEDBACK_SEED);

  const channels: { spec: ChannelSpec; mode: Mode; id: number }[] = [];
  for (const spec of channelSpecs) {
    for (const mode of ['first5', 'daily'] as Mode[]) {
      const ref: ChannelRef = { platform: 'console', workspaceId: 'bench', channelId: `${spec.name}-${mode}` };
      const settings = await subscriptions.ensure(ref, 'bench');
      for (const topic of spec.topics) await subscriptions.addTopic(ref, topic, 'bench');
      channels.push({ spec, mode, id: settings.id });
    }
  }

  const rows: FeedbackRow[] = [];
  let learnMs = 0;
  for (const [index, { day, papers }] of days.entries()) {
    clock = new Date(`${day}T09:00:00Z`);
    const byId = new Map(papers.map((p) => [p.id, p]));
    const requests: DigestRequest[] = [];
    for (const spec of channelSpecs) {
      const base = { day, topics: spec.topics, minUpvotes: 0 };
      requests.push({ ...base, key: `base:${spec.name}`, maxPapers: DIGEST_SIZE });
      requests.push({ ...base, key: `all:${spec.name}`, maxPapers: 100 });
    }
    for (const c of channels) requests.push({ key: `${c.mode}:${c.spec.name}`, day, topics: c.spec.topics, maxPapers: DIGEST_SIZE, minUpvotes: 0, learnFrom: c.id });
    const t0 = Date.now();
    const chosen = await builder.choose(requests);
    learnMs += Date.now() - t0;

    const p5 = (key: string, spec: ChannelSpec) =>
      (chosen.get(key) ?? []).slice(0, 5).filter((e) => isRelevant(byId.get(e.paper.id) ?? e.paper, spec)).length / 5;
    const mean = (values: number[]) => round(values.reduce((a, b) => a + b, 0) / Math.max(1, values.length));
    const best = channelSpecs.map((spec) => Math.min(5, (chosen.get(`all:${spec.name}`) ?? []).filter((e) => isRelevant(e.paper, spec)).length) / 5);
    rows.push({
      day: String(index + 1),
      date: day,
      baseline_p5: mean(channelSpecs.map((spec) => p5(`base:${spec.name}`, spec))),
      votes_first5_p5: mean(channelSpecs.map((spec) => p5(`first5:${spec.name}`, spec))),
      votes_daily_p5: mean(channelSpecs.map((spec) => p5(`daily:${spec.name}`, spec))),
      best_possible_p5: mean(best),
    });

    // Members vote on the cards they were shown.
    for (const c of channels) {
      if (c.mode === 'first5' && index >= VOTE_DAYS) continue;
      for (const entry of chosen.get(`${c.mode}:${c.spec.name}`) ?? []) {
        const relevant = isRelevant(entry.paper, c.spec);
        for (let m = 0; m < MEMBERS; m += 1) {
          if (rng.next() >= VOTE_CHANCE) continue;
          const likes = rng.next() < NOISE ? !relevant : relevant;
          await votes.record({ channelId: c.id, paperId: entry.paper.id, voterId: `member-${m}`, vote: likes ? 1 : -1 });
        }
      }
    }
  }
  await feed.database.close();

  const summary = summarise(rows);
  log(`feedback: days 6-30 mean p@5 baseline ${summary.baseline_p5}, votes from days 1-5 ${summary.votes_first5_p5} (x${summary.ratio_first5}), votes every day ${summary.votes_daily_p5} (x${summary.ratio_daily}); first beats baseline on day ${summary.first_beats}; below baseline on or after day 10: ${summary.below_after_10.join(', ') || 'never'}; choose() for ${requests(channels.length)} requests a day: ${(learnMs / days.length).toFixed(0)} ms mean`);
  return [...rows, summary.row];
}

function requests(channels: number): number {
  return channels + 2 * channelSpecs.length;
}

function summarise(rows: FeedbackRow[]) {
  const later = rows.slice(VOTE_DAYS);
  const avg = (key: keyof FeedbackRow) => round(later.reduce((a, r) => a + Number(r[key]), 0) / later.length);
  const baseline = avg('baseline_p5');
  const first5 = avg('votes_first5_p5');
  const daily = avg('votes_daily_p5');
  const firstBeats = rows.find((r) => r.votes_first5_p5 > r.baseline_p5)?.day ?? 'never';
  const below = rows.filter((r) => Number(r.day) >= 10 && r.votes_first5_p5 < r.baseline_p5).map((r) => r.day);
  return {
    baseline_p5: baseline,
    votes_first5_p5: first5,
    votes_daily_p5: daily,
    ratio_first5: round(first5 / Math.max(1e-9, baseline)),
    ratio_daily: round(daily / Math.max(1e-9, baseline)),
    first_beats: firstBeats,
    below_after_10: below,
    row: {
      day: `mean 6-30 (x${round(first5 / Math.max(1e-9, baseline))} / x${round(daily / Math.max(1e-9, baseline))}; first beats on day ${firstBeats}; below from day 10: ${below.length === 0 ? 'never' : below.join(' ')})`,
      date: '',
      baseline_p5: baseline,
      votes_first5_p5: first5,
      votes_daily_p5: daily,
      best_possible_p5: avg('best_possible_p5'),
    } satisfies FeedbackRow,
  };
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
