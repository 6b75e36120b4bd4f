import {
  ApplicationIntegrationType,
  InteractionContextType,
  SlashCommandBuilder,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
  type SlashCommandSubcommandBuilder,
} from 'discord.js';
import { MAX_QUERY_CHARS, MAX_TOPIC_CHARS, settingNames, summaries, type CommandName } from '../core/commands/command.js';

// The /papers command as Discord shows it: one subcommand per core command, with typed options so
// users pick from lists instead of learning a grammar. Descriptions come from the core's summaries,
// so `/papers help` and Discord's picker say the same thing.

export const commandName = 'papers';

/** Option names, shared by the definition and the code that reads interactions. */
export const optionNames = {
  query: 'query',
  page: 'page',
  public: 'public',
  id: 'id',
  topic: 'topic',
  date: 'date',
  time: 'time',
  timezone: 'timezone',
  weekdays: 'weekdays',
  setting: 'setting',
  value: 'value',
  command: 'command',
  vote: 'vote',
} as const;

const publicOption = (sub: SlashCommandSubcommandBuilder) =>
  sub.addBooleanOption((o) => o.setName(optionNames.public).setDescription('Post the answer for everyone in the channel (default: only you see it)'));

const describe = (name: CommandName) => summaries[name].charAt(0).toUpperCase() + summaries[name].slice(1);

export function papersCommand(): RESTPostAPIChatInputApplicationCommandsJSONBody {
  return new SlashCommandBuilder()
    .setName(commandName)
    .setDescription('Research papers: search, daily digests, topics')
    // Server channels, and the bot's DM with a person (a digest of one's own). Guild installs only,
    // so no other DM or group DM offers it: the bot could post nothing there.
    .setContexts(InteractionContextType.Guild, InteractionContextType.BotDM)
    .setIntegrationTypes(ApplicationIntegrationType.GuildInstall)
    .addSubcommand((s) =>
      publicOption(
        s
          .setName('search')
          .setDescription(describe('search'))
          .addStringOption((o) =>
            o.setName(optionNames.query).setDescription('Words, "exact phrase", -exclude, author:, org:, since:YYYY-MM-DD').setRequired(true).setMaxLength(MAX_QUERY_CHARS),
          )
          .addIntegerOption((o) => o.setName(optionNames.page).setDescription('Page of results').setMinValue(1).setMaxValue(100)),
      ),
    )
    .addSubcommand((s) =>
      publicOption(
        s
          .setName('similar')
          .setDescription(describe('similar'))
          .addStringOption((o) => o.setName(optionNames.id).setDescription('arXiv id or paper URL, e.g. 2602.23229').setRequired(true).setMaxLength(200)),
      ),
    )
    .addSubcommand((s) =>
      s
        .setName('subscribe')
        .setDescription(describe('subscribe'))
        .addStringOption((o) =>
          o.setName(optionNames.topic).setDescription('e.g. diffusion, "mixture of experts", quantization -llm').setRequired(true).setMaxLength(MAX_TOPIC_CHARS),
        ),
    )
    .addSubcommand((s) =>
      s
        .setName('unsubscribe')
        .setDescription(describe('unsubscribe'))
        .addStringOption((o) =>
          o.setName(optionNames.topic).setDescription('One of the topics this channel follows').setRequired(true).setMaxLength(MAX_TOPIC_CHARS).setAutocomplete(true),
        ),
    )
    .addSubcommand((s) => publicOption(s.setName('topics').setDescription(describe('topics'))))
    .addSubcommand((s) =>
      publicOption(
        s
          .setName('digest')
          .setDescription(describe('digest'))
          .addStringOption((o) => o.setName(optionNames.date).setDescription('Day of papers, YYYY-MM-DD (default: the latest)').setMinLength(10).setMaxLength(10)),
      ),
    )
    .addSubcommand((s) =>
      s
        .setName('schedule')
        .setDescription(describe('schedule'))
        .addStringOption((o) => o.setName(optionNames.time).setDescription('24-hour time, e.g. 09:00').setRequired(true).setMaxLength(5))
        .addStringOption((o) => o.setName(optionNames.timezone).setDescription('IANA time zone, e.g. Europe/Berlin').setAutocomplete(true).setMaxLength(64))
        .addStringOption((o) => o.setName(optionNames.weekdays).setDescription('e.g. mon-fri, daily or mon,wed,fri (left out: the current days; a new channel gets mon-fri)').setMaxLength(60)),
    )
    .addSubcommand((s) =>
      s
        .setName('set')
        .setDescription(describe('set'))
        .addStringOption((o) =>
          o
            .setName(optionNames.setting)
            .setDescription('What to change')
            .setRequired(true)
            .addChoices(...settingNames.map((name) => ({ name, value: name }))),
        )
        .addStringOption((o) => o.setName(optionNames.value).setDescription('max-papers 1-25, min-upvotes a number, thread on|off').setRequired(true).setMaxLength(20)),
    )
    .addSubcommand((s) => s.setName('pause').setDescription(describe('pause')))
    .addSubcommand((s) => s.setName('resume').setDescription(describe('resume')))
    .addSubcommand((s) =>
      publicOption(
        s
          .setName('paper')
          .setDescription(describe('paper'))
          .addStringOption((o) => o.setName(optionNames.id).setDescription('arXiv id or paper URL, e.g. 2602.23229').setRequired(true).setMaxLength(200)),
      ),
    )
    .addSubcommand((s) => publicOption(s.setName('status').setDescription(describe('status'))))
    .addSubcommand((s) =>
      s
        .setName('vote')
        .setDescription(describe('vote'))
        .addStringOption((o) =>
          o.setName(optionNames.vote).setDescription('Like or dislike').setRequired(true).addChoices({ name: '👍 like', value: 'up' }, { name: '👎 dislike', value: 'down' }),
        )
        .addStringOption((o) => o.setName(optionNames.id).setDescription('arXiv id or paper URL, e.g. 2602.23229').setRequired(true).setMaxLength(200)),
    )
    .addSubcommand((s) => s.setName('forget-votes').setDescription(describe('forget-votes')))
    .addSubcommand((s) =>
      s
        .setName('help')
        .setDescription(describe('help'))
        .addStringOption((o) =>
          o
            .setName(optionNames.command)
            .setDescription('A command to explain')
            .addChoices(...(Object.keys(summaries) as CommandName[]).map((name) => ({ name, value: name }))),
        ),
    )
    .toJSON();
}
