import type { Rhythm } from '../channel.js';
import { ErrorCode } from '../errors.js';
import { commandSchema, settingNames, usage, type Command, type CommandInput, type CommandName } from './command.js';
import { parseWeekdays } from '../subscriptions/schedule.js';
import { errorReply, type Reply } from './reply.js';

export type ParseResult = { ok: true; command: Command } | { ok: false; reply: Reply };

const rhythmWords: Record<string, Rhythm> = { daily: 'daily', weekly: 'weekly', monthly: 'monthly' };

const aliases: Record<string, CommandName> = {
  find: 'search',
  s: 'search',
  sub: 'subscribe',
  follow: 'subscribe',
  unsub: 'unsubscribe',
  unfollow: 'unsubscribe',
  topic: 'topics',
  list: 'topics',
  preview: 'digest',
  settings: 'status',
  show: 'paper',
  like: 'similar',
  '?': 'help',
  upvote: 'vote',
  forget: 'forget-votes',
  best: 'top',
};

/** The command a word names, aliases included ("find" is search); undefined for an unknown word. */
export function commandNamed(word: string): CommandName | undefined {
  const lower = word.toLowerCase();
  return lower in usage ? (lower as CommandName) : aliases[lower];
}

/** Validates a structured command (e.g. from Discord options) with the shared schema. */
export function validateCommand(input: CommandInput): ParseResult {
  const parsed = commandSchema.safeParse(input);
  if (parsed.success) return { ok: true, command: parsed.data };
  const name = (input as { name?: string }).name;
  const known = typeof name === 'string' && name in usage ? (name as CommandName) : undefined;
  const issue = parsed.error.issues[0];
  return {
    ok: false,
    reply: errorReply(ErrorCode.Usage, issueWords(issue?.path[0], issue?.message, input), known ? usage[known] : usage.help),
  };
}

export const PAGE_WORDS = 'The page must be a whole number from 1 to 100, e.g. page:2.';

// A validator's own text ("Too small: expected number to be >=1") is never shown: each field has
// its sentence. Only the text fields' messages are ours already (see command.ts).
function issueWords(field: PropertyKey | undefined, message: string | undefined, input: CommandInput): string {
  switch (field) {
    case 'query':
    case 'topic':
    case 'id':
    case 'time':
      return message ? `${capitalize(message)}.` : 'That command is not valid.';
    case 'page':
      return PAGE_WORDS;
    case 'setting': {
      const typed = String((input as { setting?: unknown }).setting ?? '').slice(0, 40);
      return typed === ''
        ? `Which setting? Settings: ${settingNames.join(', ')}.`
        : `There is no setting "${typed}". Settings: ${settingNames.join(', ')}.`;
    }
    case 'value':
      return 'The setting needs a value, e.g. set max-papers 5 or set thread on.';
    case 'date':
      return 'A date must look like 2026-11-27.';
    case 'period': {
      const typed = String((input as { period?: unknown }).period ?? '').slice(0, 40);
      return `"${typed}" is not a period I can rank: use top week (the last 7 days) or top month (the last complete month).`;
    }
    case 'rhythm':
      return 'A schedule is daily, weekly or monthly, e.g. schedule weekly mon 09:00.';
    case 'timezone':
    case 'weekdays':
      return `That ${field === 'timezone' ? 'time zone' : 'set of weekdays'} is not valid.`;
    default:
      return 'That command is not valid.';
  }
}

/**
 * Parses the text after `/papers` ("search diffusion", "schedule 09:00 Europe/Berlin mon-fri").
 * Never throws: anything it cannot read becomes a Reply carrying the usage line.
 */
export function parseCommandText(raw: string): ParseResult {
  const textIn = typeof raw === 'string' ? raw : '';
  const trimmed = textIn.replace(/^\s*\/?papers\b/i, '').trim();
  if (trimmed === '') return { ok: true, command: { name: 'help' } };
  const match = /^(\S+)\s*([\s\S]*)$/.exec(trimmed);
  const word = (match?.[1] ?? '').toLowerCase();
  const rest = (match?.[2] ?? '').trim();
  const name = commandNamed(word);
  if (!name) {
    return {
      ok: false,
      reply: errorReply(
        ErrorCode.Usage,
        `I don't know the command "${truncate(word, 40)}". Try /papers help for the list.`,
        usage.help,
      ),
    };
  }
  return validateCommand(toInput(name, rest));
}

function toInput(name: CommandName, rest: string): CommandInput {
  switch (name) {
    case 'search': {
      const { text, page } = takePage(rest);
      return { name, query: text, page };
    }
    case 'similar': {
      // "More: /papers similar 2602.23229 page:2" is what the reply offers; it must work typed.
      const { text, page } = takePage(rest);
      return { name, id: text, page };
    }
    case 'subscribe':
    case 'unsubscribe':
      return { name, topic: rest };
    case 'paper':
      return { name, id: rest };
    case 'digest':
      return rest === '' ? { name } : { name, date: rest };
    case 'schedule': {
      const tokens = rest.split(/\s+/).filter(Boolean);
      // "schedule weekly mon 09:00 Europe/Berlin", "schedule monthly 1 09:00": a rhythm word first.
      const rhythm = rhythmWords[tokens[0]?.toLowerCase() ?? ''];
      if (rhythm) tokens.shift();
      // Daily (no rhythm word, or "daily"): the time comes first, as it always did.
      const [first = '', ...others] = rhythm === 'weekly' || rhythm === 'monthly' ? ['', ...tokens] : tokens;
      // A zone has a slash or is UTC/GMT; an offset (GMT+2) or an abbreviation (EST) is taken as
      // a zone too, so the schedule answers about zones, not "is not a set of weekdays".
      const zoneIndex = others.findIndex(
        (t) => t.includes('/') || /^(utc|gmt|z)([+-]\d{1,2}(:?\d{2})?)?$/i.test(t) || (/^[A-Z]{2,5}$/.test(t) && parseWeekdays(t) === null),
      );
      const timezone = zoneIndex >= 0 ? others[zoneIndex] : undefined;
      const left = others.filter((_, i) => i !== zoneIndex);
      if (rhythm === 'weekly' || rhythm === 'monthly') {
        // The day and the time in either order: the time is the word with a colon (else the second word).
        let timeIndex = left.findIndex((t) => t.includes(':'));
        if (timeIndex < 0 && left.length > 1) timeIndex = 1;
        const time = timeIndex >= 0 ? (left[timeIndex] ?? '') : '';
        const day = left.filter((_, i) => i !== timeIndex).join(' ');
        return { name, rhythm, time, ...(timezone !== undefined ? { timezone } : {}), ...(day !== '' ? { day } : {}) };
      }
      // Everything after the time that is not a zone is weekdays.
      const weekdays = left.join(' ');
      return {
        name,
        ...(rhythm ? { rhythm } : {}),
        time: first,
        ...(timezone !== undefined ? { timezone } : {}),
        ...(weekdays !== '' ? { weekdays } : {}),
      };
    }
    case 'top': {
      const word = rest.toLowerCase();
      // "top", "top week", "top weekly", "top month"; anything else reaches the schema's enum.
      const period = word === '' ? undefined : word === 'weekly' ? 'week' : word === 'monthly' ? 'month' : word;
      return period === undefined ? { name } : { name, period: period as 'week' };
    }
    case 'set': {
      const [setting = '', ...value] = rest.split(/\s+/).filter(Boolean);
      return { name, setting: setting.toLowerCase() as 'thread', value: value.join(' ') };
    }
    case 'help':
      return rest === '' ? { name } : { name, command: rest };
    case 'vote': {
      const [vote = '', ...id] = rest.split(/\s+/).filter(Boolean);
      const word = vote.toLowerCase();
      return { name, vote: (word === '+' || word === '+1' ? 'up' : word === '-' || word === '-1' ? 'down' : word) as 'up', id: id.join(' ') };
    }
    default:
      return { name } as CommandInput;
  }
}

/**
 * Takes `page:N` out of the text. A page that is not a whole number (page:-1, page:abc) becomes
 * NaN, which the schema refuses with PAGE_WORDS, rather than a search word.
 */
function takePage(rest: string): { text: string; page: number } {
  const PAGE = /(?:^|\s)page:(\S*)(?=\s|$)/gi;
  const values = [...rest.matchAll(PAGE)].map((m) => m[1] ?? '');
  const text = rest.replace(PAGE, ' ').trim();
  const last = values.at(-1);
  if (last === undefined) return { text, page: 1 };
  return { text, page: /^\d{1,3}$/.test(last) ? Number(last) : Number.NaN };
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function truncate(s: string, n: number): string {
  return s.length > n ? `${s.slice(0, n)}…` : s;
}
