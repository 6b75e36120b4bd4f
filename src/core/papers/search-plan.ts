import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '../db/client.js';
import { idf, lexicon } from './search-lexicon.js';
import type { Terms } from './search-terms.js';

// Query text -> tsquery text, tokenised by the very functions that built the stored vectors:
// every word or phrase the user typed goes through to_tsvector('english', paperboy_words(...))
// (paperboy_words splits "Yes/No", drizzle/0012_slash_words.sql) and comes back as
// lexemes with positions, which become a followed-by chain ('fusionaudio' <-> '-1.2' <-> 'm').
// So "FusionAudio-1.2M", "A.S.E", "CoAct-1" or "COLLEAGUE.SKILL" are split exactly as the title
// was, whatever the parser makes of dots, digits and hyphens. The chains are written as tsquery
// literals (lexemes quoted, never parsed again) and bound as parameters.

/**
 * One AND-ed clause: its tsquery text on every field (and on the title's own vector, which has no
 * weights), per field of the weighted vector, and its weight (idf).
 */
export interface PlannedClause {
  any: string;
  /** The same on the text fields only (title, keywords, abstract: weights A-C, not the names' D). */
  text: string;
  /**
   * Per field of the weighted vector: the title (A, its words and positions as in the title's own
   * vector), keywords (B), abstract (C) and names (D, as in the names vector): what the score tests
   * on the one vector it has read (search-ranking.ts).
   */
  title: string;
  keywords: string;
  abstract: string;
  names: string;
  /** The clause's words as typed (lower-cased, unstemmed: 'simple' config), for the exact-word bonus. */
  exact: string;
  weight: number;
  /**
   * Shares of the lexicon's sampled papers holding the clause in the weighted vector and in the
   * names: which index should narrow a clause that may match in either (see matchSql).
   */
  share: number;
  namesShare: number;
  titleShare: number;
}

export interface QueryPlan {
  clauses: PlannedClause[];
  /** Papers matching any clause rank (similar papers) instead of papers matching all of them. */
  anyClause: boolean;
  /** tsquery text of what must not match; null when nothing is excluded. */
  excluded: string | null;
  /** The typed words and phrases, in order, as one phrase in the title (weight A); null for fewer than two. */
  titlePhrase: string | null;
  /** Characters of the typed words: how much of a title the query covers. */
  typedChars: number;
  /** Papers in the store (the lexicon's estimate), to turn shares into counts. */
  store: number;
}

type Lexemes = { lexeme: string; positions: number[] }[];

/**
 * Lexemes and positions of each text, as the stored vectors' to_tsvector('english') makes them,
 * and as 'simple' makes them (the same parser, lower-cased but unstemmed: what the exact-word bonus
 * compares), in one round trip.
 */
export async function tokenise(db: Db, texts: string[]): Promise<{ english: Lexemes[]; simple: Lexemes[] }> {
  const english: Lexemes[] = texts.map(() => []);
  const simple: Lexemes[] = texts.map(() => []);
  if (texts.length === 0) return { english, simple };
  const rows = await queryRows<{ i: number; simple: boolean; lexeme: string; positions: number[] | string | null }>(db, sql`
    select t.i::int as i, c.simple, v.lexeme, v.positions
    from json_array_elements_text(${JSON.stringify(texts)}::json) with ordinality as t(text, i),
      (values (false, 'english'::regconfig), (true, 'simple'::regconfig)) as c(simple, config),
      lateral unnest(to_tsvector(c.config, paperboy_words(t.text))) as v`);
  for (const row of rows) {
    const out = row.simple === true || String(row.simple) === 'true' ? simple : english;
    out[Number(row.i) - 1]?.push({ lexeme: row.lexeme, positions: positionsOf(row.positions) });
  }
  return { english, simple };
}

/** A followed-by chain of the lexemes in stored order, each with a weight suffix (':A', ':*B'...). */
export function chain(lexemes: Lexemes, suffix = ''): string | null {
  const at = lexemes.flatMap((l) => l.positions.map((p) => ({ p, lexeme: l.lexeme }))).sort((a, b) => a.p - b.p);
  if (at.length === 0) return null;
  let out = literal(at[0]?.lexeme ?? '') + suffix;
  for (let i = 1; i < at.length; i++) {
    const gap = Math.max(1, (at[i]?.p ?? 0) - (at[i - 1]?.p ?? 0));
    out += ` ${gap === 1 ? '<->' : `<${gap}>`} ${literal(at[i]?.lexeme ?? '')}${suffix}`;
  }
  return at.length > 1 ? `(${out})` : out;
}

export async function planQuery(db: Db, terms: Terms, anyClause = false): Promise<QueryPlan> {
  const alternatives = terms.clauses.flat();
  const typedPhrase = terms.typed.length > 1 ? terms.typed.join(' ') : '';
  const texts = [...alternatives, ...terms.excluded, typedPhrase];
  const [{ english: tokens, simple }, lex] = await Promise.all([tokenise(db, texts), lexicon(db)]);
  let at = 0;
  const clauses: PlannedClause[] = [];
  for (const clause of terms.clauses) {
    const from = at;
    at += clause.length;
    const kept = clause.map((_, i) => from + i).filter((i) => (tokens[i] ?? []).length > 0);
    if (kept.length === 0) continue; // only stop words
    const parts = kept.map((i) => tokens[i] ?? []);
    const field = (suffix: string): string => parts.map((l) => chain(l, suffix)).join(' | ');
    clauses.push({
      any: field(''),
      text: field(':ABC'),
      title: field(':A'),
      keywords: field(':B'),
      abstract: field(':C'),
      names: field(':D'),
      exact: kept.map((i) => chain(simple[i] ?? [])).filter((c): c is string => c !== null).join(' | '),
      weight: Math.max(...parts.flatMap((l) => l.map((x) => idf(lex, x.lexeme)))),
      share: shareOf(lex.counts, lex.papers, parts),
      namesShare: shareOf(lex.names, lex.papers, parts),
      titleShare: shareOf(lex.titles, lex.papers, parts),
    });
  }
  const excludedParts = terms.excluded.map(() => tokens[at++] ?? []).map((l) => chain(l)).filter((c): c is string => c !== null);
  const whole = tokens[at] ?? [];
  return {
    clauses,
    anyClause,
    excluded: excludedParts.length > 0 ? excludedParts.join(' | ') : null,
    titlePhrase: whole.length > 1 && clauses.length > 1 ? chain(whole, ':A') : null,
    typedChars: terms.typed.join(' ').length,
    store: lex.store,
  };
}

/** Share of sampled papers holding any alternative: each about as common as its rarest lexeme. */
function shareOf(counts: Map<string, number>, papers: number, alternatives: Lexemes[]): number {
  if (papers === 0) return 0;
  const each = alternatives.map((l) => Math.min(...l.map((x) => counts.get(x.lexeme) ?? 0)));
  return Math.min(1, each.reduce((sum, n) => sum + n, 0) / papers);
}

/**
 * The plan's clauses AND-ed (or OR-ed), as tsquery text, each as `field` gives it (every field by
 * default); null when no clause has a lexeme.
 */
export function allClauses(plan: QueryPlan, field: (c: PlannedClause) => string = (c) => c.any): string | null {
  if (plan.clauses.length === 0) return null;
  return plan.clauses.map((c) => `(${field(c)})`).join(plan.anyClause ? ' | ' : ' & ');
}

/**
 * The plan with every followed-by operator (phrases, compounds) made an AND: its matches include
 * all of the plan's, and the index answers it without reading papers. Null when the plan has none.
 */
export function loosePlan(plan: QueryPlan): QueryPlan | null {
  const loosen = (text: string): string => {
    let out = '';
    let quoted = false;
    for (let i = 0; i < text.length; i++) {
      const ch = text.charAt(i);
      if (ch === "'") quoted = !quoted;
      const op = quoted ? null : /^<(->|\d+>)/.exec(text.slice(i));
      if (op) {
        out += '&';
        i += op[0].length - 1;
      } else {
        out += ch;
      }
    }
    return out;
  };
  const clauses = plan.clauses.map((c) => ({ ...c, any: loosen(c.any) }));
  return clauses.some((c, i) => c.any !== plan.clauses[i]?.any) ? { ...plan, clauses } : null;
}

/** An author: or org: value as word prefixes on the names vector (see filterSql in search-ranking.ts). */
export interface PrefixFilter {
  /** Every word of the value as a prefix, AND-ed: what a paper's names must hold, for the names index. */
  all: string;
  /** Papers estimated to hold them (the lexicon's share of the rarest x the store). */
  papers: number;
}

/**
 * A filter value (author:, org:) as word prefixes, all of them, for the names index to narrow by
 * before the exact substring check. A prefix of two characters or more is the exact word '>prefix'
 * the names vector holds for every prefix of its words (drizzle/0011), so GIN intersects it with
 * the query's other words and a tier's days instead of collecting every paper of every word it
 * covers first; a one-character one stays a partial match. No weights and no word order: with
 * either, GIN rechecks every paper it returns; the substring check decides anyway.
 */
export async function prefixQuery(db: Db, value: string): Promise<PrefixFilter | null> {
  const [[lexemes], lex] = await Promise.all([tokenise(db, [value]).then((t) => t.english), lexicon(db)]);
  const words = [...new Set((lexemes ?? []).map((l) => l.lexeme))];
  if (words.length === 0) return null;
  const entry = (w: string) => (Array.from(w).length >= 2 ? literal(`>${w}`) : `${literal(w)}:*`);
  const share = Math.min(...words.map((w) => (lex.papers === 0 ? 1 : (lex.names.get(`>${w}`) ?? 0) / lex.papers)));
  return { all: words.map(entry).join(' & '), papers: share * lex.store };
}

function literal(lexeme: string): string {
  return `'${lexeme.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
}

function positionsOf(value: number[] | string | null): number[] {
  if (Array.isArray(value)) return value.map(Number);
  if (typeof value === 'string') return value.replace(/[{}]/g, '').split(',').filter((s) => s !== '').map(Number);
  return [1];
}
