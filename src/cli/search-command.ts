import { parseArgs } from 'node:util';
import { renderPaperText } from '../console/render-text.js';
import type { Config } from '../core/config.js';
import type { Logger } from '../core/ports.js';
import { UsageError, requireInt, type CliIo } from './cli-io.js';
import { openCore } from './open-core.js';
import { throughRunningPaperboy } from './through-running.js';

/** paperboy search QUERY [--page N] [--limit N] [--json] */
export async function runSearchCommand(args: string[], config: Config, logger: Logger, io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: { json: { type: 'boolean' }, page: { type: 'string' }, limit: { type: 'string' } },
    allowPositionals: true,
  });
  const text = positionals.join(' ').trim();
  if (text === '') throw new UsageError('search needs a query, e.g. paperboy search "mixture of experts"');
  const page = requireInt(values.page, '--page', 1, 1000) ?? 1;
  const pageSize = requireInt(values.limit, '--limit', 1, 100) ?? 10;
  let core;
  try {
    core = await openCore(config, logger);
  } catch (error) {
    // Beside a running Paperboy on the embedded database: ask it (its own text format only).
    const forwarded = values.json || values.limit !== undefined ? undefined : await throughRunningPaperboy(error, config, `/papers search ${text}${page > 1 ? ` page:${page}` : ''}`, io);
    if (forwarded !== undefined) return forwarded;
    throw error;
  }
  try {
    const result = await core.papers.search({ text, page, pageSize });
    if (result.problem) {
      io.err(result.problem);
      return 2;
    }
    if (values.json) {
      io.out(JSON.stringify(result.hits.map((h) => ({ id: h.paper.id, title: h.paper.title, upvotes: h.paper.upvotes, score: Number(h.score.toFixed(6)) }))));
      return 0;
    }
    if (result.hits.length === 0) {
      io.out(`No papers found for "${text}".`);
      return 0;
    }
    const offset = (page - 1) * pageSize;
    io.out(result.hits.map((h, i) => renderPaperText(h.paper, offset + i + 1)).join('\n\n'));
    if (result.fuzzy) io.out('\n(few exact matches: titles with a similar spelling included)');
    if (result.hasMore) io.out(`\nMore: paperboy search ${JSON.stringify(text)} --page ${page + 1}`);
    return 0;
  } finally {
    await core.database.close();
  }
}
