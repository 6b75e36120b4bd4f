import { readFileSync } from 'node:fs';

// Real-shaped Daily Papers payloads for the fake server and the tests, built from the fixtures.

export const FIXTURE_DAY = '2026-11-27';
export const fixtureDayPath = new URL('../../fixtures/hf/daily-papers-2026-11-27.json', import.meta.url).pathname;
export const realItemPath = new URL('../../fixtures/hf/daily-item-2602.23229.json', import.meta.url).pathname;

type Json = Record<string, unknown>;

/** The fixture day: 32 items, 2 of them invalid. A fresh copy each call, so tests may mutate it. */
export function fixtureDayItems(): Json[] {
  return JSON.parse(readFileSync(fixtureDayPath, 'utf8')) as Json[];
}

/** The real item from platform-facts §A (2602.23229, CIRCLE), as a daily_papers element. */
export function realItem(): Json {
  return JSON.parse(readFileSync(realItemPath, 'utf8')) as Json;
}

/** Valid fixture items only (the ones a correct parser keeps). */
export function validFixtureItems(): Json[] {
  return fixtureDayItems().filter((item) => {
    const paper = item.paper as Json;
    return typeof paper.title === 'string' && typeof paper.upvotes === 'number';
  });
}

/**
 * `count` distinct valid items for `day`: fixture items cycled with fresh ids and the day's
 * dates, for paging tests that need more than one page.
 */
export function syntheticDay(day: string, count: number, idBase = 30000): Json[] {
  const base = validFixtureItems();
  const month = `${day.slice(2, 4)}${day.slice(5, 7)}`;
  return Array.from({ length: count }, (_, i) => {
    const source = base[i % base.length] as Json;
    const copy = structuredClone(source);
    const paper = copy.paper as Json;
    paper.id = `${month}.${String(idBase + i).padStart(5, '0')}`;
    paper.title = `${String(paper.title)} (${i + 1})`;
    paper.upvotes = (count - i) % 200;
    paper.submittedOnDailyAt = `${day}T08:00:00.000Z`;
    return copy;
  });
}

/** An item whose paper is missing one required field. */
export function itemMissing(field: 'id' | 'title' | 'summary' | 'authors' | 'upvotes' | 'publishedAt', id = '2611.39999'): Json {
  const item = structuredClone(validFixtureItems()[0] as Json);
  const paper = item.paper as Json;
  paper.id = id;
  delete paper[field];
  return item;
}
