import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '../db/client.js';

// How many papers use each lexeme, for inverse document frequency: a query's rare words say more
// about the paper meant than its common ones ("Fauber accurate": Fauber). Counted with ts_stat
// over the stored vectors of a sample (the newest papers), so the counts are of the very lexemes
// the index holds. A lexeme the sample lacks counts as the rarest: rare words are exactly those.

/** Papers sampled: the whole store up to this size, the newest beyond it. */
const SAMPLE = 20_000;
/** Rebuilt this often (an age, read from performance.now(), not the date); stale counts only shift weights a little. */
const TTL_MS = 10 * 60_000;

export interface Lexicon {
  /** Papers in the sample. */
  papers: number;
  counts: Map<string, number>;
  /**
   * The same for the names vectors (authors, organisation, and '>'-prefixes of their words): how
   * common an author, organisation or author:/org: prefix is.
   */
  names: Map<string, number>;
  /** And for the titles' own vectors: how many titles a word is in. */
  titles: Map<string, number>;
  /** Papers in the store (the planner's estimate, at least the sample). */
  store: number;
}

const byDb = new WeakMap<Db, { at: number; lexicon: Promise<Lexicon> }>();

export function lexicon(db: Db): Promise<Lexicon> {
  const entry = byDb.get(db);
  if (entry && performance.now() - entry.at < TTL_MS) return entry.lexicon;
  const none = (): Lexicon => ({ papers: 0, counts: new Map(), names: new Map(), titles: new Map(), store: 0 });
  const fresh = { at: performance.now(), lexicon: load(db).catch(none) };
  // While a rebuild runs, searches keep the previous counts.
  if (entry) void fresh.lexicon.then(() => byDb.set(db, fresh));
  else byDb.set(db, fresh);
  return entry ? entry.lexicon : fresh.lexicon;
}

/** BM25's inverse document frequency of a lexeme (always above 0). */
export function idf(lex: Lexicon, lexeme: string): number {
  const n = lex.counts.get(lexeme) ?? 0;
  const total = Math.max(lex.papers, n, 1);
  return Math.log(1 + (total - n + 0.5) / (n + 0.5));
}

async function load(db: Db): Promise<Lexicon> {
  // ts_stat runs the inner statement itself; its text is a constant, never user input.
  // The weighted vector's text fields only (weights A-C: the names in it, D, are counted apart;
  // with weights given, ts_stat skips words without positions, such as the names' '>' prefixes).
  const stat = (column: string, weights?: string) => {
    const query = `select ${column} from papers order by published_at desc limit ${SAMPLE}`;
    return queryRows<{ word: string; ndoc: number }>(db, sql`select s.word, s.ndoc::int as ndoc
      from ${weights === undefined ? sql`ts_stat(${query})` : sql`ts_stat(${query}, ${weights})`} as s`);
  };
  const words = await stat('search', 'ABC');
  const names = await stat('names');
  const titles = await stat('title_words');
  const [size] = await queryRows<{ papers: number; store: number }>(db, sql`
    select (select least(count(*), ${SAMPLE})::int from (select 1 from papers limit ${SAMPLE}) as s) as papers,
      (select greatest(reltuples, 0)::float8 from pg_class where oid = 'papers'::regclass) as store`);
  const count = (rows: { word: string; ndoc: number }[]) => new Map(rows.map((r) => [r.word, Number(r.ndoc)] as const));
  const papers = Number(size?.papers ?? 0);
  const store = Math.max(papers, Number(size?.store ?? 0));
  return { papers, counts: count(words), names: count(names), titles: count(titles), store };
}
