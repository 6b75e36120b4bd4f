import {
  DiscordAPIError,
  MessageFlags,
  RESTJSONErrorCodes,
  PermissionFlagsBits,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  type Interaction,
} from 'discord.js';
import type { CommandInput } from '../core/commands/command.js';
import type { CommandContext, CommandRunner } from '../core/commands/context.js';
import { validateCommand } from '../core/commands/parse.js';
import { errorReply, type Reply } from '../core/commands/reply.js';
import { ErrorCode } from '../core/errors.js';
import type { Logger, SubscriptionStore } from '../core/ports.js';
import { answerAutocomplete } from './autocomplete.js';
import { buttonCommand, decodeButton } from './buttons.js';
import { commandName } from './command-definition.js';
import { interactionChannel, isDirectMessage } from './direct-messages.js';
import { toCommandInput } from './command-options.js';
import { renderReply } from './render-reply.js';
import { respondInTime, type Answer } from './respond.js';

// Interactions -> core commands -> rendered answers. Transport only: permissions come from the
// member's Discord permissions, the decision whether that is enough is the core's.

export interface InteractionDeps {
  commands: CommandRunner;
  subscriptions: Pick<SubscriptionStore, 'topics'>;
  logger: Logger;
  /** Wait this long for a command before deferring (Discord allows 3 s for the first response). */
  deferAfterMs: number;
}

export function createInteractionHandler(deps: InteractionDeps): (interaction: Interaction) => Promise<void> {
  return async (interaction) => {
    try {
      if (interaction.isChatInputCommand() && interaction.commandName === commandName) {
        await handleCommand(interaction, deps);
      } else if (interaction.isAutocomplete() && interaction.commandName === commandName) {
        await answerAutocomplete(interaction, deps);
      } else if (interaction.isButton() && decodeButton(interaction.customId)) {
        await handleButton(interaction, deps);
      }
    } catch (error) {
      await reportFailure(interaction, error, deps.logger);
    }
  };
}

async function handleCommand(interaction: ChatInputCommandInteraction, deps: InteractionDeps): Promise<void> {
  const context = commandContext(interaction);
  const mapped = toCommandInput({
    subcommand: interaction.options.getSubcommand(false),
    string: (name) => interaction.options.getString(name),
    integer: (name) => interaction.options.getInteger(name),
    boolean: (name) => interaction.options.getBoolean(name),
  });
  const input: CommandInput | null = mapped?.input ?? null;
  const work = context && input ? runCommand(input, context, deps) : Promise.resolve(notHere(context === null));
  const wantsPublic = mapped?.public === true;
  await respondInTime(interaction, work.then((reply) => answerFor(reply, wantsPublic)), {
    ephemeral: !wantsPublic,
    mode: 'reply',
    deferAfterMs: deps.deferAfterMs,
  });
}

async function handleButton(interaction: ButtonInteraction, deps: InteractionDeps): Promise<void> {
  const action = decodeButton(interaction.customId);
  const context = commandContext(interaction);
  if (!action || !context) return;
  // Paging an ephemeral answer replaces it; a click on a public message (a digest, a shared search)
  // must not change what everyone sees, so it answers the clicker privately.
  const onPrivateMessage = interaction.message.flags.has(MessageFlags.Ephemeral);
  const paging = action.kind === 'search' || (action.kind === 'similar' && action.page > 1);
  const work = runCommand(buttonCommand(action), context, deps).then((reply) => answerFor(reply, false));
  await respondInTime(interaction, work, {
    ephemeral: true,
    mode: paging && onPrivateMessage ? 'update' : 'reply',
    deferAfterMs: deps.deferAfterMs,
  });
}

function commandContext(interaction: ChatInputCommandInteraction | ButtonInteraction): CommandContext | null {
  const channel = interactionChannel(interaction);
  if (!channel) return null;
  return {
    channel,
    caller: { id: interaction.user.id, name: interaction.user.username },
    // A person's DM with the bot is theirs alone to manage. In a server, memberPermissions are the
    // member's permissions in this channel, overwrites applied.
    canManage: isDirectMessage(channel) || (interaction.memberPermissions?.has(PermissionFlagsBits.ManageChannels) ?? false),
  };
}

async function runCommand(input: CommandInput, context: CommandContext, deps: InteractionDeps): Promise<Reply> {
  const parsed = validateCommand(input);
  if (!parsed.ok) return parsed.reply;
  try {
    return await deps.commands.run(parsed.command, context);
  } catch (error) {
    // The runner promises to resolve; if it does not, the user still gets an answer.
    deps.logger.error('discord: command failed', { command: input.name, error });
    return errorReply(ErrorCode.Internal, 'Something went wrong on our side. Please try again in a minute.');
  }
}

function notHere(elsewhere: boolean): Reply {
  return elsewhere
    ? errorReply(ErrorCode.Usage, '/papers works in a server channel or in your direct messages with me, not in other conversations.')
    : errorReply(ErrorCode.Usage, 'This command is out of date. Discord may still be updating it; try again in a minute.');
}

/** Errors stay private even when the user asked for a public answer. */
function answerFor(reply: Reply, wantsPublic: boolean): Answer {
  return { messages: renderReply(reply), ephemeral: !wantsPublic || reply.error !== undefined };
}

/** Discord's answers for an interaction that is no longer ours to answer. */
const goneInteraction = new Set<number>([RESTJSONErrorCodes.UnknownInteraction, RESTJSONErrorCodes.InteractionHasAlreadyBeenAcknowledged]);

/** The adapter's one error handler for interactions: log it, tell the user, never throw. */
async function reportFailure(interaction: Interaction, error: unknown, logger: Logger): Promise<void> {
  if (error instanceof DiscordAPIError && typeof error.code === 'number' && goneInteraction.has(error.code)) {
    // Expired (answered too late) or answered elsewhere (a second process on the same shard):
    // there is no one left to tell, and a follow-up would fail the same way.
    logger.warn('discord: interaction could not be answered', { id: interaction.id, error: error.message });
    return;
  }
  logger.error('discord: interaction failed', { type: interaction.type, id: interaction.id, error });
  if (!interaction.isRepliable()) return;
  const content = 'Something went wrong while answering. Please try again.';
  try {
    if (interaction.deferred || interaction.replied) {
      await interaction.followUp({ content, flags: MessageFlags.Ephemeral, allowedMentions: { parse: [] } });
    } else {
      await interaction.reply({ content, flags: MessageFlags.Ephemeral, allowedMentions: { parse: [] } });
    }
  } catch (second) {
    // The token may have expired or Discord may be down; nothing else to tell the user.
    logger.warn('discord: could not report the failure to the user', { id: interaction.id, error: second });
  }
}
