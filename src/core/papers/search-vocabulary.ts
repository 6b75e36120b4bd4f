import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '../db/client.js';

// The words recent papers use, and in how many of them. Spelling variants: of the hundreds of
// strings one edit away from a typed word, only those some paper uses go to the full-text index
// (an OR of all of them makes the index test every matching paper against hundreds of
// alternatives: hundreds of milliseconds at a million papers). Similar papers: the rarer a word,
// the more it says about a paper.

/**
 * Papers sampled (the newest): the whole store up to this size, so a typo of an old paper's word
 * is corrected too; beyond it, the field's vocabulary. Read once per TTL, in the background.
 */
const SAMPLE = 20_000;
/** Rebuilt this often (elapsed time, not the date); a stale vocabulary only misses brand-new words for a while. */
const TTL_MS = 10 * 60_000;

/** Word -> how many of the sampled papers use it. */
export type Vocabulary = Map<string, number>;

interface Entry {
  at: number;
  words: Promise<Vocabulary>;
}

const byDb = new WeakMap<Db, Entry>();

/** Lower-case a-z words (3+ letters) of the newest papers' titles, abstracts and keywords. */
export function recentVocabulary(db: Db): Promise<Vocabulary> {
  const entry = byDb.get(db);
  if (entry && performance.now() - entry.at < TTL_MS) return entry.words;
  const words = load(db).catch((): Vocabulary => new Map());
  // While a rebuild runs, searches keep using the previous vocabulary.
  const fresh: Entry = { at: performance.now(), words };
  if (entry) void words.then(() => byDb.set(db, fresh));
  else byDb.set(db, fresh);
  return entry ? entry.words : words;
}

async function load(db: Db): Promise<Vocabulary> {
  const rows = await queryRows<{ text: string | null }>(db, sql`
    select p.title || ' ' || p.keywords_text || ' ' || p.abstract as text
    from papers p order by p.published_at desc limit ${SAMPLE}`);
  const words: Vocabulary = new Map();
  for (const row of rows) {
    for (const word of new Set((row.text ?? '').toLowerCase().match(/[a-z]{3,}/g) ?? [])) {
      words.set(word, (words.get(word) ?? 0) + 1);
    }
  }
  return words;
}
