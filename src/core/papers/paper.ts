// The paper model every part of Paperboy shares: the store returns it, adapters render it.

export interface Paper {
  /** arXiv id without version suffix, e.g. 2602.23229. */
  id: string;
  title: string;
  abstract: string;
  authors: string[];
  publishedAt: Date;
  upvotes: number;
  comments: number;
  organization: string | null;
  githubRepo: string | null;
  githubStars: number | null;
  projectPage: string | null;
  thumbnail: string | null;
  aiSummary: string | null;
  aiKeywords: string[];
  source: 'hf' | 'arxiv';
}

/** Links a card shows, derived from the id (never stored, never user-supplied). */
export function paperLinks(paper: Pick<Paper, 'id' | 'githubRepo' | 'projectPage'>): {
  hf: string;
  arxiv: string;
  pdf: string;
  github: string | null;
  project: string | null;
} {
  return {
    hf: `https://huggingface.co/papers/${paper.id}`,
    arxiv: `https://arxiv.org/abs/${paper.id}`,
    pdf: `https://arxiv.org/pdf/${paper.id}`,
    github: safeHttpUrl(paper.githubRepo),
    project: safeHttpUrl(paper.projectPage),
  };
}

function safeHttpUrl(value: string | null): string | null {
  if (!value) return null;
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.toString() : null;
  } catch {
    return null;
  }
}

/** The summary a card shows: the feed's AI summary when present, else the abstract's opening sentences. */
export function cardSummary(paper: Pick<Paper, 'aiSummary' | 'abstract'>, maxChars: number): string {
  const source = paper.aiSummary?.trim() || openingSentences(paper.abstract, maxChars);
  return cutClean(source.replace(/\s+/g, ' '), maxChars);
}

// Unicode sentence breaks (ICU) already keep decimals ("3.4B") and lowercase continuations
// ("i.i.d. and") inside a sentence; what they still break after is an abbreviation or an initial
// followed by a capital or a digit ("e.g. BERT", "Fig. 3", "J. Smith"), so those are joined back.
const sentenceSegmenter = new Intl.Segmenter('en', { granularity: 'sentence' });
const ENDS_WITH_ABBREVIATION = /(?:\b(?:e\.g|i\.e|et al|cf|vs|viz|fig|figs|eq|eqs|sec|secs|tab|no|nos|approx|resp|ref|refs|incl|dr|prof|mr|ms|st)\.|(?:^|[\s(])[A-Z]\.)\s*$/i;

/** The text's sentences, whole: never cut inside a number or after an abbreviation. */
export function sentences(text: string): string[] {
  const out: string[] = [];
  let pending = '';
  for (const { segment } of sentenceSegmenter.segment(text)) {
    pending += segment;
    if (ENDS_WITH_ABBREVIATION.test(pending)) continue;
    out.push(pending);
    pending = '';
  }
  if (pending) out.push(pending);
  return out;
}

function openingSentences(text: string, maxChars: number): string {
  const clean = text.replace(/\s+/g, ' ').trim();
  let out = '';
  for (const s of sentences(clean)) {
    if ((out + s).length > maxChars) break;
    out += s;
  }
  return (out || clean).trim();
}

/**
 * Cuts text at a word boundary at or below max characters, adding an ellipsis when cut.
 * Line breaks are kept (lists in replies); other runs of whitespace become one space.
 */
export function cutClean(text: string, max: number): string {
  const clean = text
    .replace(/[^\S\n]+/g, ' ')
    .replace(/ *\n */g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  const chars = [...clean];
  if (chars.length <= max) return clean;
  const slice = chars.slice(0, Math.max(0, max - 1)).join('');
  const lastSpace = slice.lastIndexOf(' ');
  const cut = lastSpace > max * 0.6 ? slice.slice(0, lastSpace) : slice;
  return `${cut.replace(/[\s,;:.-]+$/, '')}…`;
}

/** "A. Author, B. Author, C. Author et al." */
export function authorLine(authors: string[], shown = 3): string {
  if (authors.length === 0) return 'Unknown authors';
  if (authors.length <= shown) return authors.join(', ');
  return `${authors.slice(0, shown).join(', ')} et al.`;
}
