import { parseArgs } from 'node:util';
import { renderDigestText } from '../console/render-text.js';
import type { Config } from '../core/config.js';
import { formatDay } from '../core/digest/digest.js';
import type { Logger } from '../core/ports.js';
import { addDays, coversDay } from '../core/subscriptions/schedule.js';
import { consoleChannel } from '../console/console-session.js';
import { UsageError, requireDay, requireInt, type CliIo } from './cli-io.js';
import { openCore } from './open-core.js';
import { MAX_TOPIC_CHARS } from '../core/commands/command.js';

/** paperboy digest [--date D] [--topic T]... [--limit N] [--min-upvotes N] [--format text|json] */
export async function runDigestCommand(args: string[], config: Config, logger: Logger, io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      date: { type: 'string' },
      topic: { type: 'string', multiple: true },
      limit: { type: 'string' },
      'min-upvotes': { type: 'string' },
      format: { type: 'string' },
    },
    allowPositionals: false,
  });
  const format = values.format ?? 'text';
  if (format !== 'text' && format !== 'json') throw new UsageError(`--format must be text or json, not "${format}"`);
  const limit = requireInt(values.limit, '--limit', 1, 100) ?? 10;
  const minUpvotes = requireInt(values['min-upvotes'], '--min-upvotes', 0, 1_000_000) ?? 0;
  const topics = (values.topic ?? []).map((t) => t.replace(/\s+/g, ' ').trim()).filter(Boolean);
  const long = topics.find((t) => t.length > MAX_TOPIC_CHARS);
  if (long) throw new UsageError(`--topic is at most ${MAX_TOPIC_CHARS} characters`);
  let day = requireDay(values.date, '--date');

  const core = await openCore(config, logger);
  try {
    if (day === undefined) {
      day = coversDay(core.now());
      const recent = Array.from({ length: 7 }, (_, i) => addDays(day!, -i));
      const counts = await core.digests.listedCounts(recent);
      const latest = recent.find((d) => (counts.get(d) ?? 0) > 0);
      if (latest && latest !== day) {
        io.err(`No papers listed for ${day} yet; showing ${latest}.`);
        day = latest;
      }
    }
    const chosen = await core.digests.choose([{ key: 'cli', day, topics, maxPapers: limit, minUpvotes }]);
    const papers = chosen.get('cli') ?? [];
    if (format === 'json') {
      io.out(JSON.stringify({ day, papers: papers.map((p) => ({ id: p.paper.id, title: p.paper.title, upvotes: p.upvotes, matchedTopics: p.matchedTopics })) }));
      return 0;
    }
    if (papers.length === 0) {
      io.out(`No papers for ${formatDay(day)}${topics.length ? ` matching ${topics.join(', ')}` : ''}. Run "paperboy ingest --date ${day}" to fetch that day.`);
      return 0;
    }
    io.out(renderDigestText({ channel: consoleChannel, day, topics, papers, preview: true }));
    return 0;
  } finally {
    await core.database.close();
  }
}
