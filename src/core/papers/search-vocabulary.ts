import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '../db/client.js';

// The words recent papers use, for spelling variants: of the hundreds of strings one edit away
// from a typed word, only those some paper uses go to the full-text index. An OR of all of them
// would make the index test every matching paper against hundreds of alternatives (hundreds of
// milliseconds at a million papers); an OR of the two or three real words costs a few.

/** Papers sampled (the newest): enough to hold the field's current vocabulary, quick to read. */
const SAMPLE = 3000;
/** The vocabulary is rebuilt this often; a stale one only misses brand-new words for a while. */
const TTL_MS = 10 * 60_000;

interface Entry {
  at: number;
  words: Promise<Set<string>>;
}

const byDb = new WeakMap<Db, Entry>();

/** Lower-case a-z words (4+ letters) of the newest papers' titles, abstracts and keywords. */
export function recentVocabulary(db: Db): Promise<Set<string>> {
  const entry = byDb.get(db);
  if (entry && Date.now() - entry.at < TTL_MS) return entry.words;
  const words = load(db).catch(() => new Set<string>());
  // While a rebuild runs, searches keep using the previous vocabulary.
  const fresh: Entry = { at: Date.now(), words };
  if (entry) void words.then(() => byDb.set(db, fresh));
  else byDb.set(db, fresh);
  return entry ? entry.words : words;
}

async function load(db: Db): Promise<Set<string>> {
  const rows = await queryRows<{ text: string | null }>(db, sql`
    select p.title || ' ' || p.keywords_text || ' ' || p.abstract as text
    from papers p order by p.published_at desc limit ${SAMPLE}`);
  const words = new Set<string>();
  for (const row of rows) {
    for (const word of (row.text ?? '').toLowerCase().match(/[a-z]{4,}/g) ?? []) words.add(word);
  }
  return words;
}
