import { readFile } from 'node:fs/promises';
import { parseDailyItems, type ParsedItems } from '../sources/hf-items.js';

// `paperboy ingest --file`: a JSON file in the API's own daily_papers format, for offline use
// and tests. Reading is kept apart from storing so every failure is a value, never a throw.

export async function readDailyPapersFile(path: string, day?: string): Promise<ParsedItems | { error: string }> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a folder' : (error as Error).message;
    return { error: `cannot read ${path}: ${why}` };
  }
  let body: unknown;
  try {
    body = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    return { error: `${path} is not valid JSON: ${(error as Error).message}` };
  }
  if (!Array.isArray(body)) {
    return { error: `${path} must hold a JSON array of daily_papers items (as /api/daily_papers returns)` };
  }
  return parseDailyItems(body, day);
}
