import type { Terms } from './search-terms.js';

// Typo tolerance through the full-text index: the words one edit away from a typed word (a
// letter dropped, doubled, swapped, replaced or added) that recent papers use are searched for
// alongside it: `difusion` finds diffusion papers in a few milliseconds at a million papers,
// where trigram matching over every title costs tens.

/** Words shorter than this are left alone: one edit away from "gan" is half the dictionary. */
const MIN_LENGTH = 4;
/** Longer words are left alone too: the variants list would be long and typos there are rare. */
const MAX_LENGTH = 24;
/** Variants kept per word, the most used first: a long OR makes every index test slower. */
const MAX_VARIANTS = 12;
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
 * The terms with every single-word alternative widened to itself or its variants more papers use
 * (`difusion` -> `difusion or diffusion`); phrases and exclusions as typed. Null when no word has
 * such a variant.
 */
export function spellingTerms(terms: Terms, known: ReadonlyMap<string, number>): Terms | null {
  let widened = false;
  const clauses = terms.clauses.map((clause) => clause.flatMap((text) => {
    if (/\s/.test(text)) return [text];
    const variants = spellingVariants(text)
      // Only variants more papers use than the typed word: the typo is the rarer spelling.
      .filter((v) => v !== text.toLowerCase() && (known.get(v) ?? 0) > (known.get(text.toLowerCase()) ?? 0))
      .sort((a, b) => (known.get(b) ?? 0) - (known.get(a) ?? 0))
      .slice(0, MAX_VARIANTS);
    if (variants.length > 0) widened = true;
    return [text, ...variants];
  }));
  return widened ? { ...terms, clauses } : null;
}
