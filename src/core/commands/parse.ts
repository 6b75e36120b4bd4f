import { ErrorCode } from '../errors.js';
import { commandSchema, usage, type Command, type CommandInput, type CommandName } from './command.js';
import { errorReply, type Reply } from './reply.js';

export type ParseResult = { ok: true; command: Command } | { ok: false; reply: Reply };

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
};

/** Validates a structured command (e.g. from Discord options) with the shared schema. */
export function validateCommand(input: CommandInput): ParseResult {
  const parsed = commandSchema.safeParse(input);
  if (parsed.success) return { ok: true, command: parsed.data };
  const name = (input as { name?: string }).name;
  const known = typeof name === 'string' && name in usage ? (name as CommandName) : undefined;
  const reason = parsed.error.issues[0]?.message ?? 'that command is not valid';
  return {
    ok: false,
    reply: errorReply(ErrorCode.Usage, capitalize(reason) + '.', known ? usage[known] : usage.help),
  };
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
  const name = (word in usage ? word : aliases[word]) as CommandName | undefined;
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
      const page = /(?:^|\s)page:(\d{1,3})(?=\s|$)/i.exec(rest);
      const query = rest.replace(/(?:^|\s)page:\d{1,3}(?=\s|$)/gi, ' ').trim();
      return { name, query, page: page ? Number(page[1]) : 1 };
    }
    case 'similar':
      return { name, id: rest };
    case 'subscribe':
    case 'unsubscribe':
      return { name, topic: rest };
    case 'paper':
      return { name, id: rest };
    case 'digest':
      return rest === '' ? { name } : { name, date: rest };
    case 'schedule': {
      const [time = '', ...others] = rest.split(/\s+/).filter(Boolean);
      // A zone has a slash or is UTC/GMT; everything after the time that is not a zone is weekdays.
      const zoneIndex = others.findIndex((t) => t.includes('/') || /^(utc|gmt|z)$/i.test(t));
      const timezone = zoneIndex >= 0 ? others[zoneIndex] : undefined;
      const weekdays = others.filter((_, i) => i !== zoneIndex).join(' ');
      return {
        name,
        time,
        ...(timezone !== undefined ? { timezone } : {}),
        ...(weekdays !== '' ? { weekdays } : {}),
      };
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

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function truncate(s: string, n: number): string {
  return s.length > n ? `${s.slice(0, n)}…` : s;
}
