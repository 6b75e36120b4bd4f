import { z } from 'zod';
import cron from 'node-cron';
import { isValidTimeZone } from './subscriptions/timezones.js';

// The only reader of process.env. Every variable is documented in .env.example.

const optionalString = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()));

const url = (name: string, fallback: string) =>
  z
    .string()
    .optional()
    .transform((v) => (v === undefined || v.trim() === '' ? fallback : v.trim().replace(/\/+$/, '')))
    .refine((v) => /^https?:\/\//.test(v), {
      message: `${name} must be an http(s) URL, e.g. ${fallback}`,
    });

const cronExpr = (name: string, fallback: string) =>
  z
    .string()
    .optional()
    .transform((v) => (v === undefined || v.trim() === '' ? fallback : v.trim()))
    .refine((v) => cron.validate(v), {
      message: `${name} is not a valid cron expression (five or six fields, e.g. "${fallback}")`,
    });

const int = (name: string, fallback: number, min: number, max: number) =>
  z
    .string()
    .optional()
    .transform((v) => (v === undefined || v.trim() === '' ? String(fallback) : v.trim()))
    .refine((v) => /^\d+$/.test(v) && Number(v) >= min && Number(v) <= max, {
      message: `${name} must be a whole number from ${min} to ${max}`,
    })
    .transform(Number);

const bool = (name: string, fallback: boolean) =>
  z
    .string()
    .optional()
    .transform((v) => (v === undefined || v.trim() === '' ? String(fallback) : v.trim().toLowerCase()))
    .refine((v) => ['true', 'false', '1', '0', 'yes', 'no', 'on', 'off'].includes(v), {
      message: `${name} must be true or false (on/off and yes/no work too)`,
    })
    .transform((v) => v === 'true' || v === '1' || v === 'yes' || v === 'on');

const envSchema = z.object({
  DATABASE_URL: optionalString.refine((v) => v === undefined || /^postgres(ql)?:\/\//.test(v), {
    message: 'DATABASE_URL must start with postgres:// (leave it unset to use the embedded database)',
  }),
  PAPERBOY_DATA_DIR: z
    .string()
    .optional()
    .transform((v) => (v === undefined || v.trim() === '' ? './data' : v.trim())),
  PAPERBOY_DB_CACHE_MB: int('PAPERBOY_DB_CACHE_MB', 16, 8, 16_384),
  HF_API_URL: url('HF_API_URL', 'https://huggingface.co'),
  HF_TOKEN: optionalString,
  HF_TIMEOUT_MS: int('HF_TIMEOUT_MS', 15_000, 100, 600_000),
  HF_LOOKUP_DEADLINE_MS: int('HF_LOOKUP_DEADLINE_MS', 8_000, 100, 60_000),
  HF_RETRIES: int('HF_RETRIES', 4, 0, 10),
  INGEST_CRON: cronExpr('INGEST_CRON', '*/30 * * * *'),
  INGEST_ON_START: bool('INGEST_ON_START', true),
  DIGEST_TICK_CRON: cronExpr('DIGEST_TICK_CRON', '* * * * *'),
  DIGEST_CUTOFF_HOURS: int('DIGEST_CUTOFF_HOURS', 12, 1, 23),
  DIGEST_LEASE_SECONDS: int('DIGEST_LEASE_SECONDS', 120, 10, 3600),
  DIGEST_CONCURRENCY: int('DIGEST_CONCURRENCY', 16, 1, 200),
  DIGEST_CLAIM_BATCH: int('DIGEST_CLAIM_BATCH', 64, 1, 5000),
  DEFAULT_DIGEST_TIME: z
    .string()
    .optional()
    .transform((v) => (v === undefined || v.trim() === '' ? '09:00' : v.trim()))
    .refine((v) => /^([01]\d|2[0-3]):[0-5]\d$/.test(v), {
      message: 'DEFAULT_DIGEST_TIME must be HH:MM on a 24-hour clock, e.g. 09:00',
    }),
  DEFAULT_TIMEZONE: z
    .string()
    .optional()
    .transform((v) => (v === undefined || v.trim() === '' ? 'UTC' : v.trim()))
    .refine((v) => isValidTimeZone(v), {
      message: 'DEFAULT_TIMEZONE must be an IANA time zone name, e.g. Europe/Berlin or UTC',
    }),
  INSTANCE_ID: optionalString,
  PAPERBOY_CLOCK_START: optionalString
    .refine((v) => v === undefined || (/^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:\d\d)$/.test(v) && !Number.isNaN(Date.parse(v))), {
      message: 'PAPERBOY_CLOCK_START must be an instant with its offset, e.g. 2026-11-28T08:59:00Z (leave it unset in production)',
    })
    .transform((v) => (v === undefined ? undefined : new Date(v))),
  LOG_LEVEL: z
    .string()
    .optional()
    .transform((v) => (v === undefined || v.trim() === '' ? 'info' : v.trim().toLowerCase()))
    .pipe(z.enum(['debug', 'info', 'warn', 'error', 'silent'], { message: 'LOG_LEVEL must be debug, info, warn, error or silent' })),
  PORT: int('PORT', 3000, 1, 65_535),

  DISCORD_TOKEN: optionalString,
  DISCORD_API_URL: url('DISCORD_API_URL', 'https://discord.com/api'),
  DISCORD_GUILD_ID: optionalString.refine((v) => v === undefined || /^\d{5,25}$/.test(v), {
    message: 'DISCORD_GUILD_ID must be a server id (a number; right-click the server with Developer Mode on, then Copy Server ID)',
  }),

  DISCORD_SHARDS: z
    .string()
    .optional()
    .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim().toLowerCase()))
    .refine((v) => v === undefined || v === 'auto' || (/^\d+$/.test(v) && Number(v) >= 1 && Number(v) <= 1024), {
      message: 'DISCORD_SHARDS must be auto or the total number of shards (1 to 1024)',
    }),
  DISCORD_SHARD_IDS: optionalString.refine((v) => v === undefined || /^\d+(\s*,\s*\d+)*$/.test(v), {
    message: 'DISCORD_SHARD_IDS must be a comma-separated list of shard ids, e.g. 0,1',
  }),
  DISCORD_GATEWAY: bool('DISCORD_GATEWAY', true),
  DISCORD_REQUESTS_PER_SECOND: int('DISCORD_REQUESTS_PER_SECOND', 50, 1, 10_000),

  SLACK_BOT_TOKEN: optionalString.refine((v) => v === undefined || v.startsWith('xoxb-'), {
    message: 'SLACK_BOT_TOKEN must be a bot token starting with xoxb- (OAuth & Permissions page of your Slack app)',
  }),
  SLACK_APP_TOKEN: optionalString.refine((v) => v === undefined || v.startsWith('xapp-'), {
    message: 'SLACK_APP_TOKEN must be an app-level token starting with xapp- with the connections:write scope (Basic Information page of your Slack app)',
  }),
  SLACK_SIGNING_SECRET: optionalString,
  SLACK_CLIENT_ID: optionalString,
  SLACK_CLIENT_SECRET: optionalString,
  SLACK_STATE_SECRET: optionalString,
  SLACK_API_URL: url('SLACK_API_URL', 'https://slack.com/api'),
  SLACK_MANAGERS: z
    .string()
    .optional()
    .transform((v) => (v === undefined || v.trim() === '' ? 'members' : v.trim().toLowerCase()))
    .pipe(z.enum(['members', 'admins'], { message: 'SLACK_MANAGERS must be members or admins' })),
});

export type Config = z.output<typeof envSchema>;

/** Every variable Paperboy reads (each is documented in .env.example). */
export const configVariables = Object.keys(envSchema.shape) as (keyof Config)[];

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Parses an environment (process.env by default) into a typed Config, or throws ConfigError naming each bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => {
        const name = issue.path.join('.');
        return issue.message.includes(name) ? issue.message : `${name}: ${issue.message}`;
      }),
    );
  }
  const config = parsed.data;
  const problems: string[] = [];
  if (config.SLACK_APP_TOKEN && !config.SLACK_BOT_TOKEN && !config.SLACK_CLIENT_ID) {
    problems.push('SLACK_APP_TOKEN is set but SLACK_BOT_TOKEN is not: Socket Mode needs the bot token (xoxb-) too');
  }
  const oauth = [config.SLACK_CLIENT_ID, config.SLACK_CLIENT_SECRET, config.SLACK_STATE_SECRET];
  if (oauth.some(Boolean) && !oauth.every(Boolean)) {
    problems.push('Slack OAuth needs all three of SLACK_CLIENT_ID, SLACK_CLIENT_SECRET and SLACK_STATE_SECRET');
  }
  if (config.SLACK_BOT_TOKEN && !config.SLACK_APP_TOKEN && !config.SLACK_SIGNING_SECRET) {
    problems.push(
      'SLACK_BOT_TOKEN is set without SLACK_APP_TOKEN (Socket Mode) or SLACK_SIGNING_SECRET (HTTP mode). You can find your Signing Secret in your Slack App Settings, Basic Information',
    );
  }
  if (oauth.every(Boolean) && !config.SLACK_SIGNING_SECRET) {
    problems.push('Slack OAuth (many workspaces) runs in HTTP mode and needs SLACK_SIGNING_SECRET');
  }
  if (config.DISCORD_SHARD_IDS !== undefined) {
    const count = Number(config.DISCORD_SHARDS);
    if (!Number.isInteger(count)) {
      problems.push('DISCORD_SHARD_IDS needs DISCORD_SHARDS set to the total number of shards (not auto)');
    } else if (config.DISCORD_SHARD_IDS.split(',').some((id) => Number(id) >= count)) {
      problems.push(`DISCORD_SHARD_IDS must be below DISCORD_SHARDS (${count})`);
    }
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}

/** Which chat adapters the config turns on. */
export function enabledPlatforms(config: Config): { discord: boolean; slack: boolean } {
  return {
    discord: config.DISCORD_TOKEN !== undefined,
    slack:
      config.SLACK_BOT_TOKEN !== undefined ||
      (config.SLACK_CLIENT_ID !== undefined && config.SLACK_CLIENT_SECRET !== undefined),
  };
}
