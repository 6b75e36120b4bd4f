import { MessageFlags, type ButtonInteraction, type ChatInputCommandInteraction } from 'discord.js';
import { toInteractionOptions, type OutgoingMessage } from './outgoing-message.js';

// Discord drops an interaction that gets no first response within 3 seconds. Rather than guess which
// commands are slow, the work starts at once and we wait a short while for it: fast answers go out as
// one reply, slow ones are deferred (the "thinking…" state) and the answer edits that in later.

export interface Answer {
  messages: OutgoingMessage[];
  ephemeral: boolean;
}

export interface RespondOptions {
  /** Ephemeral state to defer with; the answer's own flag may only make it more private. */
  ephemeral: boolean;
  /** 'reply' answers with a new message; 'update' replaces the message the clicked button sits on. */
  mode: 'reply' | 'update';
  /** How long to wait for the work before deferring. */
  deferAfterMs: number;
}

type Repliable = ChatInputCommandInteraction | ButtonInteraction;

export async function respondInTime(interaction: Repliable, work: Promise<Answer>, options: RespondOptions): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const early = await Promise.race([
    work.then((answer) => ({ answer })),
    new Promise<null>((resolve) => {
      timer = setTimeout(() => resolve(null), options.deferAfterMs);
    }),
  ]).finally(() => clearTimeout(timer));

  if (early) {
    await answerDirectly(interaction, early.answer, options);
    return;
  }
  if (options.mode === 'update' && interaction.isButton()) await interaction.deferUpdate();
  else await interaction.deferReply(options.ephemeral ? { flags: MessageFlags.Ephemeral } : {});
  const answer = await work;
  if (answer.ephemeral && !options.ephemeral && options.mode === 'reply') {
    // Deferred in public but the answer is private (an error): drop the public placeholder.
    await interaction.deleteReply();
    await followUps(interaction, answer.messages, true);
    return;
  }
  const [first, ...rest] = answer.messages;
  if (first) await interaction.editReply(toInteractionOptions(first));
  await followUps(interaction, rest, answer.ephemeral);
}

async function answerDirectly(interaction: Repliable, answer: Answer, options: RespondOptions): Promise<void> {
  const [first, ...rest] = answer.messages;
  if (!first) return;
  if (options.mode === 'update' && interaction.isButton()) {
    await interaction.update(toInteractionOptions(first));
  } else {
    const ephemeral = answer.ephemeral || options.ephemeral;
    await interaction.reply({ ...toInteractionOptions(first), ...(ephemeral ? { flags: MessageFlags.Ephemeral } : {}) });
  }
  await followUps(interaction, rest, answer.ephemeral || options.ephemeral);
}

async function followUps(interaction: Repliable, messages: OutgoingMessage[], ephemeral: boolean): Promise<void> {
  for (const message of messages) {
    await interaction.followUp({ ...toInteractionOptions(message), ...(ephemeral ? { flags: MessageFlags.Ephemeral } : {}) });
  }
}
