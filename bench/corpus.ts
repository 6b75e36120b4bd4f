import { createRng, rngFor, type Rng } from './prng.js';
import { contentWords, readSeedPapers, tokens } from './seed-text.js';

// A synthetic corpus drawn from the real Daily Papers page: abstracts and titles are random walks
// over the page's word bigrams (biased towards one seed paper per synthetic paper, like a topic),
// with invented method and dataset names sprinkled in from a Zipf-distributed vocabulary so that,
// like a real corpus, the vocabulary keeps growing and most names are rare. Deterministic: paper i
// depends only on (seed, i), so the 10k corpus is the first 10k papers of the 1M one.

export interface CorpusPaper {
  id: string;
  title: string;
  abstract: string;
  authors: string[];
  published_at: string;
  upvotes: number;
  comments: number;
  organization: string | null;
  ai_keywords: string[];
  keywords_text: string;
  source: 'hf';
}

export const CORPUS_SEED = 20260609;
/** Papers per day: paper 0 is the newest (2026-06-30), later ones go back in time. */
const PER_DAY = 250;
export const NEWEST = Date.UTC(2026, 5, 30, 12);
const INVENTED_SIZE = 60_000;
const INVENT_PROB = 0.03;

type Chain = Map<string, string[]>;

export interface CorpusModel {
  topics: { chain: Chain; starts: string[]; titleChain: Chain; titleStarts: string[] }[];
  chain: Chain;
  titleChain: Chain;
  invented: string[];
  surnames: string[];
  firstNames: string[];
  orgs: string[];
  /** Distinct content words of the seed page, most frequent first (query material). */
  seedWords: string[];
  /** Two-word title phrases from the seed page (query material). */
  seedPhrases: string[];
}

export function buildModel(): CorpusModel {
  const seeds = readSeedPapers();
  const chain: Chain = new Map();
  const titleChain: Chain = new Map();
  const topics = seeds.map((seed) => {
    const words = tokens(seed.abstract);
    const titleWords = tokens(seed.title);
    const topic = { chain: new Map() as Chain, starts: [] as string[], titleChain: new Map() as Chain, titleStarts: [titleWords[0] ?? 'A'] };
    words.forEach((word, i) => {
      if (i === 0 || (words[i - 1] ?? '').endsWith('.')) topic.starts.push(word);
      const following = words[i + 1];
      if (following) for (const c of [chain, topic.chain]) push(c, word, following);
    });
    titleWords.forEach((word, i) => {
      const following = titleWords[i + 1];
      if (following) for (const c of [titleChain, topic.titleChain]) push(c, word, following);
    });
    return topic;
  });
  const counts = new Map<string, number>();
  for (const seed of seeds) for (const w of contentWords(`${seed.title} ${seed.abstract}`, 5)) counts.set(w, (counts.get(w) ?? 0) + 1);
  const seedPhrases = new Set<string>();
  for (const seed of seeds) {
    const words = seed.title.toLowerCase().split(/[^a-z-]+/).filter((w) => w.length > 3);
    for (let i = 0; i + 1 < words.length; i++) seedPhrases.add(`${words[i]} ${words[i + 1]}`);
  }
  const nameRng = createRng(CORPUS_SEED ^ 0x5eed);
  return {
    topics,
    chain,
    titleChain,
    invented: uniqueNames(nameRng, INVENTED_SIZE, true),
    surnames: [...SURNAMES, ...uniqueNames(nameRng, 3000, false)],
    firstNames: FIRST_NAMES,
    orgs: ORGS,
    seedWords: [...counts.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([w]) => w),
    seedPhrases: [...seedPhrases].sort(),
  };
}

export function generatePaper(model: CorpusModel, index: number, seed = CORPUS_SEED): CorpusPaper {
  const rng = rngFor(seed, index);
  const topic = rng.pick(model.topics);
  const abstract = walk(rng, model, topic.chain, model.chain, rng.pick(topic.starts), 110 + rng.int(130), true);
  const titleBody = walk(rng, model, topic.titleChain, model.titleChain, rng.pick(topic.titleStarts), 5 + rng.int(9), false)
    .replace(/[.,;:]+$/, '');
  const title = rng.next() < 0.4 ? `${capitalize(model.invented[rng.zipf(model.invented.length)] ?? 'Net')}: ${titleBody}` : titleBody;
  const published = new Date(NEWEST - Math.floor((index / PER_DAY) * 86_400_000) - rng.int(3_600_000));
  const authorCount = 1 + rng.int(8);
  const authors = Array.from({ length: authorCount }, () =>
    `${rng.pick(model.firstNames)} ${capitalize(model.surnames[rng.zipf(model.surnames.length)] ?? 'Smith')}`);
  const pool = [...new Set(contentWords(abstract, 6))];
  const keywords = Array.from({ length: Math.min(pool.length, 3 + rng.int(3)) }, () => pool[rng.int(pool.length)] ?? '')
    .filter((w, i, all) => w !== '' && all.indexOf(w) === i);
  const yymm = published.toISOString().slice(2, 7).replace('-', '');
  return {
    id: `${yymm}.${String(index % 100_000).padStart(5, '0')}`,
    title,
    abstract,
    authors,
    published_at: published.toISOString(),
    // Heavy-tailed like the feed: most papers have a handful of upvotes, a few hundreds.
    upvotes: Math.floor(Math.pow(rng.next(), 4) * 600),
    comments: rng.int(12),
    organization: rng.next() < 0.5 ? null : rng.pick(model.orgs),
    ai_keywords: keywords,
    keywords_text: keywords.join(' '),
    source: 'hf',
  };
}

function walk(rng: Rng, model: CorpusModel, local: Chain, global: Chain, start: string, length: number, invent: boolean): string {
  const out: string[] = [];
  let word = start;
  let guard = 0;
  while (out.length < length && guard++ < length * 4) {
    const plain = /^[a-z]{5,}$/.test(word);
    out.push(invent && plain && rng.next() < INVENT_PROB ? (model.invented[rng.zipf(model.invented.length)] ?? word) : word);
    const next = (rng.next() < 0.7 ? local.get(word) : undefined) ?? global.get(word);
    word = next ? rng.pick(next) : rng.pick(model.topics).starts[0] ?? 'We';
  }
  const text = out.join(' ');
  return invent && !/[.!?]$/.test(text) ? `${text}.` : text;
}

function push(chain: Chain, key: string, value: string): void {
  const list = chain.get(key);
  if (list) list.push(value);
  else chain.set(key, [value]);
}

/** Pronounceable invented names ("Velorin", "kestrafuse"); method-like ones get a capital. */
function uniqueNames(rng: Rng, count: number, methodLike: boolean): string[] {
  const onsets = ['b', 'c', 'd', 'f', 'g', 'h', 'k', 'l', 'm', 'n', 'p', 'qu', 'r', 's', 't', 'v', 'z', 'br', 'tr', 'st', 'gr', 'pl', 'sh', 'ch'];
  const vowels = ['a', 'e', 'i', 'o', 'u', 'ai', 'ou', 'io', 'ea'];
  const codas = ['', 'n', 'r', 'x', 'm', 'l', 's', 'rt', 'nd', 'ng'];
  const names = new Set<string>();
  while (names.size < count) {
    const syllables = 2 + rng.int(methodLike ? 3 : 2);
    let name = '';
    for (let s = 0; s < syllables; s++) name += rng.pick(onsets) + rng.pick(vowels) + (s === syllables - 1 ? rng.pick(codas) : '');
    names.add(methodLike && rng.next() < 0.5 ? capitalize(name) : name);
  }
  return [...names];
}

function capitalize(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

const FIRST_NAMES = ['Wei', 'Yann', 'Ada', 'Li', 'Maria', 'Jun', 'Sara', 'Ahmed', 'Olga', 'Kenji', 'Priya', 'Lucas', 'Mei',
  'Omar', 'Anna', 'Ravi', 'Chen', 'Elena', 'Tom', 'Hana', 'Ivan', 'Fatima', 'Noah', 'Yuki', 'Diego', 'Sofia', 'Amir', 'Lena'];
const SURNAMES = ['zhang', 'wang', 'li', 'liu', 'chen', 'yang', 'huang', 'zhao', 'wu', 'zhou', 'kim', 'lee', 'park', 'smith',
  'garcia', 'muller', 'rossi', 'tanaka', 'sato', 'kumar', 'singh', 'ivanov', 'nguyen', 'cohen', 'dubois', 'silva', 'hinton',
  'lecun', 'bengio', 'hopper', 'lovelace', 'turing', 'dijkstra', 'karpathy', 'sutskever', 'schmidhuber'];
const ORGS = ['Google', 'Google DeepMind', 'Meta AI', 'Microsoft Research', 'NVIDIA', 'OpenAI', 'Anthropic', 'Hugging Face',
  'Alibaba Qwen', 'DeepSeek', 'Tsinghua University', 'Peking University', 'Stanford University', 'MIT', 'CMU',
  'UC Berkeley', 'ETH Zurich', 'Mila', 'Allen Institute for AI', 'ByteDance Seed', 'Tencent', 'Apple', 'Samsung', 'KAIST',
  'University of Oxford', 'University of Toronto', 'Shanghai AI Lab', 'Mistral AI', 'Cohere', 'Salesforce AI'];
