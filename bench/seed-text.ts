import { readFileSync } from 'node:fs';

// The real Daily Papers page (copied from the project's seeds) is the corpus's vocabulary source.

export interface SeedPaper {
  title: string;
  abstract: string;
}

const pagePath = new URL('./fixtures/daily-papers-page.txt', import.meta.url);

/** The page's papers: a title line, a blank line, the abstract, a blank line, "• N authors". */
export function readSeedPapers(): SeedPaper[] {
  const lines = readFileSync(pagePath, 'utf8').split('\n');
  const papers: SeedPaper[] = [];
  lines.forEach((line, i) => {
    if (!/^\s*•\s*\d+ authors?\s*$/.test(line)) return;
    const abstract = (lines[i - 2] ?? '').trim();
    const title = (lines[i - 4] ?? '').trim();
    if (abstract.length > 100) papers.push({ title: title || abstract.split('. ')[0] || abstract, abstract });
  });
  if (papers.length === 0) throw new Error(`no papers found in ${pagePath.pathname}`);
  return papers;
}

/** Words as they appear (punctuation kept on the token, as in running text). */
export function tokens(text: string): string[] {
  return text.split(/\s+/).filter((t) => t !== '');
}

/** Lower-case content words of at least `min` letters. */
export function contentWords(text: string, min = 4): string[] {
  return (text.toLowerCase().match(/[a-z][a-z-]*[a-z]/g) ?? []).filter((w) => w.length >= min && !STOP.has(w));
}

export const STOP = new Set(
  ('a about above after again against all also am an and any are as at be because been before being below between both ' +
    'but by can could did do does doing down during each few for from further had has have having he her here hers how ' +
    'however into is it its itself just more most much must no nor not now of off on once only or other our ours out over ' +
    'own same she should so some such than that the their theirs them then there these they this those through thus to ' +
    'too under until up upon very via was we were what when where which while who whom why will with within without would ' +
    'yet you your using based while well show shows shown propose proposed present paper work approach method methods')
    .split(' '),
);
