import { generatePaper, type CorpusModel } from './corpus.js';
import { createRng, type Rng } from './prng.js';

// The 270 benchmark queries, drawn with a fixed seed from the seed page's vocabulary, the corpus's
// invented names and (the relevance benchmark's known-item kinds) papers of the corpus's first 10k,
// which every corpus size holds, so every run and every corpus size uses the same list.

export type QueryKind = 'word' | 'name' | 'phrase' | 'boolean' | 'typo' | 'filter' | 'title' | 'author' | 'abstract';

export interface BenchQuery {
  kind: QueryKind;
  /** What a user types after `/papers search`. */
  text: string;
  /** The substring the ILIKE baseline scans for. */
  scan: string;
}

const MIX: [QueryKind, number][] = [['word', 50], ['name', 20], ['phrase', 40], ['boolean', 20], ['typo', 40], ['filter', 30],
  ['title', 30], ['author', 20], ['abstract', 20]];
/** Known-item targets come from the papers every corpus size holds. */
const TARGETS = 10_000;

export function benchQueries(model: CorpusModel, seed = 7): BenchQuery[] {
  const rng = createRng(seed);
  // Words spread evenly over the seed page's frequency list, from "models" down to one-off words.
  const words = model.seedWords.filter((w) => !w.includes('-') && w.length >= 5);
  const spread = (i: number, n: number): string => words[Math.floor((i * words.length) / n)] ?? 'model';
  const queries: BenchQuery[] = [];
  for (const [kind, count] of MIX) {
    for (let i = 0; i < count; i++) queries.push(make(kind, i, count, rng, model, spread));
  }
  return queries;
}

function make(kind: QueryKind, i: number, n: number, rng: Rng, model: CorpusModel, spread: (i: number, n: number) => string): BenchQuery {
  switch (kind) {
    case 'word': {
      const word = spread(i, n);
      return { kind, text: word, scan: word };
    }
    case 'name': {
      // Invented method names: frequent ones and long-tail ones, as the corpus has them.
      const name = model.invented[rng.zipf(model.invented.length)] ?? 'Velorin';
      return { kind, text: name, scan: name };
    }
    case 'phrase': {
      const phrase = rng.pick(model.seedPhrases);
      return { kind, text: `"${phrase}"`, scan: phrase };
    }
    case 'boolean': {
      const a = spread(rng.int(n * 4), n * 4);
      const b = spread(rng.int(n * 4), n * 4);
      return i % 2 === 0 ? { kind, text: `${a} or ${b}`, scan: a } : { kind, text: `${a} -${b}`, scan: a };
    }
    case 'typo': {
      let word = spread(rng.int(n * 2), n * 2);
      // Typos of long words: a two-letter slip in a five-letter word is a different word.
      while (word.length < 7) word = spread(rng.int(n * 2), n * 2);
      const typo = misspell(word, rng);
      return { kind, text: typo, scan: typo };
    }
    case 'filter': {
      const word = spread(rng.int(n * 3), n * 3);
      const filters = [
        `author:${model.surnames[rng.zipf(40)] ?? 'zhang'}`,
        `org:"${rng.pick(model.orgs)}"`,
        `since:${2016 + rng.int(10)}-${String(1 + rng.int(12)).padStart(2, '0')}-01`,
      ];
      return { kind, text: `${word} ${filters[i % 3] ?? ''}`, scan: word };
    }
    case 'title': {
      // Two to four words of one paper's title, in order (a half-remembered title).
      const words = plainWords(generatePaper(model, rng.int(TARGETS)).title);
      const start = rng.int(Math.max(1, words.length - 3));
      const text = words.slice(start, start + 2 + rng.int(3)).join(' ') || 'model';
      return { kind, text, scan: words[start] ?? 'model' };
    }
    case 'author': {
      // A surname of one paper's authors and one word of its title.
      const paper = generatePaper(model, rng.int(TARGETS));
      const surname = (rng.pick(paper.authors).split(' ').pop() ?? 'zhang').toLowerCase();
      return { kind, text: `${surname} ${rng.pick(plainWords(paper.title).concat('model'))}`, scan: surname };
    }
    case 'abstract': {
      // Three words of one paper's abstract, in order (its gist).
      const words = plainWords(generatePaper(model, rng.int(TARGETS)).abstract);
      const start = rng.int(Math.max(1, words.length - 8));
      const text = [words[start], words[start + 3], words[start + 7]].filter(Boolean).join(' ') || 'model';
      return { kind, text, scan: words[start] ?? 'model' };
    }
  }
}

/** One edit a fast typist makes: a dropped, doubled or swapped letter inside the word (a swap of two equal letters drops one instead, so the word always changes). */
export function misspell(word: string, rng: Rng): string {
  const at = 1 + rng.int(word.length - 2);
  switch (rng.int(3)) {
    case 0:
      return word.slice(0, at) + word.slice(at + 1);
    case 1:
      return word.slice(0, at) + word.charAt(at) + word.slice(at);
    default: {
      const swapped = word.slice(0, at) + word.charAt(at + 1) + word.charAt(at) + word.slice(at + 2);
      return swapped === word ? word.slice(0, at) + word.slice(at + 1) : swapped;
    }
  }
}

/** Lower-case words of 5+ letters (content words, mostly). */
function plainWords(text: string): string[] {
  return text.toLowerCase().match(/[a-z]{5,}/g) ?? [];
}
