import { ButtonStyle, ComponentType } from 'discord.js';
import type { CommandInput } from '../core/commands/command.js';
import type { Paging } from '../core/commands/reply.js';
import { fitPlain } from './markdown.js';
import { limits } from './message-limits.js';
import type { ButtonRow } from './outgoing-message.js';

// Buttons carry their whole command in the custom id (at most 100 characters), so a click works after
// a restart and on any instance: no server-side session. A search whose query does not fit gets no
// paging buttons; the reply's footer points at the `page` option instead.

const prefix = 'pb';

export type ButtonAction =
  | { kind: 'search'; query: string; page: number }
  | { kind: 'similar'; id: string; page: number }
  | { kind: 'subscribe'; topic: string }
  | { kind: 'vote'; vote: 'up' | 'down'; id: string };

export function encodeButton(action: ButtonAction): string | null {
  const id =
    action.kind === 'search'
      ? `${prefix}:search:${action.page}:${action.query}`
      : action.kind === 'similar'
        ? `${prefix}:similar:${action.page}:${action.id}`
        : action.kind === 'vote'
          ? `${prefix}:vote:${action.vote}:${action.id}`
          : `${prefix}:subscribe:${action.topic}`;
  return id.length <= limits.customId ? id : null;
}

/** Reads a custom id back; null for anything this bot did not produce. */
export function decodeButton(customId: string): ButtonAction | null {
  const paged = /^pb:(search|similar):(\d{1,3}):(.+)$/s.exec(customId);
  if (paged) {
    const page = Number(paged[2]);
    const rest = paged[3] ?? '';
    if (page < 1 || page > 100) return null;
    return paged[1] === 'search' ? { kind: 'search', query: rest, page } : { kind: 'similar', id: rest, page };
  }
  const vote = /^pb:vote:(up|down):(.+)$/s.exec(customId);
  if (vote?.[2]) return { kind: 'vote', vote: vote[1] === 'up' ? 'up' : 'down', id: vote[2] };
  const subscribe = /^pb:subscribe:(.+)$/s.exec(customId);
  if (subscribe?.[1]) return { kind: 'subscribe', topic: subscribe[1] };
  return null;
}

/** The core command a click runs. */
export function buttonCommand(action: ButtonAction): CommandInput {
  switch (action.kind) {
    case 'search':
      return { name: 'search', query: action.query, page: action.page };
    case 'similar':
      return { name: 'similar', id: action.id, page: action.page };
    case 'subscribe':
      return { name: 'subscribe', topic: action.topic };
    case 'vote':
      return { name: 'vote', vote: action.vote, id: action.id };
  }
}

/**
 * The action a Paging describes. Paging.query is the command text ("search diffusion",
 * "similar 2611.00001"); only those two commands page.
 */
export function pagingAction(paging: Paging, page: number): ButtonAction | null {
  const match = /^(search|similar)\s+([\s\S]+)$/.exec(paging.query.trim());
  if (!match?.[2]) return null;
  return match[1] === 'search' ? { kind: 'search', query: match[2], page } : { kind: 'similar', id: match[2], page };
}

/** Styles a custom-id button may have (link and premium buttons carry no custom id). */
type ActionStyle = ButtonStyle.Primary | ButtonStyle.Secondary | ButtonStyle.Success | ButtonStyle.Danger;

interface Button {
  label: string;
  customId: string;
  style?: ActionStyle;
}

/** Lays buttons out in rows of five, at most five rows; extra buttons are dropped. */
export function buttonRows(buttons: Button[]): ButtonRow[] {
  const rows: ButtonRow[] = [];
  const max = limits.actionRowsPerMessage * limits.buttonsPerRow;
  const kept = buttons.slice(0, max);
  for (let i = 0; i < kept.length; i += limits.buttonsPerRow) {
    rows.push({
      type: ComponentType.ActionRow,
      components: kept.slice(i, i + limits.buttonsPerRow).map((b) => ({
        type: ComponentType.Button,
        style: b.style ?? ButtonStyle.Secondary,
        label: fitPlain(b.label, limits.buttonLabel),
        custom_id: b.customId,
      })),
    });
  }
  return rows;
}

/** Cards per message so their three buttons each (👍, 👎, More like) fit 25 buttons in 5 rows. */
export const CARDS_PER_MESSAGE = 8;

/** 👍 #n, 👎 #n and "More like #n" for each numbered card whose id fits a custom id. */
export function cardButtons(cards: { id: string; number: number }[]): Button[] {
  const out: Button[] = [];
  for (const card of cards) {
    const up = encodeButton({ kind: 'vote', vote: 'up', id: card.id });
    const down = encodeButton({ kind: 'vote', vote: 'down', id: card.id });
    const similar = encodeButton({ kind: 'similar', id: card.id, page: 1 });
    if (up) out.push({ label: `👍 #${card.number}`, customId: up, style: ButtonStyle.Success });
    if (down) out.push({ label: `👎 #${card.number}`, customId: down });
    if (similar) out.push({ label: `More like #${card.number}`, customId: similar });
  }
  return out;
}

/** Previous / next buttons for a paged reply, when the command fits in a custom id. */
export function pagingButtons(paging: Paging): Button[] {
  const out: Button[] = [];
  if (paging.page > 1) {
    const prev = pagingAction(paging, paging.page - 1);
    const id = prev && encodeButton(prev);
    if (id) out.push({ label: '◀ Previous', customId: id, style: ButtonStyle.Primary });
  }
  if (paging.hasMore && paging.page < 100) {
    const next = pagingAction(paging, paging.page + 1);
    const id = next && encodeButton(next);
    if (id) out.push({ label: 'Next ▶', customId: id, style: ButtonStyle.Primary });
  }
  return out;
}

export type { Button };
