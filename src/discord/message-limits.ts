import type { APIEmbed } from 'discord.js';

// Discord rejects a whole message with 400 when any limit is exceeded, so renderers check these
// before sending instead of trusting that papers are short. Source: Discord API docs, message resource.

export const limits = {
  content: 2000,
  embedsPerMessage: 10,
  /** Title + description + field names/values + footer + author across all embeds of one message. */
  embedCharsPerMessage: 6000,
  title: 256,
  description: 4096,
  fieldsPerEmbed: 25,
  fieldName: 256,
  fieldValue: 1024,
  footer: 2048,
  authorName: 256,
  actionRowsPerMessage: 5,
  buttonsPerRow: 5,
  buttonLabel: 80,
  customId: 100,
  threadName: 100,
  autocompleteChoices: 25,
  choiceName: 100,
  choiceValue: 100,
} as const;

/** The characters of one embed that count towards the 6000 per-message total. */
export function embedLength(embed: APIEmbed): number {
  let total = (embed.title?.length ?? 0) + (embed.description?.length ?? 0);
  total += embed.footer?.text.length ?? 0;
  total += embed.author?.name.length ?? 0;
  for (const field of embed.fields ?? []) total += field.name.length + field.value.length;
  return total;
}

/** Every limit one embed must respect; returns what is wrong, empty when it fits. */
export function embedProblems(embed: APIEmbed): string[] {
  const problems: string[] = [];
  if ((embed.title?.length ?? 0) > limits.title) problems.push('title too long');
  if ((embed.description?.length ?? 0) > limits.description) problems.push('description too long');
  if ((embed.footer?.text.length ?? 0) > limits.footer) problems.push('footer too long');
  if ((embed.author?.name.length ?? 0) > limits.authorName) problems.push('author too long');
  const fields = embed.fields ?? [];
  if (fields.length > limits.fieldsPerEmbed) problems.push('too many fields');
  for (const field of fields) {
    if (field.name.length === 0 || field.name.length > limits.fieldName) problems.push(`field name "${field.name.slice(0, 20)}" length`);
    if (field.value.length === 0 || field.value.length > limits.fieldValue) problems.push(`field "${field.name.slice(0, 20)}" value length`);
  }
  if (embedLength(embed) > limits.embedCharsPerMessage) problems.push('embed over 6000 characters');
  return problems;
}

/**
 * Groups embeds into as few messages as the per-message limits allow, keeping their order. An embed
 * that alone exceeds the total is a renderer bug; it still gets a message of its own rather than
 * silently disappearing, and embedProblems() names it in tests.
 */
export function packEmbeds<T>(items: T[], lengthOf: (item: T) => number, maxPerMessage: number = limits.embedsPerMessage): T[][] {
  const groups: T[][] = [];
  let current: T[] = [];
  let chars = 0;
  for (const item of items) {
    const size = lengthOf(item);
    if (current.length > 0 && (current.length >= maxPerMessage || chars + size > limits.embedCharsPerMessage)) {
      groups.push(current);
      current = [];
      chars = 0;
    }
    current.push(item);
    chars += size;
  }
  if (current.length > 0) groups.push(current);
  return groups;
}
