import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { botScopes } from '../../src/slack/index.js';

// The manifests are what users paste into api.slack.com; they must ask for what the code uses.
interface Manifest {
  features: { slash_commands: { command: string; url?: string }[]; app_home: { home_tab_enabled: boolean; messages_tab_enabled: boolean; messages_tab_read_only_enabled: boolean } };
  oauth_config: { scopes: { bot: string[] }; redirect_urls?: string[] };
  settings: { event_subscriptions: { bot_events: string[]; request_url?: string }; socket_mode_enabled: boolean; interactivity: { is_enabled: boolean; request_url?: string } };
}
const read = (name: string) => JSON.parse(readFileSync(new URL(`../../slack/${name}`, import.meta.url), 'utf8')) as Manifest;

describe.each(['manifest.json', 'manifest.http.json'])('slack/%s', (name) => {
  const manifest = read(name);
  it('declares /papers, the bot scopes the OAuth flow requests and the events handled', () => {
    expect(manifest.features.slash_commands.map((c) => c.command)).toEqual(['/papers']);
    expect([...manifest.oauth_config.scopes.bot].sort()).toEqual([...botScopes({ SLACK_MANAGERS: 'members' })].sort());
    expect(manifest.settings.interactivity.is_enabled).toBe(true);
    expect(manifest.features.app_home.home_tab_enabled).toBe(true);
    // The Messages tab is where a person keeps a digest of their own, typing commands there.
    expect(manifest.features.app_home).toMatchObject({ messages_tab_enabled: true, messages_tab_read_only_enabled: false });
    expect([...manifest.settings.event_subscriptions.bot_events].sort()).toEqual(['app_home_opened', 'app_uninstalled', 'message.im', 'tokens_revoked']);
  });
});

describe('the two modes', () => {
  it('Socket Mode needs no URL; HTTP and OAuth mode point every URL at the routes Paperboy serves', () => {
    const socket = read('manifest.json');
    expect(socket.settings.socket_mode_enabled).toBe(true);
    expect(socket.settings.event_subscriptions.request_url).toBeUndefined();
    const http = read('manifest.http.json');
    expect(http.settings.socket_mode_enabled).toBe(false);
    expect(new URL(http.features.slash_commands[0]!.url!).pathname).toBe('/slack/events');
    expect(new URL(http.settings.event_subscriptions.request_url!).pathname).toBe('/slack/events');
    expect(new URL(http.settings.interactivity.request_url!).pathname).toBe('/slack/events');
    expect(http.oauth_config.redirect_urls?.map((u) => new URL(u).pathname)).toEqual(['/slack/oauth_redirect']);
  });

  it('asks for users:read only when SLACK_MANAGERS=admins needs it', () => {
    expect(botScopes({ SLACK_MANAGERS: 'members' })).not.toContain('users:read');
    expect(botScopes({ SLACK_MANAGERS: 'admins' })).toContain('users:read');
  });
});
