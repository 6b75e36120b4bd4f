import { readFile } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';
import { parseDailyItems, type ParsedItems } from '../sources/hf-items.js';

// `paperboy ingest --file`: a JSON file in the API's own daily_papers format, for offline use
// and tests, plain or gzipped (told by its first bytes, whatever its name: archives of the feed,
// such as ../shared/data/hf-daily, keep a day as .json.gz). Reading is kept apart from storing so
// every failure is a value, never a throw.

export async function readDailyPapersFile(path: string, day?: string): Promise<ParsedItems | { error: string }> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a folder' : (error as Error).message;
    return { error: `cannot read ${path}: ${why}` };
  }
  let text: string;
  try {
    text = (isGzip(bytes) ? gunzipSync(bytes) : bytes).toString('utf8');
  } catch (error) {
    return { error: `${path} looks gzipped but does not decompress: ${(error as Error).message}` };
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

/** The gzip magic number (RFC 1952), which no JSON text starts with. */
function isGzip(bytes: Buffer): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}
