import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '../db/client.js';
import type { SearchResult } from '../ports.js';
import { normalizeArxivId } from './arxiv-id.js';
import { paperColumns, paperFromRow } from './paper-row.js';
import { empty, paging, rankedPage } from './search-pages.js';
import { planQuery } from './search-plan.js';
import { recentVocabulary } from './search-vocabulary.js';

// "More like this": the paper's most distinctive title and keyword words (the ones fewest recent
// papers use), any of them enough to match, and ranked like any search, the paper itself left
// out. Word counts come from the recent-vocabulary sample, so no count runs over the whole store.

/** Words tried per paper, and how many of the rarest make the query. */
const CANDIDATE_WORDS = 16;
const QUERY_WORDS = 6;

export async function similarPapers(db: Db, id: string, page: number, pageSize: number, now: Date): Promise<SearchResult> {
  const paperId = normalizeArxivId(String(id ?? ''));
  if (!paperId) return empty('That does not look like an arXiv id; try one like 2602.23229.');
  const [row] = await queryRows<Record<string, unknown>>(db, sql`select ${paperColumns('p')} from papers p where p.id = ${paperId}`);
  if (!row) return empty(`Paper ${paperId} is not in the store yet.`);
  const paper = paperFromRow(row);

  const vocabulary = await recentVocabulary(db);
  const salient = candidateWords(`${paper.title} ${paper.aiKeywords.join(' ')}`)
    // Words no sampled paper uses may be this paper's alone; they go last, not first.
    .map((word) => ({ word, uses: vocabulary.get(word) ?? Number.MAX_SAFE_INTEGER }))
    .sort((a, b) => a.uses - b.uses || (a.word < b.word ? -1 : 1))
    .slice(0, QUERY_WORDS)
    .map((w) => w.word);
  if (salient.length === 0) return empty(`Paper ${paperId} has no words to compare with other papers.`);

  const { page: p, pageSize: size } = paging(page, pageSize);
  // Each word its own clause, any of them enough: papers sharing more (and rarer) words rank higher.
  const plan = await planQuery(db, { clauses: salient.map((w) => [w]), excluded: [], typed: [] }, true);
  const ranked = await rankedPage(db, { plan, filters: {}, also: sql`p.id <> ${paperId}`, now }, (p - 1) * size, size + 1);
  return { hits: ranked.hits.slice(0, size), hasMore: ranked.hits.length > size, fuzzy: false };
}

/** Distinct lower-case words worth searching for: letters or digits, 3+ characters, not a stop word. */
export function candidateWords(text: string): string[] {
  const words = text.toLowerCase().match(/[\p{L}\p{N}][\p{L}\p{N}-]*[\p{L}\p{N}]/gu) ?? [];
  return [...new Set(words.filter((w) => w.length >= 3 && !COMMON.has(w)))].slice(0, CANDIDATE_WORDS);
}

// Words a title is full of that say nothing about its subject.
const COMMON = new Set(['the', 'and', 'for', 'with', 'from', 'via', 'towards', 'toward', 'using', 'based', 'into', 'over',
  'are', 'all', 'you', 'your', 'our', 'its', 'not', 'can', 'how', 'what', 'why', 'when', 'new', 'one', 'way']);
