import { sql, type SQL } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  boolean,
  check,
  customType,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  serial,
  smallint,
  text,
  time,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';

// One schema for PGlite and the Postgres server. Generated SQL lives in drizzle/.

const tsvector = customType<{ data: string }>({
  dataType() {
    return 'tsvector';
  },
});

// Storage drizzle does not describe, set by migrations: the weighted vector kept inline
// (drizzle/0004) and a 4 kB row target (0013), so that only the abstract and the AI summary move
// out of line and search reads everything else from the row.
export const papers = pgTable(
  'papers',
  {
    id: text('id').primaryKey(),
    title: text('title').notNull(),
    abstract: text('abstract').notNull(),
    authors: text('authors').array().notNull().default(sql`'{}'::text[]`),
    publishedAt: timestamp('published_at', { withTimezone: true }).notNull(),
    upvotes: integer('upvotes').notNull().default(0),
    comments: integer('comments').notNull().default(0),
    organization: text('organization'),
    githubRepo: text('github_repo'),
    githubStars: integer('github_stars'),
    projectPage: text('project_page'),
    thumbnail: text('thumbnail'),
    aiSummary: text('ai_summary'),
    aiKeywords: text('ai_keywords').array().notNull().default(sql`'{}'::text[]`),
    // ai_keywords joined with spaces: array_to_string is not immutable, so the tsvector reads this copy.
    keywordsText: text('keywords_text').notNull().default(''),
    source: text('source', { enum: ['hf', 'arxiv'] }).notNull(),
    firstSeenAt: timestamp('first_seen_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    // Title A, keywords B, abstract C, the names D, and the publication day, month and year as
    // words ('~2026-06-30': drizzle/0011_search_days.sql creates paperboy_days()), which search's
    // candidate tiers AND into every GIN scan. Text goes through paperboy_words() first
    // (drizzle/0012_slash_words.sql: "Yes/No" is two words), as every query's text does.
    search: tsvector('search')
      .notNull()
      .generatedAlwaysAs(
        (): SQL =>
          sql`setweight(to_tsvector('english'::regconfig, paperboy_words(${papers.title})), 'A') || setweight(to_tsvector('english'::regconfig, paperboy_words(${papers.keywordsText})), 'B') || setweight(to_tsvector('english'::regconfig, paperboy_words(${papers.abstract})), 'C')
    || setweight(paperboy_names(${papers.authors}, ${papers.organization}), 'D') || paperboy_days(${papers.publishedAt})`,
      ),
    // Authors (weight A) and organisation (B) as words, for search (drizzle/0007_search_fields.sql
    // creates paperboy_names(): array_to_string is not immutable), every prefix of those words as a
    // word of its own ('>tur', for author:/org:) and the days (drizzle/0011_search_days.sql).
    names: tsvector('names')
      .notNull()
      .generatedAlwaysAs((): SQL => sql`paperboy_names(${papers.authors}, ${papers.organization})
    || paperboy_name_prefixes(paperboy_names(${papers.authors}, ${papers.organization})) || paperboy_days(${papers.publishedAt})`),
    // The title alone (drizzle/0008_title_words.sql) and its days (0011), slash-joined words split
    // (0012): small enough to test for every candidate.
    titleWords: tsvector('title_words')
      .notNull()
      .generatedAlwaysAs((): SQL => sql`to_tsvector('english'::regconfig, paperboy_words(${papers.title})) || paperboy_days(${papers.publishedAt})`),
  },
  (t) => [
    index('papers_search_idx').using('gin', t.search).with({ fastupdate: false }),
    index('papers_title_trgm_idx').using('gin', t.title.op('gin_trgm_ops')).with({ fastupdate: false }),
    // org: filters without a full-table scan.
    index('papers_organization_trgm_idx').using('gin', t.organization.op('gin_trgm_ops')).with({ fastupdate: false }),
    index('papers_published_at_idx').on(t.publishedAt),
    // Search by field (drizzle/0007_search_fields.sql, 0008_title_words.sql): titles alone, and
    // authors + organisation as the names vector.
    index('papers_title_words_idx').using('gin', t.titleWords).with({ fastupdate: false }),
    index('papers_names_search_idx').using('gin', t.names).with({ fastupdate: false }),
  ],
);

export const dailyListings = pgTable(
  'daily_listings',
  {
    day: date('day', { mode: 'string' }).notNull(),
    paperId: text('paper_id')
      .notNull()
      .references(() => papers.id, { onDelete: 'cascade' }),
    upvotes: integer('upvotes').notNull().default(0),
    seenAt: timestamp('seen_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.day, t.paperId] }), index('daily_listings_paper_idx').on(t.paperId)],
);

export const ingestRuns = pgTable(
  'ingest_runs',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    day: date('day', { mode: 'string' }).notNull(),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
    status: text('status', { enum: ['running', 'ok', 'failed'] }).notNull(),
    stored: integer('stored').notNull().default(0),
    updated: integer('updated').notNull().default(0),
    skipped: integer('skipped').notNull().default(0),
    error: text('error'),
  },
  (t) => [index('ingest_runs_day_idx').on(t.day, t.startedAt)],
);

export const channels = pgTable(
  'channels',
  {
    id: serial('id').primaryKey(),
    platform: text('platform', { enum: ['discord', 'slack', 'console'] }).notNull(),
    workspaceId: text('workspace_id').notNull(),
    channelId: text('channel_id').notNull(),
    digestTime: time('digest_time').notNull().default('09:00'),
    timezone: text('timezone').notNull().default('UTC'),
    // ISO weekdays, 1 = Monday ... 7 = Sunday.
    weekdays: smallint('weekdays').array().notNull().default(sql`'{1,2,3,4,5}'::smallint[]`),
    // daily (on weekdays), weekly or monthly (drizzle/0009_digest_rhythms.sql).
    rhythm: text('rhythm', { enum: ['daily', 'weekly', 'monthly'] }).notNull().default('daily'),
    // Weekly: ISO weekday 1-7; monthly: day of the month 1-31 (the last day in shorter months).
    rhythmDay: smallint('rhythm_day').notNull().default(1),
    maxPapers: smallint('max_papers').notNull().default(10),
    minUpvotes: integer('min_upvotes').notNull().default(0),
    // A channel gets digests once it asked for them (subscribe, schedule or resume), not by merely searching.
    subscribed: boolean('subscribed').notNull().default(false),
    paused: boolean('paused').notNull().default(false),
    pausedReason: text('paused_reason'),
    useThread: boolean('use_thread').notNull().default(false),
    consecutiveFailures: integer('consecutive_failures').notNull().default(0),
    createdBy: text('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('channels_platform_channel_uq').on(t.platform, t.channelId),
    index('channels_workspace_idx').on(t.platform, t.workspaceId),
  ],
);

export const topics = pgTable(
  'topics',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    channelId: integer('channel_id')
      .notNull()
      .references(() => channels.id, { onDelete: 'cascade' }),
    topic: text('topic').notNull(),
    normalized: text('normalized').notNull(),
    createdBy: text('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('topics_channel_normalized_uq').on(t.channelId, t.normalized),
    index('topics_normalized_idx').on(t.normalized),
  ],
);

export const deliveries = pgTable(
  'deliveries',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    channelId: integer('channel_id')
      .notNull()
      .references(() => channels.id, { onDelete: 'cascade' }),
    // day, week or month: what kind of digest (drizzle/0009_digest_rhythms.sql).
    period: text('period', { enum: ['day', 'week', 'month'] }).notNull().default('day'),
    // The period's key: the channel's local date of the slot for a daily digest; the Monday of the
    // slot's local week for a weekly one, the 1st of its local month for a monthly one. One digest per
    // channel per (period, key), so moving a weekly digest from Monday to Friday posts none twice.
    digestDay: date('digest_day', { mode: 'string' }).notNull(),
    // The UTC days of papers the digest covers, first and last (the same day for a daily digest).
    coversFrom: date('covers_from', { mode: 'string' }).notNull(),
    coversDay: date('covers_day', { mode: 'string' }).notNull(),
    slotAt: timestamp('slot_at', { withTimezone: true }).notNull(),
    // due: the slot has come and nobody claimed it yet (written once per tick, drizzle/0010).
    status: text('status', { enum: ['due', 'claimed', 'sent', 'empty', 'failed', 'skipped'] }).notNull(),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }),
    claimedBy: text('claimed_by'),
    leaseUntil: timestamp('lease_until', { withTimezone: true }),
    messageIds: text('message_ids').array().notNull().default(sql`'{}'::text[]`),
    paperCount: integer('paper_count').notNull().default(0),
    lastError: text('last_error'),
    // Set (by the app clock) just before an attempt posts its first part: a later attempt then knows
    // the part after the last recorded one may exist on the platform and looks it up first.
    postingSince: timestamp('posting_since', { withTimezone: true }),
    // The papers (id, upvotes, matched topics) that attempt began posting: a resumed digest uses
    // them as they are, so its parts are the same whatever changed in the meantime.
    plannedPapers: jsonb('planned_papers'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('deliveries_channel_period_uq').on(t.channelId, t.period, t.digestDay),
    index('deliveries_status_idx').on(t.status, t.nextAttemptAt),
    // What a claim may take: due, held (maybe by a dead instance), or failed with a retry ahead.
    index('deliveries_open_idx')
      .on(t.slotAt, t.id)
      .where(sql`${t.status} = 'due' or ${t.status} = 'claimed' or (${t.status} = 'failed' and ${t.nextAttemptAt} is not null)`),
  ],
);

// Each message of a digest (header, thread, cards), recorded as it is posted and before the next one,
// so a retry or a takeover resumes after the last posted part however long ago that was.
export const deliveryParts = pgTable(
  'delivery_parts',
  {
    deliveryId: bigint('delivery_id', { mode: 'number' })
      .notNull()
      .references(() => deliveries.id, { onDelete: 'cascade' }),
    // The adapter's numbering of its parts, 0 = the first message.
    part: integer('part').notNull(),
    // What identifies the part on the platform: a Discord message or thread id, a Slack ts.
    messageId: text('message_id').notNull(),
    // Where it lives: the channel, or the thread the cards went to.
    containerId: text('container_id').notNull(),
    // True when the outcome was unknown and the part was found on the platform by a look-up.
    recovered: boolean('recovered').notNull().default(false),
    postedAt: timestamp('posted_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.deliveryId, t.part] })],
);

export const deliveredPapers = pgTable(
  'delivered_papers',
  {
    channelId: integer('channel_id')
      .notNull()
      .references(() => channels.id, { onDelete: 'cascade' }),
    paperId: text('paper_id')
      .notNull()
      .references(() => papers.id, { onDelete: 'cascade' }),
    deliveredAt: timestamp('delivered_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.channelId, t.paperId] })],
);

// One vote per person per paper per channel; voting again replaces it. The digest ranking reads these.
export const paperVotes = pgTable(
  'paper_votes',
  {
    channelId: integer('channel_id')
      .notNull()
      .references(() => channels.id, { onDelete: 'cascade' }),
    paperId: text('paper_id')
      .notNull()
      .references(() => papers.id, { onDelete: 'cascade' }),
    voterId: text('voter_id').notNull(),
    // +1 or -1.
    vote: smallint('vote').notNull(),
    // From the app clock, never the database's now().
    votedAt: timestamp('voted_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.channelId, t.paperId, t.voterId] }),
    index('paper_votes_paper_idx').on(t.paperId),
    check('paper_votes_vote_check', sql`${t.vote} in (-1, 1)`),
  ],
);

export const slackInstallations = pgTable('slack_installations', {
  // team id, or enterprise id for org-wide installs.
  id: text('id').primaryKey(),
  teamId: text('team_id'),
  enterpriseId: text('enterprise_id'),
  isEnterpriseInstall: boolean('is_enterprise_install').notNull().default(false),
  botToken: text('bot_token'),
  botUserId: text('bot_user_id'),
  installation: jsonb('installation').notNull(),
  installedAt: timestamp('installed_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

// One row per cron fire (e.g. "paperboy-ingest:2026-11-28T10:30:00.000Z"): the instance that
// inserts it runs that fire; the others skip it.
export const jobRuns = pgTable(
  'job_runs',
  {
    key: text('key').primaryKey(),
    holder: text('holder').notNull(),
    claimedAt: timestamp('claimed_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('job_runs_expires_idx').on(t.expiresAt)],
);
