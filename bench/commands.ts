import { createCore } from '../src/core/app.js';
import { loadConfig } from '../src/core/config.js';
import { openDatabase } from '../src/core/db/client.js';
import { createLogger } from '../src/core/logger.js';
import { startDiscord } from '../src/discord/index.js';
import { FakeDiscord } from '../test/fakes/discord/fake-discord.js';
import { buildModel } from './corpus.js';
import { serverCorpus, sizeLabel } from './corpus-load.js';
import { DISCORD_TOKEN } from './fanout-delivery.js';
import { discordLimiter } from './limits-discord.js';
import { postgresVersion } from './machine.js';
import { benchQueries } from './search-queries.js';
import { percentile, round } from './stats.js';

// `npm run bench -- commands`: 200 `/papers search` interactions dispatched at once through the fake
// Discord gateway to the real discord.js adapter, searching the 1M-paper store on the Postgres server.
// Acknowledgement time: from the dispatch to the interaction callback (reply or deferral) reaching
// the fake; Discord drops interactions not acknowledged within 3 s.

export interface CommandsOptions {
  serverUrl: string | undefined;
  papers?: number;
  concurrent?: number;
  log: (line: string) => void;
}

export async function runCommandsBench(options: CommandsOptions): Promise<Record<string, unknown>[]> {
  if (!options.serverUrl) throw new Error('the commands benchmark needs a Postgres server (BENCH_DATABASE_URL)');
  const size = options.papers ?? 1_000_000;
  const concurrent = options.concurrent ?? 200;
  const model = buildModel();
  options.log(`commands: preparing the ${sizeLabel(size)} corpus`);
  const load = await serverCorpus(options.serverUrl, size, model);
  const location = load.database.location;
  await load.database.close();
  // As `paperboy start` opens it: the default pool of 10 connections.
  const url = new URL(options.serverUrl);
  url.pathname = `/paperboy_bench_${sizeLabel(size)}`;
  const database = await openDatabase({ url: url.toString() });
  const fake = await FakeDiscord.start({ token: DISCORD_TOKEN, rateLimiter: discordLimiter() });
  const problems: string[] = [];
  const logger = createLogger({ level: 'warn', write: (line) => problems.push(line) });
  const config = loadConfig({ HF_API_URL: 'http://127.0.0.1:9', DISCORD_TOKEN, DISCORD_API_URL: fake.url, DISCORD_GUILD_ID: fake.guild.id });
  const core = await createCore({ config, database, logger });
  const adapter = await startDiscord({ config, core, logger });
  const rows: Record<string, unknown>[] = [];
  try {
    await fake.waitForSession();
    const postgres = await postgresVersion(database.db);
    const queries = benchQueries(model).map((q) => q.text).slice(0, concurrent);
    while (queries.length < concurrent) queries.push(queries[queries.length % 200] ?? 'diffusion');
    for (const wave of ['cold', 'warm'] as const) {
      options.log(`commands: ${wave} wave of ${concurrent} concurrent /papers search`);
      const started = Date.now();
      const ids = queries.map((query, i) => fake.sendCommand('search', { query }, { user: { id: String(300000000000000000n + BigInt(i)), username: `reader${i}` } }));
      const logs = await Promise.all(ids.map((id) => fake.waitForAnswer(id, 60_000).catch(() => fake.interaction(id))));
      const ack = logs.map((l) => (l.callbacks[0]?.at ?? Number.POSITIVE_INFINITY) - l.dispatchedAt);
      const answered = logs.map((l) => {
        const last = Math.max(l.callbacks[0]?.at ?? 0, l.edits.at(-1)?.at ?? 0, l.followUps.at(-1)?.at ?? 0);
        return last - l.dispatchedAt;
      });
      const row = {
        wave,
        postgres,
        papers: size,
        concurrent,
        acknowledged: ack.filter(Number.isFinite).length,
        within_3s: ack.filter((ms) => ms <= 3000).length,
        ack_p50_ms: round(percentile(ack, 50)),
        ack_p99_ms: round(percentile(ack, 99)),
        ack_max_ms: round(Math.max(...ack)),
        deferred: logs.filter((l) => l.callbacks[0]?.type === 5).length,
        answer_p50_ms: round(percentile(answered, 50)),
        answer_p99_ms: round(percentile(answered, 99)),
        answer_max_ms: round(Math.max(...answered)),
        wall_s: round((Date.now() - started) / 1000),
        corpus: location.replace(/^.*\//, ''),
      };
      options.log(`  ack p50 ${row.ack_p50_ms} ms, p99 ${row.ack_p99_ms} ms, max ${row.ack_max_ms} ms; ${row.within_3s}/${concurrent} within 3 s; answers p99 ${row.answer_p99_ms} ms`);
      rows.push(row);
    }
  } finally {
    await adapter.stop();
    await fake.close();
    await database.close();
    if (problems.length > 0) options.log(`commands: ${problems.length} warnings, first: ${problems[0]?.slice(0, 300)}`);
  }
  return rows;
}

export const commandsNotes = [
  'Each wave dispatches 200 INTERACTION_CREATE events at once over the fake gateway (`test/fakes/discord`), each a different user with one of the 200 search benchmark queries (`bench/search-queries.ts`: words, invented names, phrases, or/exclusions, typos, author/org filters). The real discord.js Client answers through the fake REST API; the adapter defers (type 5) a command still running after 1 s, then edits the answer in.',
  'Acknowledgement = the first interaction callback (reply or deferral) reaching the fake, minus the dispatch time. Answer = the last callback or edit of the original message. The cold wave runs right after start-up; the warm one repeats the same queries.',
  'Store: the 1M-paper synthetic corpus on the Postgres server (`paperboy_bench_1m`, loaded by `bench/corpus-load.ts` and shared with the search benchmark), pool of 10 connections as `paperboy start` opens it.',
];
