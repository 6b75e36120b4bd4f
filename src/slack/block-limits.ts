import type { types } from '@slack/bolt';

// Block Kit limits (platform-facts §C). Every renderer stays inside them so Slack never answers
// invalid_blocks or msg_blocks_too_long; the tests check each constant on the wire.

export type Block = types.KnownBlock;

export const limits = {
  blocksPerMessage: 50,
  blocksPerView: 100,
  sectionText: 3000,
  headerText: 150,
  contextElements: 10,
  actionsElements: 25,
  buttonText: 75,
  buttonValue: 2000,
  buttonUrl: 3000,
  /** The top-level `text` is truncated by Slack above 40,000; notifications need far less. */
  fallbackText: 3000,
  /**
   * Slack rejects messages whose blocks carry roughly 12-13k characters in total (msg_blocks_too_long,
   * undocumented; bolt-js #2509, #2867). We stay well under it.
   */
  blockCharsPerMessage: 10_000,
} as const;

/** Characters a block contributes to the undocumented cumulative cap: every text it carries. */
export function blockChars(block: Block): number {
  let total = 0;
  const visit = (value: unknown): void => {
    if (typeof value === 'string') return;
    if (Array.isArray(value)) {
      value.forEach(visit);
      return;
    }
    if (value && typeof value === 'object') {
      for (const [key, inner] of Object.entries(value)) {
        if (key === 'text' && typeof inner === 'string') total += inner.length;
        else visit(inner);
      }
    }
  };
  visit(block);
  return total;
}

/** Splits blocks into messages of at most `maxBlocks` blocks and `maxChars` characters each, keeping groups whole. */
export function packGroups(groups: Block[][], maxBlocks: number, maxChars: number): Block[][] {
  const messages: Block[][] = [];
  let current: Block[] = [];
  let chars = 0;
  for (const group of groups) {
    const groupChars = group.reduce((n, b) => n + blockChars(b), 0);
    if (current.length > 0 && (current.length + group.length > maxBlocks || chars + groupChars > maxChars)) {
      messages.push(current);
      current = [];
      chars = 0;
    }
    current.push(...group);
    chars += groupChars;
  }
  if (current.length > 0) messages.push(current);
  return messages;
}
