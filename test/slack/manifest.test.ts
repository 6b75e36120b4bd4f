import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { botScopes } from '../../src/slack/index.js';

// The manifest is what users paste into api.slack.com; it must ask for what the code uses.
const manifest = JSON.parse(readFileSync(new URL('../../slack/manifest.json', import.meta.url), 'utf8')) as {
  features: { slash_commands: { command: string }[]; app_home: { home_tab_enabled: boolean } };
  oauth_config: { scopes: { bot: string[] } };
  settings: { event_subscriptions: { bot_events: string[] }; socket_mode_enabled: boolean; interactivity: { is_enabled: boolean } };
};

describe('slack/manifest.json', () => {
  it('declares /papers, the bot scopes the OAuth flow requests, Socket Mode and the events handled', () => {
    expect(manifest.features.slash_commands.map((c) => c.command)).toEqual(['/papers']);
    expect([...manifest.oauth_config.scopes.bot].sort()).toEqual([...botScopes].sort());
    expect(manifest.settings.socket_mode_enabled).toBe(true);
    expect(manifest.settings.interactivity.is_enabled).toBe(true);
    expect(manifest.features.app_home.home_tab_enabled).toBe(true);
    expect([...manifest.settings.event_subscriptions.bot_events].sort()).toEqual(['app_home_opened', 'app_uninstalled', 'tokens_revoked']);
  });
});
