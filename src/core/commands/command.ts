import { z } from 'zod';
import { rhythms } from '../channel.js';
import { cleanUserText } from '../user-text.js';

// The /papers grammar as data. Adapters build a Command from their platform's event (typed options
// on Discord, text on Slack and the terminal); both go through commandSchema before the core runs it.

export const MAX_QUERY_CHARS = 500;
export const MAX_TOPIC_CHARS = 100;

const text = (max: number, what: string) =>
  z
    .string()
    .transform(cleanUserText)
    .pipe(
      z
        .string()
        .min(1, { message: `${what} is missing` })
        .max(max, { message: `${what} is too long (at most ${max} characters)` }),
    );

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'a date must look like 2026-11-27' });

export const topPeriods = ['week', 'month'] as const;

export const settingNames = ['max-papers', 'min-upvotes', 'thread'] as const;
export type SettingName = (typeof settingNames)[number];

export const commandSchema = z.discriminatedUnion('name', [
  z.object({ name: z.literal('search'), query: text(MAX_QUERY_CHARS, 'The search query'), page: z.number().int().min(1).max(100).default(1) }),
  z.object({ name: z.literal('similar'), id: text(200, 'The paper id'), page: z.number().int().min(1).max(100).default(1) }),
  z.object({ name: z.literal('subscribe'), topic: text(MAX_TOPIC_CHARS, 'The topic') }),
  z.object({ name: z.literal('unsubscribe'), topic: text(MAX_TOPIC_CHARS, 'The topic') }),
  z.object({ name: z.literal('topics') }),
  z.object({ name: z.literal('digest'), date: day.optional() }),
  z.object({
    name: z.literal('schedule'),
    time: z.string().trim().min(1, { message: 'the time is missing' }),
    timezone: z.string().trim().optional(),
    weekdays: z.string().trim().optional(),
    // Left out: daily (the grammar before weekly and monthly digests existed).
    rhythm: z.enum(rhythms).optional(),
    /** A weekly digest's weekday or a monthly one's day of the month, as typed. */
    day: z.string().trim().optional(),
  }),
  z.object({ name: z.literal('top'), period: z.enum(topPeriods).default('week') }),
  z.object({ name: z.literal('set'), setting: z.enum(settingNames), value: z.string().trim().min(1) }),
  z.object({ name: z.literal('pause') }),
  z.object({ name: z.literal('resume') }),
  z.object({ name: z.literal('paper'), id: text(200, 'The paper id') }),
  z.object({ name: z.literal('status') }),
  z.object({ name: z.literal('vote'), vote: z.enum(['up', 'down'], { message: 'a vote is up or down' }), id: text(200, 'The paper id') }),
  z.object({ name: z.literal('forget-votes') }),
  z.object({ name: z.literal('help'), command: z.string().trim().optional() }),
]);

export type Command = z.output<typeof commandSchema>;
export type CommandInput = z.input<typeof commandSchema>;
export type CommandName = Command['name'];

/** Commands that change a channel: they need the platform's manage-channel permission. */
export const managingCommands: ReadonlySet<CommandName> = new Set(['subscribe', 'unsubscribe', 'schedule', 'set', 'pause', 'resume', 'forget-votes']);

export const usage: Record<CommandName, string> = {
  search: '/papers search <query>   e.g. search "mixture of experts" -llm author:hinton since:2026-01-01',
  similar: '/papers similar <arXiv id>',
  subscribe: '/papers subscribe <topic>   e.g. subscribe diffusion, subscribe "mixture of experts", subscribe quantization -llm',
  unsubscribe: '/papers unsubscribe <topic>',
  topics: '/papers topics',
  digest: '/papers digest [YYYY-MM-DD]',
  schedule:
    '/papers schedule <HH:MM> [timezone] [weekdays] | schedule weekly <day> <HH:MM> [timezone] | schedule monthly <1-31> <HH:MM> [timezone]   e.g. schedule 09:00 Europe/Berlin mon-fri, schedule weekly mon 09:00 Europe/Berlin, schedule monthly 1 09:00',
  top: '/papers top [week|month]   the best papers of the last 7 days, or of the last complete month',
  set: '/papers set max-papers <1-25> | set min-upvotes <n> | set thread on|off',
  pause: '/papers pause',
  resume: '/papers resume',
  paper: '/papers paper <arXiv id or URL>',
  status: '/papers status',
  vote: '/papers vote up|down <arXiv id>   (or the 👍/👎 buttons on a card)',
  'forget-votes': '/papers forget-votes',
  help: '/papers help [command]',
};

export const summaries: Record<CommandName, string> = {
  search: 'search the paper store',
  similar: 'papers like a given one',
  subscribe: 'follow a topic in this channel',
  unsubscribe: 'stop following a topic',
  topics: "list this channel's topics",
  digest: 'preview the digest now',
  schedule: 'set when the digest is posted: daily, weekly or monthly',
  top: "the week's or the month's best papers here",
  set: 'digest size, minimum upvotes, threads',
  pause: 'stop digests here',
  resume: 'start digests again',
  paper: 'show one paper',
  status: 'settings, next digest, what votes taught it',
  vote: 'like or dislike a paper for this channel',
  'forget-votes': "reset what this channel's votes taught its digest",
  help: 'this list',
};
