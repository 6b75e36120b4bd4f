import { ErrorCode } from '../errors.js';
import { normalizeArxivId } from '../papers/arxiv-id.js';
import type { Command } from './command.js';
import { usage } from './command.js';
import type { CommandContext } from './context.js';
import { SEARCH_PAGE_SIZE, type CommandDeps } from './deps.js';
import { errorReply, quoted, type Reply } from './reply.js';

// search, similar, paper: read-only, anyone may run them.

export async function handleSearch(
  command: Extract<Command, { name: 'search' }>,
  _context: CommandContext,
  deps: CommandDeps,
): Promise<Reply> {
  const result = await deps.papers.search({ text: command.query, page: command.page, pageSize: SEARCH_PAGE_SIZE });
  if (result.problem) return errorReply(ErrorCode.Usage, result.problem, usage.search);
  const paging = { query: `search ${command.query}`, page: command.page, pageSize: SEARCH_PAGE_SIZE, hasMore: result.hasMore };
  if (result.hits.length === 0) {
    return {
      visibility: 'ephemeral',
      title: `No papers found for ${quoted(command.query)}`,
      text:
        command.page > 1
          ? 'There are no more results.'
          : 'Nothing in the store matches. Try fewer words, another spelling, or /papers paper <arXiv id> to fetch one paper.',
      paging,
    };
  }
  const first = (command.page - 1) * SEARCH_PAGE_SIZE + 1;
  const last = first + result.hits.length - 1;
  return {
    visibility: 'ephemeral',
    title: `Results ${first}-${last} for ${quoted(command.query)}`,
    text: result.fuzzy ? 'Few exact matches, so titles with a similar spelling are included.' : '',
    papers: result.hits.map((h) => ({ paper: h.paper, score: h.score })),
    paging,
    suggestTopic: command.query.length <= 100 && !/\w+:/.test(command.query) ? command.query : undefined,
  };
}

export async function handleSimilar(
  command: Extract<Command, { name: 'similar' }>,
  _context: CommandContext,
  deps: CommandDeps,
): Promise<Reply> {
  const id = normalizeArxivId(command.id);
  if (!id) return errorReply(ErrorCode.Usage, `"${command.id}" is not an arXiv id or URL.`, usage.similar);
  const result = await deps.papers.similar(id, command.page, SEARCH_PAGE_SIZE);
  if (result.problem) return errorReply(ErrorCode.NotFound, result.problem);
  const paging = { query: `similar ${id}`, page: command.page, pageSize: SEARCH_PAGE_SIZE, hasMore: result.hasMore };
  if (result.hits.length === 0) {
    return { visibility: 'ephemeral', title: `Nothing similar to ${id} yet`, text: 'No other paper in the store shares its vocabulary.', paging };
  }
  return {
    visibility: 'ephemeral',
    title: `Papers like ${id}`,
    text: '',
    papers: result.hits.map((h) => ({ paper: h.paper, score: h.score })),
    paging,
  };
}

export async function handlePaper(
  command: Extract<Command, { name: 'paper' }>,
  _context: CommandContext,
  deps: CommandDeps,
): Promise<Reply> {
  const id = normalizeArxivId(command.id);
  if (!id) {
    return errorReply(
      ErrorCode.Usage,
      `"${command.id.slice(0, 80)}" is not an arXiv id or URL. Ids look like 2602.23229; URLs like https://arxiv.org/abs/2602.23229.`,
      usage.paper,
    );
  }
  const stored = await deps.papers.get(id);
  if (stored) return { visibility: 'ephemeral', text: '', papers: [{ paper: stored }] };
  let fetched;
  // Someone is waiting: one short deadline over every try, not the ingest job's patient retries.
  const deadline = AbortSignal.timeout(deps.lookupDeadlineMs);
  try {
    fetched = await deps.source.fetchPaper(id, deadline);
  } catch (error) {
    deps.logger.warn('paper lookup failed', { id, error });
    const ms = deps.lookupDeadlineMs;
    const why = deadline.aborted ? `did not answer within ${ms < 1000 ? `${ms} ms` : `${Math.round(ms / 1000)} s`}` : 'could not be reached';
    return errorReply(ErrorCode.UpstreamUnavailable, `Paper ${id} is not in the store and Hugging Face ${why}. Try again in a few minutes.`);
  }
  if (!fetched) {
    return errorReply(ErrorCode.NotFound, `Paper ${id} is not on Hugging Face yet (it may not be indexed). Check the id, or try again later.`);
  }
  await deps.papers.upsert([{ paper: fetched }]);
  return { visibility: 'ephemeral', text: '', papers: [{ paper: fetched }] };
}
