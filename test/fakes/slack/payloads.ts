// Payloads as Slack sends them: a slash command's fields, block_actions, Events API callbacks.

export interface SlashCommandInput {
  text: string;
  teamId: string;
  channelId: string;
  userId: string;
  responseUrl: string;
  /** Slack names every direct message 'directmessage' (default: 'papers'). */
  channelName?: string;
}

/** A /papers invocation (socket: this object is the payload; HTTP: form-encode it with slashCommandForm). */
export function slashCommand(input: SlashCommandInput): Record<string, string> {
  return {
    token: 'verification-token-unused',
    command: '/papers',
    text: input.text,
    response_url: input.responseUrl,
    trigger_id: `trigger-${Date.now()}`,
    user_id: input.userId,
    user_name: input.userId.toLowerCase(),
    team_id: input.teamId,
    team_domain: input.teamId.toLowerCase(),
    channel_id: input.channelId,
    channel_name: input.channelName ?? 'papers',
    api_app_id: 'A0PAPERBOY',
  };
}

export function slashCommandForm(input: SlashCommandInput): string {
  return new URLSearchParams(slashCommand(input)).toString();
}

export interface ButtonClickInput {
  teamId: string;
  channelId: string;
  userId: string;
  responseUrl: string;
  actionId: string;
  value?: string;
  channelName?: string;
}

export function blockActions(input: ButtonClickInput): Record<string, unknown> {
  return {
    type: 'block_actions',
    api_app_id: 'A0PAPERBOY',
    token: 'verification-token-unused',
    trigger_id: `trigger-${Date.now()}`,
    team: { id: input.teamId, domain: input.teamId.toLowerCase() },
    user: { id: input.userId, username: input.userId.toLowerCase(), team_id: input.teamId },
    channel: { id: input.channelId, name: input.channelName ?? 'papers' },
    container: { type: 'message', channel_id: input.channelId, message_ts: '1700000000.000100', is_ephemeral: true },
    response_url: input.responseUrl,
    actions: [
      {
        type: 'button',
        action_id: input.actionId,
        block_id: 'b1',
        text: { type: 'plain_text', text: 'button' },
        ...(input.value !== undefined ? { value: input.value } : {}),
        action_ts: `${Date.now() / 1000}`,
      },
    ],
  };
}

export function eventCallback(teamId: string, event: Record<string, unknown>): Record<string, unknown> {
  return {
    token: 'verification-token-unused',
    team_id: teamId,
    api_app_id: 'A0PAPERBOY',
    event: { event_ts: `${Date.now() / 1000}`, ...event },
    type: 'event_callback',
    event_id: `Ev${Date.now()}${Math.floor(Math.random() * 1000)}`,
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [{ enterprise_id: null, team_id: teamId, user_id: `U${teamId}BOT`, is_bot: true, is_enterprise_install: false }],
  };
}

/** A message a person typed in the app's Messages tab (message.im), as an event_callback. */
export function imMessage(teamId: string, input: { channel: string; user: string; text: string; threadTs?: string }): Record<string, unknown> {
  const ts = `${(Date.now() / 1000).toFixed(6)}`;
  return eventCallback(teamId, {
    type: 'message',
    channel: input.channel,
    user: input.user,
    text: input.text,
    ts,
    ...(input.threadTs ? { thread_ts: input.threadTs } : {}),
    team: teamId,
    blocks: [{ type: 'rich_text', block_id: 'r1', elements: [{ type: 'rich_text_section', elements: [{ type: 'text', text: input.text }] }] }],
    channel_type: 'im',
  });
}
