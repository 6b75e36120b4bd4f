import { escapeMarkdown } from 'discord.js';
import { cutClean } from '../core/papers/paper.js';

// Paper titles, abstracts and topics come from outside (the feed, users). Discord renders markdown in
// message content and embed descriptions, so every such string is escaped before it is shown.

const options = {
  heading: true,
  bulletedList: true,
  numberedList: true,
  maskedLink: true,
} as const;

/** Escapes Discord markdown (bold, links, headings, lists, quotes, code, spoilers) in untrusted text. */
export function escapeText(text: string): string {
  // escapeMarkdown leaves block quotes alone; a line starting with ">" would quote the rest.
  return escapeMarkdown(text, options).replace(/^(\s*)>/gm, '$1\\>');
}

/**
 * Escapes text and keeps the result within `max` UTF-16 units (the stricter way to count Discord's
 * limits). Escaping adds backslashes, so the raw text is cut shorter until the escaped form fits; the
 * cut lands on a word boundary with an ellipsis.
 */
export function fitEscaped(text: string, max: number): string {
  return fit(text, max, escapeText);
}

/** Plain text within `max` UTF-16 units, for places Discord shows literally (button labels, thread names). */
export function fitPlain(text: string, max: number): string {
  return fit(text, max, (s) => s);
}

function fit(text: string, max: number, transform: (s: string) => string): string {
  let budget = max;
  while (budget >= 1) {
    const out = transform(cutClean(text, budget));
    if (out.length <= max) return out;
    budget -= Math.max(1, out.length - max);
  }
  return '';
}
