import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '../db/client.js';
import type { SearchResult } from '../ports.js';
import { normalizeArxivId } from './arxiv-id.js';
import { paperColumns, paperFromRow } from './paper-row.js';
import { empty, paging, rankedPage } from './search-pages.js';
import { tsquery } from './search-ranking.js';

// "More like this": the paper's most distinctive title and keyword words, OR-ed into one
// web-search query and ranked like any search, the paper itself left out.

/** Words tried per paper, and how many of the rarest make the query. */
const CANDIDATE_WORDS = 16;
const QUERY_WORDS = 6;
/** Document frequency is counted up to this: beyond it a word is "common" and its exact count is not worth a scan. */
const DF_CAP = 2000;

export async function similarPapers(db: Db, id: string, page: number, pageSize: number): Promise<SearchResult> {
  const paperId = normalizeArxivId(String(id ?? ''));
  if (!paperId) return empty('That does not look like an arXiv id; try one like 2602.23229.');
  const [row] = await queryRows<Record<string, unknown>>(db, sql`select ${paperColumns('p')} from papers p where p.id = ${paperId}`);
  if (!row) return empty(`Paper ${paperId} is not in the store yet.`);
  const paper = paperFromRow(row);

  const words = candidateWords(`${paper.title} ${paper.aiKeywords.join(' ')}`);
  const salient = (await documentFrequencies(db, words))
    // A word only this paper has links it to nothing; words in most papers link it to everything.
    .filter((w) => w.df >= 2)
    .sort((a, b) => a.df - b.df || (a.word < b.word ? -1 : 1))
    .slice(0, QUERY_WORDS)
    .map((w) => w.word);
  if (salient.length === 0) return empty(`Paper ${paperId} shares no distinctive words with other papers.`);

  const { page: p, pageSize: size } = paging(page, pageSize);
  const ranked = await rankedPage(
    db,
    { tsquery: tsquery(salient.join(' or ')), filters: {}, also: sql`p.id <> ${paperId}`, walk: true },
    (p - 1) * size,
    size + 1,
  );
  return { hits: ranked.hits.slice(0, size), hasMore: ranked.hits.length > size, fuzzy: false };
}

/** Distinct lower-case words worth searching for: letters or digits, 3+ characters, not a stop word. */
export function candidateWords(text: string): string[] {
  const words = text.toLowerCase().match(/[\p{L}\p{N}][\p{L}\p{N}-]*[\p{L}\p{N}]/gu) ?? [];
  return [...new Set(words.filter((w) => w.length >= 3 && !COMMON.has(w)))].slice(0, CANDIDATE_WORDS);
}

/**
 * How many papers contain each word (capped at DF_CAP). One statement, one branch per word, each
 * with its word as a bound value, so the planner picks the GIN index or a short scan per word.
 */
async function documentFrequencies(db: Db, words: string[]): Promise<{ word: string; df: number }[]> {
  if (words.length === 0) return [];
  const branches = words.map((word, i) => sql`
    select ${i}::int as i, (select count(*) from (
      select 1 from papers p where p.search @@ ${tsquery(word)} limit ${DF_CAP}) s)::int as df`);
  const rows = await queryRows<{ i: number; df: number }>(db, sql.join(branches, sql` union all `));
  return rows.map((r) => ({ word: words[Number(r.i)] ?? '', df: Number(r.df) })).filter((w) => w.word !== '');
}

// Words a title is full of that say nothing about its subject.
const COMMON = new Set(['the', 'and', 'for', 'with', 'from', 'via', 'towards', 'toward', 'using', 'based', 'into', 'over',
  'are', 'all', 'you', 'your', 'our', 'its', 'not', 'can', 'how', 'what', 'why', 'when', 'new', 'one', 'way']);
