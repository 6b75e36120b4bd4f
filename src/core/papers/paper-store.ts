import { sql, type SQL } from 'drizzle-orm';
import { systemClock, type Clock } from '../clock.js';
import { queryRows, type Db } from '../db/client.js';
import type { ListedPaper, PaperStore, SearchRequest, SearchResult, UpsertCounts } from '../ports.js';
import { normalizeArxivId } from './arxiv-id.js';
import type { Paper } from './paper.js';
import { paperColumns, paperFromRow } from './paper-row.js';
import { searchPapers, similarPapers } from './search.js';

export interface PaperStoreOptions {
  /** Papers per statement. 500 rows keep one JSON parameter small and the statement quick. */
  batchSize?: number;
  /** The application clock: first seen, updated and seen-listed times come from it. */
  now?: Clock;
}

const DEFAULT_BATCH = 500;

/** The Postgres paper store (PGlite or a server): batched upserts, reads by id, search delegated. */
export function createPgPaperStore(db: Db, options: PaperStoreOptions = {}): PaperStore {
  const batchSize = Math.max(1, Math.floor(options.batchSize ?? DEFAULT_BATCH));
  const now = options.now ?? systemClock;
  return {
    async upsert(items: ListedPaper[]): Promise<UpsertCounts> {
      const counts: UpsertCounts = { stored: 0, updated: 0 };
      // A feed listing carries the discussion's comment count; a fetch by id may not, so those
      // rows keep the stored count. Two kinds, two statement shapes, never mixed in one batch.
      const listed = items.filter((i) => i.day !== undefined);
      const byId = items.filter((i) => i.day === undefined);
      for (const group of [listed, byId]) {
        for (let start = 0; start < group.length; start += batchSize) {
          const batch = group.slice(start, start + batchSize);
          const result = await upsertBatch(db, batch, group === listed, now());
          counts.stored += result.stored;
          counts.updated += result.updated;
        }
      }
      return counts;
    },

    async get(id: string): Promise<Paper | null> {
      const normalized = normalizeArxivId(id);
      if (!normalized) return null;
      // Epoch milliseconds alongside: drivers return timestamptz as Date or as text ("…+00"), and
      // a number reads the same from both.
      const rows = await queryRows<Record<string, unknown>>(
        db,
        sql`select ${paperColumns('p')}, (extract(epoch from p.published_at) * 1000)::float8 as published_ms
            from papers p where p.id = ${normalized}`,
      );
      const row = rows[0];
      return row ? paperFromRow({ ...row, published_at: new Date(Number(row.published_ms)) }) : null;
    },

    search(request: SearchRequest): Promise<SearchResult> {
      return searchPapers(db, request);
    },

    similar(id: string, page: number, pageSize: number): Promise<SearchResult> {
      return similarPapers(db, id, page, pageSize);
    },
  };
}

interface PaperJson {
  id: string;
  title: string;
  abstract: string;
  authors: string[];
  published_at: string;
  upvotes: number;
  comments: number;
  organization: string | null;
  github_repo: string | null;
  github_stars: number | null;
  project_page: string | null;
  thumbnail: string | null;
  ai_summary: string | null;
  ai_keywords: string[];
  source: 'hf' | 'arxiv';
}

interface ListingJson {
  day: string;
  paper_id: string;
  upvotes: number;
}

/**
 * One statement for a batch: papers and their listings travel as two JSON parameters (no
 * 65,535-parameter limit, same text on PGlite and postgres.js), the papers insert reports
 * inserted vs updated through xmax, and the listings insert joins on what it returned so the
 * whole batch is atomic.
 */
async function upsertBatch(db: Db, batch: ListedPaper[], listed: boolean, at: Date): Promise<UpsertCounts> {
  const papers = new Map<string, PaperJson>();
  const listings = new Map<string, ListingJson>();
  for (const item of batch) {
    const row = toJson(item.paper);
    if (!row) continue;
    const previous = papers.get(row.id);
    papers.set(row.id, previous ? mergeJson(previous, row) : row);
    if (item.day !== undefined) {
      listings.set(`${item.day}|${row.id}`, { day: item.day, paper_id: row.id, upvotes: row.upvotes });
    }
  }
  if (papers.size === 0) return { stored: 0, updated: 0 };
  const comments: SQL = listed ? sql.raw('excluded.comments') : sql.raw('papers.comments');
  const rows = await queryRows<{ stored: number | string; updated: number | string }>(
    db,
    sql`
      with input as (
        select * from jsonb_to_recordset(${JSON.stringify([...papers.values()])}::jsonb) as x(
          id text, title text, abstract text, authors text[], published_at timestamptz, upvotes integer,
          comments integer, organization text, github_repo text, github_stars integer, project_page text,
          thumbnail text, ai_summary text, ai_keywords text[], source text)
      ),
      upserted as (
        insert into papers (id, title, abstract, authors, published_at, upvotes, comments, organization,
          github_repo, github_stars, project_page, thumbnail, ai_summary, ai_keywords, keywords_text, source, first_seen_at, updated_at)
        select id, title, abstract, authors, published_at, upvotes, comments, organization, github_repo,
          github_stars, project_page, thumbnail, ai_summary, ai_keywords, array_to_string(ai_keywords, ' '), source,
          ${at.toISOString()}::timestamptz, ${at.toISOString()}::timestamptz
        from input
        -- Rows locked in id order: two instances upserting overlapping batches cannot deadlock.
        order by id
        on conflict (id) do update set
          title = coalesce(nullif(excluded.title, ''), papers.title),
          abstract = coalesce(nullif(excluded.abstract, ''), papers.abstract),
          authors = case when cardinality(excluded.authors) > 0 then excluded.authors else papers.authors end,
          published_at = excluded.published_at,
          upvotes = excluded.upvotes,
          comments = ${comments},
          organization = coalesce(excluded.organization, papers.organization),
          github_repo = coalesce(excluded.github_repo, papers.github_repo),
          github_stars = coalesce(excluded.github_stars, papers.github_stars),
          project_page = coalesce(excluded.project_page, papers.project_page),
          thumbnail = coalesce(excluded.thumbnail, papers.thumbnail),
          ai_summary = coalesce(excluded.ai_summary, papers.ai_summary),
          ai_keywords = case when cardinality(excluded.ai_keywords) > 0 then excluded.ai_keywords else papers.ai_keywords end,
          keywords_text = case when cardinality(excluded.ai_keywords) > 0 then excluded.keywords_text else papers.keywords_text end,
          -- The feed is the richer source: a paper it knows stays an 'hf' paper.
          source = case when papers.source = 'hf' then papers.source else excluded.source end,
          updated_at = excluded.updated_at
        returning id, (xmax = 0) as inserted
      ),
      listed as (
        insert into daily_listings (day, paper_id, upvotes, seen_at)
        select l.day, l.paper_id, l.upvotes, ${at.toISOString()}::timestamptz
        from jsonb_to_recordset(${JSON.stringify([...listings.values()])}::jsonb) as l(day date, paper_id text, upvotes integer)
        join upserted u on u.id = l.paper_id
        order by l.day, l.paper_id
        on conflict (day, paper_id) do update set upvotes = excluded.upvotes, seen_at = excluded.seen_at
        returning 1
      )
      select count(*) filter (where inserted)::int as stored,
             count(*) filter (where not inserted)::int as updated,
             (select count(*) from listed)::int as listings
      from upserted`,
  );
  const row = rows[0];
  return { stored: Number(row?.stored ?? 0), updated: Number(row?.updated ?? 0) };
}

function toJson(paper: Paper): PaperJson | null {
  const id = normalizeArxivId(paper.id);
  if (!id || Number.isNaN(paper.publishedAt.getTime())) return null;
  return {
    id,
    title: paper.title,
    abstract: paper.abstract,
    authors: paper.authors,
    published_at: paper.publishedAt.toISOString(),
    upvotes: clampInt(paper.upvotes),
    comments: clampInt(paper.comments),
    organization: paper.organization,
    github_repo: paper.githubRepo,
    github_stars: paper.githubStars === null ? null : clampInt(paper.githubStars),
    project_page: paper.projectPage,
    thumbnail: paper.thumbnail,
    ai_summary: paper.aiSummary,
    ai_keywords: paper.aiKeywords,
    source: paper.source,
  };
}

/** The same paper twice in one batch (Postgres refuses to update a row twice per statement). */
function mergeJson(older: PaperJson, newer: PaperJson): PaperJson {
  return {
    ...newer,
    authors: newer.authors.length > 0 ? newer.authors : older.authors,
    organization: newer.organization ?? older.organization,
    github_repo: newer.github_repo ?? older.github_repo,
    github_stars: newer.github_stars ?? older.github_stars,
    project_page: newer.project_page ?? older.project_page,
    thumbnail: newer.thumbnail ?? older.thumbnail,
    ai_summary: newer.ai_summary ?? older.ai_summary,
    ai_keywords: newer.ai_keywords.length > 0 ? newer.ai_keywords : older.ai_keywords,
  };
}

function clampInt(value: number): number {
  if (!Number.isFinite(value)) return 0;
  return Math.min(2_147_483_647, Math.max(0, Math.round(value)));
}
