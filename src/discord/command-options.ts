import type { CommandInput } from '../core/commands/command.js';
import { optionNames as o } from './command-definition.js';

// Discord's typed options -> the core's CommandInput. Pure, so the mapping is tested without Discord;
// the core validates the result again with its schema.

/** What this mapping needs from an interaction's options (discord.js's resolver fits it). */
export interface OptionReader {
  subcommand: string | null;
  string(name: string): string | null;
  integer(name: string): number | null;
  boolean(name: string): boolean | null;
}

export interface MappedCommand {
  input: CommandInput;
  /** The user asked for an answer everyone in the channel sees. */
  public: boolean;
}

/** Null when the subcommand is not one of ours (an outdated registration, a forged payload). */
export function toCommandInput(options: OptionReader): MappedCommand | null {
  const str = (name: string) => options.string(name) ?? undefined;
  const isPublic = options.boolean(o.public) === true;
  const mapped = (input: CommandInput): MappedCommand => ({ input, public: isPublic });
  switch (options.subcommand) {
    case 'search':
      return mapped({ name: 'search', query: str(o.query) ?? '', page: options.integer(o.page) ?? 1 });
    case 'similar':
      return mapped({ name: 'similar', id: str(o.id) ?? '' });
    case 'subscribe':
      return mapped({ name: 'subscribe', topic: str(o.topic) ?? '' });
    case 'unsubscribe':
      return mapped({ name: 'unsubscribe', topic: str(o.topic) ?? '' });
    case 'topics':
      return mapped({ name: 'topics' });
    case 'digest': {
      const date = str(o.date);
      return mapped(date === undefined ? { name: 'digest' } : { name: 'digest', date: date.trim() });
    }
    case 'schedule': {
      const timezone = str(o.timezone);
      const weekdays = str(o.weekdays);
      // A choice list, but a stale or forged payload may carry anything: the core's enum answers it.
      const rhythm = str(o.rhythm) as 'weekly' | undefined;
      const day = str(o.day);
      return mapped({
        name: 'schedule',
        time: str(o.time) ?? '',
        ...(timezone !== undefined ? { timezone } : {}),
        ...(weekdays !== undefined ? { weekdays } : {}),
        ...(rhythm !== undefined ? { rhythm } : {}),
        ...(day !== undefined ? { day } : {}),
      });
    }
    case 'top': {
      const period = str(o.period) as 'week' | undefined;
      return mapped(period === undefined ? { name: 'top' } : { name: 'top', period });
    }
    case 'set':
      // The setting is a choice list, but a stale or forged payload may carry anything: the core's
      // enum check answers that with the usage line.
      return mapped({ name: 'set', setting: (str(o.setting) ?? '') as 'thread', value: str(o.value) ?? '' });
    case 'pause':
      return mapped({ name: 'pause' });
    case 'resume':
      return mapped({ name: 'resume' });
    case 'paper':
      return mapped({ name: 'paper', id: str(o.id) ?? '' });
    case 'status':
      return mapped({ name: 'status' });
    case 'vote':
      // A choice list, but a stale or forged payload may carry anything: the core's enum answers it.
      return mapped({ name: 'vote', vote: (str(o.vote) ?? '') as 'up', id: str(o.id) ?? '' });
    case 'forget-votes':
      return mapped({ name: 'forget-votes' });
    case 'help': {
      const command = str(o.command);
      return mapped(command === undefined ? { name: 'help' } : { name: 'help', command });
    }
    default:
      return null;
  }
}
