import { sql } from 'drizzle-orm';
import { openDatabase, type Database } from '../src/core/db/client.js';
import { migrate } from '../src/core/db/migrate.js';
import { normalizeTopic } from '../src/core/subscriptions/subscription-store.js';
import { generatePaper, type CorpusModel, type CorpusPaper } from './corpus.js';
import { createRng } from './prng.js';
import { contentWords } from './seed-text.js';

// The fan-out world: one day of listed papers from the synthetic corpus, topics taken from the
// words those papers really use, and channels inserted set-wise (a statement per batch), all due at
// one slot. The database `paperboy_bench_fanout` is recreated on every run.

export const TOPIC_SEED = 5_000_011;

/** A fixed clock: slots at 09:00 UTC on 2026-07-01, covering the listings of 2026-06-30. */
export const FANOUT_NOW = new Date('2026-07-01T09:05:00Z');
export const DIGEST_TIME = '09:00';
export const COVERS_DAY = '2026-06-30';

export interface ChannelSpec {
  platform: 'discord' | 'slack';
  workspaceId: string;
  channelId: string;
  topics: string[];
}

/** A fresh database next to adminUrl's (dropped first when it exists). */
export async function freshDatabase(adminUrl: string, name: string, maxConnections = 6): Promise<Database> {
  const { default: postgres } = await import('postgres');
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.unsafe(`create database ${name}`);
  } finally {
    await admin.end({ timeout: 5 });
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const database = await openDatabase({ url: url.toString(), maxConnections });
  await migrate(database);
  return { ...database, location: url.toString() };
}

/** The newest `count` corpus papers, listed on `day` with their upvotes. */
export async function insertDayOfPapers(database: Database, model: CorpusModel, day: string, count: number): Promise<CorpusPaper[]> {
  const papers = Array.from({ length: count }, (_, i) => generatePaper(model, i));
  await database.db.execute(sql`
    insert into papers (id, title, abstract, authors, published_at, upvotes, comments, organization, ai_keywords, keywords_text, source)
    select id, title, abstract, authors, published_at, upvotes, comments, organization, ai_keywords, keywords_text, source
    from json_to_recordset(${JSON.stringify(papers)}::json) as x(id text, title text, abstract text, authors text[],
      published_at timestamptz, upvotes int, comments int, organization text, ai_keywords text[], keywords_text text, source text)`);
  await database.db.execute(sql`
    insert into daily_listings (day, paper_id, upvotes)
    select ${day}::date, id, upvotes from json_to_recordset(${JSON.stringify(papers.map((p) => ({ id: p.id, upvotes: p.upvotes })))}::json)
      as x(id text, upvotes int)`);
  return papers;
}

/**
 * `count` distinct topics from the day's papers: the words most papers use first (so every topic
 * matches something), one in ten a two-word title phrase in quotes, as people type them.
 */
export function dayTopics(papers: CorpusPaper[], count: number): string[] {
  const df = new Map<string, number>();
  for (const p of papers) for (const w of new Set(contentWords(`${p.title} ${p.abstract}`, 5))) df.set(w, (df.get(w) ?? 0) + 1);
  const words = [...df.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([w]) => w);
  const phrases = new Set<string>();
  for (const p of papers) {
    const t = p.title.toLowerCase().replace(/^[^:]*:\s*/, '').split(/[^a-z-]+/).filter((w) => w.length > 4);
    for (let i = 0; i + 1 < t.length && phrases.size < count / 10; i++) phrases.add(`"${t[i]} ${t[i + 1]}"`);
  }
  const list = [...phrases];
  for (const w of words) {
    if (list.length >= count) break;
    list.push(w);
  }
  return list.slice(0, count);
}

/** Topics for `n` channels: `perChannel` distinct ones each, popular topics followed more (Zipf). */
export function channelTopics(topics: string[], n: number, perChannel: number, seed = TOPIC_SEED): string[][] {
  const rng = createRng(seed);
  return Array.from({ length: n }, () => {
    const chosen = new Set<string>();
    for (let guard = 0; chosen.size < perChannel && guard < perChannel * 50; guard++) chosen.add(topics[rng.zipf(topics.length)] ?? 'model');
    return [...chosen];
  });
}

/** Subscribed channels due at DIGEST_TIME UTC every day, with their topics; two statements per 5,000. */
export function insertChannels(database: Database, specs: ChannelSpec[]): Promise<void> {
  return insertChannelsAt(database, specs, DIGEST_TIME, new Date(FANOUT_NOW.getTime() - 3_600_000));
}

/** The same at a digest time (HH:MM, UTC) of the caller's choosing, created at `created`. */
export async function insertChannelsAt(database: Database, specs: ChannelSpec[], digestTime: string, created: Date): Promise<void> {
  const createdAt = created.toISOString();
  for (let from = 0; from < specs.length; from += 5000) {
    const batch = specs.slice(from, from + 5000);
    const channels = JSON.stringify(batch.map((s) => ({ p: s.platform, w: s.workspaceId, c: s.channelId })));
    await database.db.execute(sql`
      insert into channels (platform, workspace_id, channel_id, digest_time, timezone, weekdays, subscribed, created_at, updated_at)
      select p, w, c, ${digestTime}::time, 'UTC', '{1,2,3,4,5,6,7}'::smallint[], true, ${createdAt}::timestamptz, ${createdAt}::timestamptz
      from json_to_recordset(${channels}::json) as x(p text, w text, c text)`);
    const topics = JSON.stringify(batch.flatMap((s) => s.topics.map((t) => ({ p: s.platform, c: s.channelId, t, n: normalizeTopic(t) }))));
    await database.db.execute(sql`
      insert into topics (channel_id, topic, normalized, created_at)
      select ch.id, x.t, x.n, ${createdAt}::timestamptz
      from json_to_recordset(${topics}::json) as x(p text, c text, t text, n text)
      join channels ch on ch.platform = x.p and ch.channel_id = x.c`);
  }
  await database.db.execute(sql`analyze channels`);
  await database.db.execute(sql`analyze topics`);
}

/** Takes every channel out of the schedule (the delivery phase then subscribes its own). */
export async function unsubscribeAll(database: Database): Promise<void> {
  await database.db.execute(sql`update channels set subscribed = false`);
  await database.db.execute(sql`delete from deliveries`);
}
