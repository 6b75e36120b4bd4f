// Turns what a user typed after `/papers search` into full-text terms and filters. Pure: no I/O.
// The terms stay in web-search syntax ("phrases", or, -exclusion) because they go, as a bound
// parameter, to Postgres' websearch_to_tsquery, which never raises on any input.

export interface SearchQuery {
  /** Web-search style text for websearch_to_tsquery; '' when only filters were given. */
  terms: string;
  /** Case-insensitive substring of one author's name. */
  author?: string;
  /** Case-insensitive substring of the organization. */
  org?: string;
  /** YYYY-MM-DD: papers published on or after this UTC day. */
  since?: string;
  /** Set when the text cannot be searched; say it to the user. */
  problem?: string;
}

/** Longest text we look at, in characters after cleaning: longer input is cut, not refused. */
export const MAX_QUERY_CHARS = 500;

export const SEARCH_EXAMPLE = 'e.g. `diffusion`, `"mixture of experts" -vision`, `quantization author:han since:2024-01-01`';

const FILTER = /^(author|org|since):(.*)$/i;

export function parseSearchQuery(input: string): SearchQuery {
  const text = cleanText(input);
  const kept: string[] = [];
  const query: SearchQuery = { terms: '' };
  const problems: string[] = [];

  for (const token of tokenize(text)) {
    const filter = FILTER.exec(token);
    if (!filter) {
      kept.push(token);
      continue;
    }
    const key = (filter[1] ?? '').toLowerCase();
    const value = unquote(filter[2] ?? '');
    if (key === 'since') {
      if (isValidDay(value)) query.since = value;
      else problems.push(`\`since:\` needs a date like 2024-05-01${value ? ` (got "${value.slice(0, 40)}")` : ''}.`);
    } else if (!/[\p{L}\p{N}]/u.test(value)) {
      problems.push(`\`${key}:\` needs a name, e.g. ${key === 'author' ? 'author:"Yann LeCun"' : 'org:google'}.`);
    } else if (key === 'author') {
      query.author = value;
    } else {
      query.org = value;
    }
  }

  query.terms = kept.join(' ');
  const hasFilter = query.author !== undefined || query.org !== undefined || query.since !== undefined;
  if (problems.length > 0) return { terms: query.terms, problem: problems.join(' ') };
  if (!/[\p{L}\p{N}]/u.test(query.terms) && !hasFilter) {
    return { terms: '', problem: `Type a word or two to search for, ${SEARCH_EXAMPLE}.` };
  }
  // Terms of pure punctuation next to a filter ("!!! author:x") search by the filter alone.
  if (!/[\p{L}\p{N}]/u.test(query.terms)) query.terms = '';
  return query;
}

/**
 * The plain words of web-search terms, for typo tolerance: quoted phrases, `or` and excluded
 * words left out (a phrase stays a phrase; a typo match must not bring back what was excluded).
 */
export function fuzzyWords(terms: string): string {
  return terms
    .replace(/-?"[^"]*("|$)/g, ' ')
    .split(/\s+/)
    .filter((word) => word !== '' && !word.startsWith('-') && word.toLowerCase() !== 'or')
    .map((word) => word.replace(/[^\p{L}\p{N}]+/gu, ' ').trim())
    .filter((word) => word !== '')
    .join(' ');
}

/** NUL and other control or format characters removed, lone surrogates dropped, length capped. */
export function cleanText(input: string): string {
  const text = String(input ?? '')
    // Postgres text cannot hold NUL; control chars and bidi/format marks only confuse tokenizing.
    .replace(/[\p{Cc}\u2028\u2029]+/gu, ' ')
    .replace(/\p{Cf}+/gu, '')
    .replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '')
    // Full-width letters and ligatures fold to what the text-search parser knows.
    .normalize('NFKC')
    .trim();
  const chars = Array.from(text);
  return chars.length > MAX_QUERY_CHARS ? chars.slice(0, MAX_QUERY_CHARS).join('').trim() : text;
}

/** Splits on whitespace, keeping "quoted phrases" (also `author:"Full Name"`) whole. */
function tokenize(text: string): string[] {
  const tokens: string[] = [];
  const pattern = /(?:[^\s"]*"[^"]*"?[^\s"]*)+|[^\s"]+/g;
  for (const match of text.matchAll(pattern)) tokens.push(match[0]);
  return tokens;
}

function unquote(value: string): string {
  return value.replace(/^"|"$/g, '').replace(/\s+/g, ' ').trim();
}

/** A real calendar day between 1990 and 2100 (arXiv starts in 1991). */
function isValidDay(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (year < 1990 || year > 2100) return false;
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}
