import { parseArgs } from 'node:util';
import type { Config } from './core/config.js';
import { UsageError, type CliIo } from './cli/cli-io.js';

// `paperboy <command>`: exit 0 ok, 1 runtime failure, 2 bad usage (or bad configuration).
// Every command module is imported when its command runs: help and typos answer without loading
// zod or the database, and one-shot commands never load discord.js or Bolt (start alone does).

const help = `Paperboy: research papers delivered to Discord and Slack.

Usage: paperboy <command> [options]

Commands:
  start                              run Paperboy (Discord/Slack when tokens are set, else the terminal)
  migrate                            apply database migrations and exit
  ingest [--date D | --from D1 --to D2 | --file PATH [--date D]]
                                     fetch Daily Papers (default: today and yesterday, UTC)
  search QUERY [--page N] [--json]   search the paper store
  digest [--date D] [--topic T]... [--limit N] [--min-upvotes N] [--format text|json]
                                     print the digest of a day (default: the latest complete UTC day)
  paper <arXiv id or URL> [--json]   show one paper (fetched from Hugging Face if not stored)
  help                               this text

Configuration comes from the environment and from ./.env when it exists (see .env.example).`;

const commands = new Set(['start', 'migrate', 'ingest', 'search', 'digest', 'paper']);

export async function main(argv: string[], io: CliIo): Promise<number> {
  const [command = 'help', ...rest] = argv;
  if (command === 'help' || command === '--help' || command === '-h') {
    io.out(help);
    return 0;
  }
  if (!commands.has(command)) {
    io.err(`Unknown command "${command}".\n\n${help}`);
    return 2;
  }
  const { ConfigError, loadConfig } = await import('./core/config.js');
  const { createLogger } = await import('./core/logger.js');
  const { withEnvFile } = await import('./core/env-file.js');
  let config: Config;
  const { env, file: envFile } = withEnvFile(io.env, io.cwd ?? process.cwd());
  try {
    config = loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) {
      io.err(envFile ? `${error.message}\n(settings read from the environment and ${envFile})` : error.message);
      return 2;
    }
    throw error;
  }
  const oneShot = command !== 'start';
  const level = oneShot && config.LOG_LEVEL !== 'debug' ? 'warn' : config.LOG_LEVEL;
  const logger = createLogger({
    level,
    // Through io.err, so the terminal adapter can print log lines above its prompt.
    write: (line) => io.err(line),
    secrets: [config.DISCORD_TOKEN, config.SLACK_BOT_TOKEN, config.SLACK_APP_TOKEN, config.SLACK_SIGNING_SECRET, config.SLACK_CLIENT_SECRET, config.SLACK_STATE_SECRET, config.HF_TOKEN],
  });
  try {
    switch (command) {
      case 'start':
        parseArgs({ args: rest, options: {}, allowPositionals: false });
        return await (await import('./cli/start.js')).runStart(config, logger, io);
      case 'migrate':
        parseArgs({ args: rest, options: {}, allowPositionals: false });
        return await (await import('./cli/migrate-command.js')).runMigrateCommand(config, logger, io);
      case 'ingest':
        return await (await import('./cli/ingest-command.js')).runIngestCommand(rest, config, logger, io);
      case 'search':
        return await (await import('./cli/search-command.js')).runSearchCommand(rest, config, logger, io);
      case 'digest':
        return await (await import('./cli/digest-command.js')).runDigestCommand(rest, config, logger, io);
      default:
        return await (await import('./cli/paper-command.js')).runPaperCommand(rest, config, logger, io);
    }
  } catch (error) {
    if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      io.err(`${(error as Error).message}\nRun "paperboy help" for usage.`);
      return 2;
    }
    if ((error as Error).name === 'DataDirBusyError') {
      // Expected, not a crash: one line that says how, printed once (not logged as well).
      io.err(busyDataDirWords(command, (error as { dir?: string }).dir ?? config.PAPERBOY_DATA_DIR));
      return 1;
    }
    logger.error('paperboy failed', { command, error });
    io.err(`paperboy ${command} failed: ${(error as Error).message ?? String(error)}`);
    return 1;
  }
}

/** What to do when `paperboy <command>` finds the embedded database held by a running Paperboy. */
function busyDataDirWords(command: string, dir: string): string {
  const inIt: Record<string, string> = {
    search: 'a running `paperboy start` answers plain `paperboy search QUERY` (no --json, no --limit) itself; or type /papers search <query> at its prompt',
    digest: 'type /papers digest [YYYY-MM-DD] at its prompt',
    paper: 'a running `paperboy start` answers plain `paperboy paper ID` (no --json) itself; or type /papers paper <arXiv id> at its prompt',
    ingest: 'it already ingests on its INGEST_CRON schedule',
    migrate: 'it applied the migrations when it started',
  };
  const how = inIt[command] ? `${inIt[command]}, or stop it first` : 'stop it first';
  return `paperboy ${command}: a running Paperboy holds the embedded database in ${dir} (one process at a time): ${how}. To run both, use a Postgres server (DATABASE_URL).`;
}

/** Runs one command as the process: bin/paperboy.js calls it, as does `node dist/cli.js`. */
export function runCli(argv: string[]): void {
  const io: CliIo = {
    out: (text) => process.stdout.write(`${text}\n`),
    err: (text) => process.stderr.write(`${text}\n`),
    env: process.env,
    stdin: process.stdin,
    stdout: process.stdout,
    isTTY: Boolean(process.stdout.isTTY),
  };
  main(argv, io).then(
    (code) => {
      // start resolves when it is told to stop; one-shot commands when done.
      // Everything is closed by now; a library handle left behind (stdin, a timer) must not keep
      // the process alive; unref'd, so a process with nothing left exits at once.
      process.exitCode = code;
      setTimeout(() => process.exit(code), 200).unref();
    },
    (error: unknown) => {
      process.stderr.write(`paperboy: ${(error as Error)?.message ?? String(error)}\n`);
      process.exit(1);
    },
  );
}

const isEntry = process.argv[1] !== undefined && /cli\.(ts|js)$/.test(process.argv[1]);
if (isEntry) runCli(process.argv.slice(2));
