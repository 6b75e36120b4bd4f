import { sql, type SQL } from 'drizzle-orm';
import type { Paper } from './paper.js';

// Raw SQL rows (snake_case, drivers differ on dates and bigints) -> Paper.

/** The select list for a Paper from `papers` aliased as `alias`. */
export function paperColumns(alias = 'p'): SQL {
  return sql.raw(
    ['id', 'title', 'abstract', 'authors', 'published_at', 'upvotes', 'comments', 'organization', 'github_repo',
      'github_stars', 'project_page', 'thumbnail', 'ai_summary', 'ai_keywords', 'source']
      .map((c) => `${alias}.${c}`)
      .join(', '),
  );
}

export function paperFromRow(row: Record<string, unknown>): Paper {
  return {
    id: String(row.id),
    title: String(row.title ?? ''),
    abstract: String(row.abstract ?? ''),
    authors: toStringArray(row.authors),
    publishedAt: toDate(row.published_at ?? row.publishedAt),
    upvotes: Number(row.upvotes ?? 0),
    comments: Number(row.comments ?? 0),
    organization: toNullableString(row.organization),
    githubRepo: toNullableString(row.github_repo ?? row.githubRepo),
    githubStars: row.github_stars == null && row.githubStars == null ? null : Number(row.github_stars ?? row.githubStars),
    projectPage: toNullableString(row.project_page ?? row.projectPage),
    thumbnail: toNullableString(row.thumbnail),
    aiSummary: toNullableString(row.ai_summary ?? row.aiSummary),
    aiKeywords: toStringArray(row.ai_keywords ?? row.aiKeywords),
    source: row.source === 'arxiv' ? 'arxiv' : 'hf',
  };
}

export function toDate(value: unknown): Date {
  if (value instanceof Date) return value;
  if (typeof value === 'string' || typeof value === 'number') {
    // Postgres text form "2026-11-26 17:00:00+00" parses once the space becomes a T.
    const text =
      typeof value === 'string' && /^\d{4}-\d{2}-\d{2} /.test(value)
        ? value.replace(' ', 'T').replace(/([+-]\d{2})$/, '$1:00')
        : value;
    const d = new Date(text);
    if (!Number.isNaN(d.getTime())) return d;
  }
  return new Date(0);
}

/** A date column (YYYY-MM-DD) whichever way the driver returned it. */
export function toDay(value: unknown): string {
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  return String(value).slice(0, 10);
}

function toNullableString(value: unknown): string | null {
  return value === null || value === undefined || value === '' ? null : String(value);
}

/** A text[] column whichever way the driver returned it (array, or a Postgres array literal). */
export function toStringArray(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(String);
  if (typeof value === 'string' && value.startsWith('{')) {
    // Postgres array literal, when a driver leaves it unparsed.
    const inner = value.slice(1, -1);
    if (inner === '') return [];
    return inner.match(/"((?:[^"\\]|\\.)*)"|[^,]+/g)?.map((s) => s.replace(/^"|"$/g, '').replace(/\\(.)/g, '$1')) ?? [];
  }
  return [];
}
