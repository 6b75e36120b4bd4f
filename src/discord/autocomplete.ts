import type { AutocompleteInteraction } from 'discord.js';
import type { Logger, SubscriptionStore } from '../core/ports.js';
import { suggestTimeZones } from '../core/subscriptions/timezones.js';
import { optionNames } from './command-definition.js';
import { interactionChannel } from './direct-messages.js';
import { limits } from './message-limits.js';

// Suggestions while the user types: the channel's own topics for `unsubscribe`, IANA zone names for
// `schedule`. Autocomplete must answer within 3 s and may not be deferred, so failures answer with
// an empty list rather than nothing.

export interface AutocompleteDeps {
  subscriptions: Pick<SubscriptionStore, 'topics'>;
  logger: Logger;
}

export async function answerAutocomplete(interaction: AutocompleteInteraction, deps: AutocompleteDeps): Promise<void> {
  let values: string[] = [];
  try {
    values = await suggestions(interaction, deps);
  } catch (error) {
    deps.logger.warn('discord: autocomplete failed', { error });
  }
  const choices = values
    .filter((v) => v.length >= 1 && v.length <= limits.choiceValue)
    .slice(0, limits.autocompleteChoices)
    .map((value) => ({ name: value, value }));
  await interaction.respond(choices);
}

async function suggestions(interaction: AutocompleteInteraction, deps: AutocompleteDeps): Promise<string[]> {
  const focused = interaction.options.getFocused(true);
  const sub = interaction.options.getSubcommand(false);
  const typed = String(focused.value);
  if (sub === 'schedule' && focused.name === optionNames.timezone) return suggestTimeZones(typed, limits.autocompleteChoices);
  const channel = interactionChannel(interaction);
  if (sub === 'unsubscribe' && focused.name === optionNames.topic && channel) {
    const topics = await deps.subscriptions.topics(channel);
    const needle = typed.trim().toLowerCase();
    return topics.filter((t) => t.toLowerCase().includes(needle));
  }
  return [];
}
