import { createCore } from '../../src/core/app.js';
import type { ChannelRef } from '../../src/core/channel.js';
import type { CommandInput } from '../../src/core/commands/command.js';
import type { CommandRunner } from '../../src/core/commands/context.js';
import { loadConfig, type Config } from '../../src/core/config.js';
import type { Database } from '../../src/core/db/client.js';
import { createScheduler, type Scheduler } from '../../src/core/delivery/scheduler.js';
import { createLogger } from '../../src/core/logger.js';
import type { PaperSource } from '../../src/core/ports.js';
import { shardPlan, startDiscord, type DiscordAdapter } from '../../src/discord/index.js';
import type { ChatHarness, ContractReply } from '../contract/chat-contract.js';
import { FakeDiscord, type InteractionLog } from '../fakes/discord/fake-discord.js';
import type { OptionValue } from '../fakes/discord/interactions.js';
import type { Backend } from '../support/databases.js';
import { useHarness } from '../support/use-harness.js';
import { clockedScheduler, FIXTURE_MORNING, TestClock } from '../support/clock.js';
import { listedOn } from '../support/papers.js';
import type { Paper } from '../../src/core/papers/paper.js';

// One Paperboy-on-Discord against the fake: a fresh database, the real core, the real discord.js
// Client logged in over the fake gateway, and a scheduler that delivers through the adapter.

/** Shaped like a real bot token, so the logger's redaction is exercised too. */
export const BOT_TOKEN = 'MTAwMDAwMDAwMDAwMDAwMDAx.GqZ1xY.abcdefghijklmnopqrstuvwxyz0123456789AB';

const offlineSource: PaperSource = {
  async fetchDay() {
    return { items: [], skipped: 0 };
  },
  async fetchPaper() {
    return null;
  },
};

export interface DiscordHarness extends ChatHarness {
  fake: FakeDiscord;
  database: Database;
  config: Config;
  adapter: DiscordAdapter;
  scheduler: Scheduler;
  /** The clock the core reads; a scheduler tick at an instant moves it there. */
  clock: TestClock;
  logLines: string[];
  /** Lists the papers on 2026-11-27 and makes the harness channel follow "diffusion" daily at 09:00 UTC. */
  follow(papers: Paper[], settings?: { maxPapers?: number; useThread?: boolean }): Promise<void>;
}

export interface HarnessOptions {
  backend: Backend;
  deferAfterMs?: number;
  /** Makes every command this much slower, to prove slow answers are deferred in time. */
  commandDelayMs?: number;
  /** false: start the adapter REST-only (no gateway session); default: DISCORD_GATEWAY. */
  gateway?: boolean;
  /** Config as the environment gives it; DISCORD_SHARDS and DISCORD_SHARD_IDS reach the adapter as start-up does. */
  env?: Record<string, string>;
  /** A fake shared with other harnesses (several instances of one bot); closed by its owner, not here. */
  fake?: FakeDiscord;
  /** The test's clock (default: the morning after the fixture day). */
  clock?: TestClock;
}

export async function startDiscordHarness(options: HarnessOptions): Promise<DiscordHarness> {
  const ownsFake = options.fake === undefined;
  const fake = options.fake ?? (await FakeDiscord.start({ token: BOT_TOKEN }));
  const database = await options.backend.open();
  const config = loadConfig({
    DISCORD_TOKEN: BOT_TOKEN,
    DISCORD_API_URL: fake.url,
    DISCORD_GUILD_ID: fake.guild.id,
    HF_API_URL: 'http://127.0.0.1:9',
    ...options.env,
  });
  const logLines: string[] = [];
  const logger = createLogger({ level: 'debug', write: (line) => logLines.push(line), secrets: [config.DISCORD_TOKEN] });
  const clock = options.clock ?? new TestClock();
  const core = await createCore({ config, database, logger, source: offlineSource, now: clock.now });
  const shards = shardPlan(config);
  let adapter: DiscordAdapter;
  try {
    adapter = await startDiscord({
      config,
      core: options.commandDelayMs ? { ...core, commands: delayed(core.commands, options.commandDelayMs) } : core,
      logger,
      ...(options.deferAfterMs !== undefined ? { deferAfterMs: options.deferAfterMs } : {}),
      gateway: options.gateway ?? config.DISCORD_GATEWAY,
      ...(shards ? { shards } : {}),
    });
  } catch (error) {
    if (ownsFake) await fake.close();
    await database.close();
    throw error;
  }
  const scheduler = clockedScheduler(createScheduler({ core, platforms: [adapter], instanceId: 'discord-test' }), clock);
  const channel: ChannelRef = { platform: 'discord', workspaceId: fake.guild.id, channelId: fake.channel.id };
  return {
    fake,
    database,
    config,
    core,
    adapter,
    scheduler,
    clock,
    logLines,
    channel,
    async follow(papers, settings = {}) {
      await core.papers.upsert(listedOn('2026-11-27', papers));
      await core.subscriptions.addTopic(channel, 'diffusion');
      await core.subscriptions.update(channel, { digestTime: '09:00', timezone: 'UTC', weekdays: [1, 2, 3, 4, 5, 6, 7], ...settings });
    },
    async send(command, as) {
      const { subcommand, options: values } = toDiscordOptions(command);
      const id = fake.sendCommand(subcommand, values, { manager: as.manager });
      return replySeen(await fake.waitForAnswer(id));
    },
    async pressVote(paperId, vote, voter) {
      const customId = `pb:vote:${vote}:${paperId}`;
      const message = postedIn(fake, channel.channelId).find((m) =>
        ((m.body.components ?? []) as { components: { custom_id?: string }[] }[]).some((row) => row.components.some((b) => b.custom_id === customId)),
      );
      if (!message) throw new Error(`no posted card carries ${customId}`);
      const id = fake.clickButton(customId, { id: message.id, body: message.body }, { user: { id: voter, username: voter.toLowerCase() } });
      return replySeen(await fake.waitForAnswer(id));
    },
    async tick(now) {
      await scheduler.tick(now);
    },
    posted(target) {
      return postedIn(fake, target.channelId).map((m) => messageText(m.body));
    },
    reset() {
      fake.reset();
      clock.set(FIXTURE_MORNING);
    },
    async close() {
      await scheduler.stop();
      await adapter.stop();
      if (ownsFake) await fake.close();
      await database.close();
    },
  };
}

/** One harness for the calling describe block, reset before each test (see useHarness). */
export function useDiscordHarness(options: HarnessOptions): DiscordHarness {
  return useHarness(() => startDiscordHarness(options), (h) => h.reset());
}

/** The same runner, answering `ms` later: a stand-in for a slow database or upstream. */
function delayed(runner: CommandRunner, ms: number): CommandRunner {
  const wait = () => new Promise((resolve) => setTimeout(resolve, ms));
  return {
    run: async (command, context) => (await wait(), runner.run(command, context)),
    runText: async (text, context) => (await wait(), runner.runText(text, context)),
  };
}

/** Messages in a channel and in threads opened on its messages, oldest first. */
export function postedIn(fake: FakeDiscord, channelId: string) {
  const own = fake.messages(channelId);
  const threadIds = new Set(own.map((m) => m.id).filter((id) => fake.state.threads.has(id)));
  return fake.messages().filter((m) => m.channelId === channelId || threadIds.has(m.channelId));
}

/** The structured command as a Discord user would enter it: subcommand plus typed options. */
export function toDiscordOptions(command: CommandInput): { subcommand: string; options: Record<string, OptionValue> } {
  const { name, ...rest } = command as CommandInput & Record<string, unknown>;
  const options: Record<string, OptionValue> = {};
  for (const [key, value] of Object.entries(rest)) {
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') options[key] = value;
  }
  if (name === 'search' && options.page === 1) delete options.page;
  return { subcommand: name, options };
}

/** The final answer the user saw: the immediate reply, or the edit after a deferral. */
export function replySeen(log: InteractionLog): ContractReply {
  const first = log.callbacks[0];
  const deferredFlags = Number(first?.data?.flags ?? 0);
  if (first && (first.type === 4 || first.type === 7)) {
    const texts = [first.data ?? {}, ...log.followUps.map((f) => f.body)].map(messageText);
    return { text: texts.join('\n'), ephemeral: (Number(first.data?.flags ?? 0) & 64) !== 0 };
  }
  if (log.deletes > 0) {
    const texts = log.followUps.map((f) => messageText(f.body));
    return { text: texts.join('\n'), ephemeral: log.followUps.every((f) => (Number(f.body.flags ?? 0) & 64) !== 0) };
  }
  const texts = [...log.edits.map((e) => e.body), ...log.followUps.map((f) => f.body)].map(messageText);
  return { text: texts.join('\n'), ephemeral: (deferredFlags & 64) !== 0 };
}

interface EmbedLike {
  title?: string;
  description?: string;
  fields?: { name: string; value: string }[];
  footer?: { text: string };
}

/** Content and embed text of a message body, markdown escapes removed. */
export function messageText(body: Record<string, unknown>): string {
  const parts: string[] = [];
  if (typeof body.content === 'string' && body.content !== '') parts.push(body.content);
  for (const embed of (body.embeds ?? []) as EmbedLike[]) {
    if (embed.title) parts.push(embed.title);
    if (embed.description) parts.push(embed.description);
    for (const field of embed.fields ?? []) parts.push(`${field.name}: ${field.value}`);
    if (embed.footer?.text) parts.push(embed.footer.text);
  }
  return parts.join('\n').replace(/\\([^\w\s])/g, '$1');
}
