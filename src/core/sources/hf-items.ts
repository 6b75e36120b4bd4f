import { normalizeArxivId } from '../papers/arxiv-id.js';
import type { Paper } from '../papers/paper.js';
import type { ListedPaper } from '../ports.js';
import { hfDailyItemSchema, hfPaperSchema, type HfOrganization, type HfPaper } from './hf-schema.js';

// Daily Papers payloads -> Paper. Shared by the HTTP source and `ingest --file`, so a file in the
// API's format is read exactly like the API.

export interface ParsedItems {
  items: ListedPaper[];
  /** Items that failed validation (or had no usable arXiv id), skipped whole. */
  skipped: number;
  /** Why the first few were skipped, for the log. */
  problems: string[];
}

const MAX_PROBLEMS = 5;

/**
 * Validates every element of a daily_papers array. `day` lists them all on one day (the API's
 * `date`); without it each item is listed on its submittedOnDailyAt day, else its publishedAt day.
 */
export function parseDailyItems(elements: unknown[], day?: string): ParsedItems {
  const out: ParsedItems = { items: [], skipped: 0, problems: [] };
  elements.forEach((element, index) => {
    const parsed = hfDailyItemSchema.safeParse(element);
    const paper = parsed.success ? hfToPaper(parsed.data.paper, parsed.data) : null;
    if (!parsed.success || !paper) {
      out.skipped += 1;
      if (out.problems.length < MAX_PROBLEMS) {
        out.problems.push(`item ${index}: ${parsed.success ? 'no usable arXiv id' : summarizeIssues(parsed.error.issues)}`);
      }
      return;
    }
    const itemDay = day ?? utcDay(parsed.data.paper.submittedOnDailyAt ?? parsed.data.publishedAt ?? parsed.data.paper.publishedAt);
    out.items.push({ paper, day: itemDay });
  });
  return out;
}

/** The bare paper object of /api/papers/{id}; null when it is not a valid paper. */
export function parseHfPaper(body: unknown): Paper | null {
  const parsed = hfPaperSchema.safeParse(body);
  return parsed.success ? hfToPaper(parsed.data, {}) : null;
}

interface ItemExtras {
  thumbnail?: string | null | undefined;
  numComments?: number | null | undefined;
  organization?: HfOrganization | null | undefined;
}

function hfToPaper(paper: HfPaper, item: ItemExtras): Paper | null {
  const id = normalizeArxivId(paper.id);
  if (!id) return null;
  const organization = item.organization ?? paper.organization;
  return {
    id,
    title: paper.title.replace(/\s+/g, ' ').trim(),
    abstract: paper.summary.trim(),
    authors: paper.authors.map((a) => a.name.trim()).filter((name) => name !== ''),
    publishedAt: new Date(paper.publishedAt),
    upvotes: paper.upvotes,
    comments: item.numComments ?? paper.numComments ?? 0,
    organization: orgName(organization),
    githubRepo: githubUrl(paper.githubRepo),
    githubStars: paper.githubStars ?? null,
    projectPage: httpUrl(paper.projectPage),
    thumbnail: httpUrl(item.thumbnail ?? paper.thumbnail),
    aiSummary: paper.ai_summary?.trim() || null,
    aiKeywords: [...new Set((paper.ai_keywords ?? []).map((k) => k.trim()).filter((k) => k !== ''))],
    source: 'hf',
  };
}

function orgName(org: HfOrganization | null | undefined): string | null {
  return org?.fullname?.trim() || org?.name?.trim() || null;
}

/** githubRepo is a full URL in real payloads; an "owner/repo" shorthand is accepted too. */
function githubUrl(value: string | null | undefined): string | null {
  const text = value?.trim();
  if (!text) return null;
  if (/^[\w.-]+\/[\w.-]+$/.test(text)) return `https://github.com/${text}`;
  return httpUrl(text);
}

function httpUrl(value: string | null | undefined): string | null {
  const text = value?.trim();
  if (!text) return null;
  try {
    const url = new URL(text);
    return url.protocol === 'https:' || url.protocol === 'http:' ? text : null;
  } catch {
    return null;
  }
}

function utcDay(iso: string): string {
  return new Date(iso).toISOString().slice(0, 10);
}

function summarizeIssues(issues: { path: PropertyKey[]; message: string }[]): string {
  return issues
    .slice(0, 3)
    .map((issue) => `${issue.path.map(String).join('.') || '(item)'}: ${issue.message}`)
    .join('; ');
}
