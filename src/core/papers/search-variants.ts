import { sql, type SQL } from 'drizzle-orm';
import { tsquery } from './search-ranking.js';

// Typo tolerance through the full-text index: the words one edit away from a typed word (a
// letter dropped, doubled, swapped, replaced or added) that recent papers use are searched for
// alongside it: `difusion` finds diffusion papers in a few milliseconds at a million papers,
// where trigram matching over every title costs tens.

/** Words shorter than this are left alone: one edit away from "gan" is half the dictionary. */
const MIN_LENGTH = 4;
/** Longer words are left alone too: the variants list would be long and typos there are rare. */
const MAX_LENGTH = 24;
const ALPHABET = 'abcdefghijklmnopqrstuvwxyz';

/** The word and every a-z word one edit away from it (Norvig's edits1). Empty for words not worth it. */
export function spellingVariants(word: string): string[] {
  const w = word.toLowerCase();
  if (w.length < MIN_LENGTH || w.length > MAX_LENGTH || !/^[a-z]+$/.test(w)) return [];
  const out = new Set<string>([w]);
  for (let i = 0; i <= w.length; i++) {
    const [head, tail] = [w.slice(0, i), w.slice(i)];
    if (tail) out.add(head + tail.slice(1));
    if (tail.length > 1) out.add(head + tail.charAt(1) + tail.charAt(0) + tail.slice(2));
    for (const c of ALPHABET) {
      if (tail) out.add(head + c + tail.slice(1));
      out.add(head + c + tail);
    }
  }
  return [...out];
}

/**
 * A tsquery matching papers that contain, for every typed word, the word or one of its known
 * variants (each word's alternatives OR-ed by websearch_to_tsquery, the words AND-ed with &&),
 * and the quoted phrases as typed. Null when no word has a known variant.
 */
export function variantsTsquery(words: string, phrases: string, known: ReadonlyMap<string, number>): SQL | null {
  const list = words.split(/\s+/).filter((w) => w !== '');
  const alternatives = list.map((w) => [w, ...spellingVariants(w).filter((v) => v !== w.toLowerCase() && known.has(v))]);
  if (!alternatives.some((a) => a.length > 1)) return null;
  const parts = alternatives.map((a) => tsquery(a.join(' or ')));
  if (phrases !== '') parts.push(tsquery(phrases));
  return sql.join(parts, sql` && `);
}
