import { createCore } from '../src/core/app.js';
import { loadConfig } from '../src/core/config.js';
import { buildModel } from './corpus.js';
import { measureDelivery } from './fanout-delivery.js';
import { channelTopics, COVERS_DAY, dayTopics, freshDatabase, insertChannels, insertDayOfPapers, type ChannelSpec } from './fanout-data.js';
import { naivePlan, setWisePlan, type PlanFigures } from './fanout-plan.js';
import { countingDatabase } from './fanout-statements.js';
import { postgresVersion } from './machine.js';
import { round } from './stats.js';

// `npm run bench -- fanout`: planning one tick for 1k and 10k due channels (set-wise against one
// query per channel, statements counted), then delivery of a smaller tick through both adapters
// to fakes that enforce Discord's and Slack's limits.

export interface FanoutOptions {
  serverUrl: string | undefined;
  planSizes?: number[];
  topics?: number;
  topicsPerChannel?: number;
  papers?: number;
  discordChannels?: number;
  slackChannels?: number;
  slackWorkspaces?: number;
  /** DIGEST_CONCURRENCY for the delivery part. */
  concurrency?: number;
  log: (line: string) => void;
}

export async function runFanoutBench(options: FanoutOptions): Promise<Record<string, unknown>[]> {
  if (!options.serverUrl) throw new Error('the fanout benchmark needs a Postgres server (BENCH_DATABASE_URL)');
  const { log } = options;
  const sizes = options.planSizes ?? [1000, 10_000];
  const perChannel = options.topicsPerChannel ?? 5;
  const model = buildModel();
  const raw = await freshDatabase(options.serverUrl, 'paperboy_bench_fanout');
  const counter = countingDatabase(raw);
  const rows: Record<string, unknown>[] = [];
  try {
    const papers = await insertDayOfPapers(raw, model, COVERS_DAY, options.papers ?? 100);
    const topics = dayTopics(papers, options.topics ?? 500);
    const maxSize = Math.max(...sizes);
    const lists = channelTopics(topics, maxSize, perChannel);
    const distinctUsed = new Set(lists.flat()).size;
    const core = await createCore({ config: loadConfig({ HF_API_URL: 'http://127.0.0.1:9' }), database: counter.database });
    const postgres = await postgresVersion(raw.db);
    let inserted = 0;
    for (const size of [...sizes].sort((a, b) => a - b)) {
      const specs: ChannelSpec[] = [];
      for (let i = inserted; i < size; i++) {
        // Half Discord channels (100 per guild), half Slack (100 per workspace).
        const discord = i % 2 === 0;
        specs.push({ platform: discord ? 'discord' : 'slack', workspaceId: `${discord ? 'g' : 'T'}${Math.floor(i / 200)}`, channelId: `${discord ? 'd' : 'C'}${i}`, topics: lists[i] ?? [] });
      }
      await insertChannels(raw, specs);
      inserted = size;
      log(`fanout plan ${size} channels: set-wise`);
      await setWisePlan(core, counter); // warm-up: plans and caches, as a running bot has them
      const setWise = await setWisePlan(core, counter);
      log(`  ${setWise.ms} ms, ${setWise.statements} statements; naive (one query per channel)...`);
      const naive = await naivePlan(core, counter);
      log(`  naive ${naive.ms} ms, ${naive.statements} statements -> ${round(naive.ms / setWise.ms)}x`);
      rows.push(planRow(postgres, size, setWise, naive, topics.length, distinctUsed, perChannel, papers.length));
    }
    const deliveryRows = await measureDelivery(raw, {
      discordChannels: options.discordChannels ?? 1000,
      discordGuilds: 10,
      slackChannels: options.slackChannels ?? 1000,
      slackWorkspaces: options.slackWorkspaces ?? 10,
      topicsFor: (i) => lists[i % lists.length] ?? [],
      // 8 lanes cap Slack at 8 posts per workspace interval (40/s) when every workspace is pacing.
      env: { DIGEST_CONCURRENCY: String(options.concurrency ?? 16) },
      log,
    });
    rows.push(...deliveryRows.map((r) => ({ postgres, ...r })));
  } finally {
    await raw.close();
  }
  return rows;
}

function planRow(postgres: string, channels: number, setWise: PlanFigures, naive: PlanFigures, topics: number, used: number,
  perChannel: number, papers: number): Record<string, unknown> {
  return {
    part: 'planning',
    postgres,
    channels,
    topics_per_channel: perChannel,
    distinct_topics: topics,
    distinct_topics_followed: used,
    listed_papers: papers,
    digests_claimed: setWise.claimed,
    digests_with_papers: setWise.nonEmpty,
    papers_chosen: setWise.papers,
    plan_ms: setWise.ms,
    plan_statements: setWise.statements,
    naive_ms: naive.ms,
    naive_statements: naive.statements,
    speedup: round(naive.ms / setWise.ms),
    same_choice: naive.papers === setWise.papers && naive.nonEmpty === setWise.nonEmpty,
  };
}
