import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, configVariables, enabledPlatforms, loadConfig } from '../../src/core/config.js';
import { withEnvFile } from '../../src/core/env-file.js';
import { createLogger, redactSecrets } from '../../src/core/logger.js';

describe('loadConfig', () => {
  it('gives sane defaults with an empty environment', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      PAPERBOY_DATA_DIR: './data',
      HF_API_URL: 'https://huggingface.co',
      DISCORD_API_URL: 'https://discord.com/api',
      SLACK_API_URL: 'https://slack.com/api',
      INGEST_CRON: '*/30 * * * *',
      DIGEST_TICK_CRON: '* * * * *',
      DIGEST_CUTOFF_HOURS: 12,
      SLACK_MANAGERS: 'members',
    });
    expect(config.DATABASE_URL).toBeUndefined();
    expect(enabledPlatforms(config)).toEqual({ discord: false, slack: false });
  });

  it('names each bad variable and how to fix it', () => {
    try {
      loadConfig({ HF_API_URL: 'huggingface.co', INGEST_CRON: 'every hour', DEFAULT_TIMEZONE: 'Mars/Olympus', DIGEST_CUTOFF_HOURS: '99', SLACK_BOT_TOKEN: 'abc' });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const text = (error as ConfigError).message;
      for (const name of ['HF_API_URL', 'INGEST_CRON', 'DEFAULT_TIMEZONE', 'DIGEST_CUTOFF_HOURS', 'SLACK_BOT_TOKEN']) expect(text).toContain(name);
    }
  });

  it('checks that Slack settings go together', () => {
    expect(() => loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1' })).toThrow(/SLACK_SIGNING_SECRET/);
    expect(() => loadConfig({ SLACK_CLIENT_ID: 'x' })).toThrow(/SLACK_CLIENT_SECRET/);
    expect(enabledPlatforms(loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1' })).slack).toBe(true);
  });

  it('documents every variable in .env.example', () => {
    const example = readFileSync(new URL('../../.env.example', import.meta.url), 'utf8');
    const documented = new Set([...example.matchAll(/^([A-Z_]+)=/gm)].map((m) => m[1]));
    for (const name of configVariables) expect(documented, name).toContain(name);
  });
});

describe('logger', () => {
  it('never writes tokens', () => {
    const lines: string[] = [];
    const logger = createLogger({ write: (l) => lines.push(l), secrets: ['my-discord-token-value'] });
    logger.info('login with my-discord-token-value', { token: 'xoxb-123-456-abc', url: 'postgres://u:hunter2@db/x' });
    expect(lines.join('\n')).not.toMatch(/my-discord-token-value|xoxb-123|hunter2/);
    expect(redactSecrets('xapp-1-A0-123')).toBe('***');
  });
});

describe('.env and .env.example as a newcomer uses them', () => {
  it('sources .env.example in a shell without expanding the cron values, and the result is a valid config', () => {
    const printed = execFileSync('sh', ['-c', 'set -a; . ./.env.example; set +a; node -e "process.stdout.write(JSON.stringify(process.env))"'], {
      cwd: new URL('../..', import.meta.url).pathname,
      env: { PATH: process.env.PATH ?? '' },
      encoding: 'utf8',
    });
    const env = JSON.parse(printed) as Record<string, string>;
    expect(env.INGEST_CRON).toBe('*/30 * * * *');
    expect(env.DIGEST_TICK_CRON).toBe('* * * * *');
    const config = loadConfig(env);
    expect(config.INGEST_CRON).toBe('*/30 * * * *');
    expect(enabledPlatforms(config)).toEqual({ discord: false, slack: false });
  });

  it('reads a copied .env, and a variable set in the environment wins over the file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'paperboy-env-'));
    try {
      writeFileSync(join(dir, '.env'), `${readFileSync(new URL('../../.env.example', import.meta.url), 'utf8')}\nDISCORD_TOKEN=abc.def.ghi\nLOG_LEVEL=debug\n`);
      const { env, file } = withEnvFile({ LOG_LEVEL: 'warn' }, dir);
      expect(file).toBe(join(dir, '.env'));
      const config = loadConfig(env);
      expect(enabledPlatforms(config).discord).toBe(true);
      expect(config.LOG_LEVEL).toBe('warn');
      expect(withEnvFile({}, join(dir, 'nowhere')).file).toBeUndefined();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('takes DISCORD_GATEWAY=off as .env.example suggests', () => {
    expect(loadConfig({ DISCORD_GATEWAY: 'off' }).DISCORD_GATEWAY).toBe(false);
    expect(loadConfig({ DISCORD_GATEWAY: 'on' }).DISCORD_GATEWAY).toBe(true);
    expect(() => loadConfig({ DISCORD_GATEWAY: 'maybe' })).toThrow(/DISCORD_GATEWAY must be true or false/);
  });
});
