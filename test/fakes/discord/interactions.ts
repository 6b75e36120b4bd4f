import { channelPayload, dmChannelPayload, interactionToken, snowflake, userPayload, type FakeChannel, type FakeUser } from './payloads.js';

// INTERACTION_CREATE payloads as the gateway delivers them (API v10): slash commands with a
// subcommand, autocomplete with a focused option, and button clicks carrying their message. In a
// server they carry guild_id and member; in the bot's DM (context 1, BOT_DM) a top-level user, the
// DM channel (type 1) and no guild at all.

/** A plain member's bits in a channel: add reactions, view, send, embed links, read history, use commands. */
export const memberPermissions = (1n << 6n) | (1n << 10n) | (1n << 11n) | (1n << 14n) | (1n << 16n) | (1n << 31n);
export const manageChannels = 1n << 4n;
/** What the bot was invited with, as Discord reports it in app_permissions. */
export const botPermissions = (1n << 10n) | (1n << 11n) | (1n << 14n) | (1n << 35n) | (1n << 38n);

export type OptionValue = string | number | boolean;

export interface InteractionBase {
  applicationId: string;
  /** undefined: the interaction comes from the caller's DM with the bot. */
  guildId: string | undefined;
  channel: FakeChannel;
  user: FakeUser;
  /** The member's permissions in the channel (overwrites applied), as Discord computes them. */
  permissions: bigint;
  /** In a DM: whom its channel names as recipient (default the caller: the bot's DM with them). */
  dmRecipient?: FakeUser;
  /** A payload from before Discord sent `context` (2024): the field is left out. */
  omitContext?: boolean;
}

export interface BuiltInteraction {
  id: string;
  token: string;
  payload: Record<string, unknown>;
}

const optionTypes = { string: 3, integer: 4, boolean: 5 } as const;

function optionType(value: OptionValue): number {
  if (typeof value === 'boolean') return optionTypes.boolean;
  if (typeof value === 'number') return Number.isInteger(value) ? optionTypes.integer : 10;
  return optionTypes.string;
}

/** What the bot may do in a DM, as app_permissions reports it there (view, send, embed, history...). */
export const botDmPermissions = (1n << 6n) | (1n << 10n) | (1n << 11n) | (1n << 14n) | (1n << 15n) | (1n << 16n);

function base(kind: number, input: InteractionBase, data: Record<string, unknown>): BuiltInteraction {
  const id = snowflake();
  const token = interactionToken();
  const place = input.guildId === undefined ? inBotDm(input) : inGuild(input, input.guildId);
  const payload = {
    id,
    application_id: input.applicationId,
    type: kind,
    token,
    version: 1,
    channel_id: input.channel.id,
    ...place.fields,
    locale: 'en-US',
    // discord.js calls .reduce on this without a guard.
    entitlements: [],
    ...(input.omitContext ? {} : { context: place.context }),
    attachment_size_limit: 10_485_760,
    data,
  };
  return { id, token, payload };
}

interface Place {
  /** 0 GUILD, 1 BOT_DM. */
  context: number;
  fields: Record<string, unknown>;
}

/** The bot's DM: a top-level user, the DM channel (type 1), no guild. */
function inBotDm(input: InteractionBase): Place {
  return {
    context: 1,
    fields: {
      channel: dmChannelPayload(input.channel.id, input.dmRecipient ?? input.user),
      user: userPayload(input.user),
      app_permissions: botDmPermissions.toString(),
      // A guild-installed app in its bot DM: the guild-install owner is "0" (no server).
      authorizing_integration_owners: { '0': '0' },
    },
  };
}

/** A server channel: guild_id, the guild, and the caller as a member with its permissions there. */
function inGuild(input: InteractionBase, guildId: string): Place {
  return {
    context: 0,
    fields: {
      guild_id: guildId,
      guild: { id: guildId, locale: 'en-US', features: [] },
      channel: channelPayload(guildId, input.channel),
      member: {
        user: userPayload(input.user),
        roles: [],
        permissions: input.permissions.toString(),
        joined_at: '2026-01-01T00:00:00.000Z',
        premium_since: null,
        deaf: false,
        mute: false,
        pending: false,
        nick: null,
        avatar: null,
        flags: 0,
        communication_disabled_until: null,
      },
      app_permissions: botPermissions.toString(),
      guild_locale: 'en-US',
      authorizing_integration_owners: { '0': guildId },
    },
  };
}

type CommandInteractionInput = InteractionBase & { commandId: string; commandName: string; subcommand: string };

/** A chat-input command's data: the /papers command with one subcommand and its options. */
function commandData(input: CommandInteractionInput, options: Record<string, unknown>[]): Record<string, unknown> {
  return {
    id: input.commandId,
    name: input.commandName,
    type: 1,
    ...(input.guildId !== undefined ? { guild_id: input.guildId } : {}),
    options: [{ name: input.subcommand, type: 1, options }],
  };
}

export function chatInputInteraction(input: CommandInteractionInput & { options?: Record<string, OptionValue> }): BuiltInteraction {
  const options = Object.entries(input.options ?? {}).map(([name, value]) => ({ name, type: optionType(value), value }));
  return base(2, input, commandData(input, options));
}

export function autocompleteInteraction(input: CommandInteractionInput & { options: Record<string, string>; focused: string }): BuiltInteraction {
  const options = Object.entries(input.options).map(([name, value]) => ({
    name,
    type: optionTypes.string,
    value,
    ...(name === input.focused ? { focused: true } : {}),
  }));
  return base(4, input, commandData(input, options));
}

export function buttonInteraction(input: InteractionBase & { customId: string; message: Record<string, unknown> }): BuiltInteraction {
  const built = base(3, input, { custom_id: input.customId, component_type: 2 });
  built.payload.message = input.message;
  return built;
}
