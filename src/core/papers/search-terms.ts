// Web-search syntax (what people type after `/papers search`) read into clauses, before any
// tokenising: words, "quoted phrases", `or` between two of them, and -exclusions. Pure: no I/O.
// Each piece keeps the user's text as typed; Postgres' own to_tsvector turns it into lexemes later
// (search-plan.ts), so the query is split exactly as the stored papers were.

export interface Terms {
  /** Every clause must match; a clause is one or more alternatives (`a or b`), each a word or phrase. */
  clauses: string[][];
  /** Words and phrases that must not match. */
  excluded: string[];
  /** The plain words and phrases in the order typed (for the title-phrase bonus). */
  typed: string[];
}

/** Distinct clauses kept: beyond this a query is a pasted paragraph, and more words add nothing. */
export const MAX_CLAUSES = 12;

const HAS_TEXT = /[\p{L}\p{N}]/u;

export function readTerms(terms: string): Terms {
  const pieces: { text: string; negated: boolean; or: boolean }[] = [];
  for (const match of terms.matchAll(/(-?)"([^"]*)("|$)|(\S+)/g)) {
    if (match[4] !== undefined) {
      const token = match[4];
      if (token.toLowerCase() === 'or') pieces.push({ text: '', negated: false, or: true });
      else if (token.startsWith('-') && token.length > 1) pieces.push({ text: token.replace(/^-+/, ''), negated: true, or: false });
      else pieces.push({ text: token, negated: false, or: false });
    } else {
      pieces.push({ text: match[2] ?? '', negated: match[1] === '-', or: false });
    }
  }
  const clauses: string[][] = [];
  const excluded: string[] = [];
  const typed: string[] = [];
  let joinNext = false;
  for (const piece of pieces) {
    if (piece.or) {
      joinNext = clauses.length > 0;
      continue;
    }
    if (!HAS_TEXT.test(piece.text)) continue;
    if (piece.negated) {
      excluded.push(piece.text);
      joinNext = false;
      continue;
    }
    typed.push(piece.text);
    const last = clauses[clauses.length - 1];
    if (joinNext && last) last.push(piece.text);
    else clauses.push([piece.text]);
    joinNext = false;
  }
  const seen = new Set<string>();
  const distinct = clauses.filter((c) => {
    const key = c.map((t) => t.toLowerCase()).sort().join('\u0000');
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return { clauses: distinct.slice(0, MAX_CLAUSES), excluded: excluded.slice(0, MAX_CLAUSES), typed: typed.slice(0, 32) };
}
