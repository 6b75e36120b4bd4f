import { describe, expect, it } from 'vitest';
import { commandSchema } from '../../src/core/commands/command.js';
import { decodeButton, encodeButton } from '../../src/discord/buttons.js';
import { papersCommand } from '../../src/discord/command-definition.js';
import { toCommandInput, type OptionReader } from '../../src/discord/command-options.js';

interface Option {
  name: string;
  description: string;
  type: number;
  options?: Option[];
  choices?: { name: string; value: string | number }[];
  autocomplete?: boolean;
}

const namePattern = /^[-_'\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;

describe('the /papers definition', () => {
  const command = papersCommand();
  const subs = (command.options ?? []) as Option[];

  it("fits Discord's naming, count and size rules", () => {
    let chars = command.name.length + command.description.length;
    const visit = (option: Option) => {
      expect(option.name).toMatch(namePattern);
      expect(option.name).toBe(option.name.toLowerCase());
      expect(option.description.length).toBeGreaterThanOrEqual(1);
      expect(option.description.length).toBeLessThanOrEqual(100);
      expect(option.options?.length ?? 0).toBeLessThanOrEqual(25);
      expect(option.choices?.length ?? 0).toBeLessThanOrEqual(25);
      expect(option.autocomplete && option.choices).toBeFalsy();
      chars += option.name.length + option.description.length;
      for (const choice of option.choices ?? []) chars += choice.name.length + String(choice.value).length;
      option.options?.forEach(visit);
    };
    expect(subs.length).toBeLessThanOrEqual(25);
    subs.forEach(visit);
    expect(chars).toBeLessThanOrEqual(8000);
    // Servers and the bot's own DM (BOT_DM), for guild installs only: no other DM offers it.
    expect(command.contexts).toEqual([0, 1]);
    expect(command.integration_types).toEqual([0]);
  });

  it('has a subcommand for every command users type, with autocomplete where lists help', () => {
    const byName = new Map(subs.map((s) => [s.name, s]));
    expect([...byName.keys()].sort()).toEqual(
      ['digest', 'forget-votes', 'help', 'paper', 'pause', 'resume', 'schedule', 'search', 'set', 'similar', 'status', 'subscribe', 'topics', 'unsubscribe', 'vote'].sort(),
    );
    expect(byName.get('unsubscribe')!.options!.find((o) => o.name === 'topic')!.autocomplete).toBe(true);
    expect(byName.get('schedule')!.options!.find((o) => o.name === 'timezone')!.autocomplete).toBe(true);
    expect(byName.get('search')!.options!.map((o) => o.name)).toEqual(['query', 'page', 'public']);
  });
});

describe('options -> core command', () => {
  const reader = (subcommand: string, values: Record<string, string | number | boolean>): OptionReader => ({
    subcommand,
    string: (n) => (typeof values[n] === 'string' ? (values[n] as string) : null),
    integer: (n) => (typeof values[n] === 'number' ? (values[n] as number) : null),
    boolean: (n) => (typeof values[n] === 'boolean' ? (values[n] as boolean) : null),
  });

  it('maps each subcommand onto input the core schema accepts', () => {
    const cases: [string, Record<string, string | number | boolean>][] = [
      ['search', { query: 'diffusion', page: 2, public: true }],
      ['similar', { id: '2602.23229' }],
      ['subscribe', { topic: 'llm' }],
      ['unsubscribe', { topic: 'llm' }],
      ['topics', {}],
      ['digest', { date: '2026-11-27' }],
      ['schedule', { time: '09:00', timezone: 'Europe/Berlin', weekdays: 'mon-fri' }],
      ['set', { setting: 'thread', value: 'on' }],
      ['pause', {}],
      ['resume', {}],
      ['paper', { id: '2602.23229' }],
      ['status', {}],
      ['vote', { vote: 'down', id: '2602.23229' }],
      ['forget-votes', {}],
      ['help', { command: 'search' }],
    ];
    for (const [sub, values] of cases) {
      const mapped = toCommandInput(reader(sub, values));
      expect(mapped?.input.name).toBe(sub);
      expect(commandSchema.safeParse(mapped!.input).success).toBe(true);
    }
    expect(toCommandInput(reader('search', { query: 'x', public: true }))).toEqual({ input: { name: 'search', query: 'x', page: 1 }, public: true });
    expect(toCommandInput(reader('schedule', { time: '09:00' }))?.input).toEqual({ name: 'schedule', time: '09:00' });
  });

  it('returns null for a subcommand it does not know', () => {
    expect(toCommandInput(reader('drop-tables', {}))).toBeNull();
    expect(toCommandInput({ ...reader('x', {}), subcommand: null })).toBeNull();
  });
});

describe('button custom ids', () => {
  it('round-trip and stay within 100 characters', () => {
    for (const action of [
      { kind: 'search', query: 'mixture of experts: routing', page: 3 },
      { kind: 'similar', id: '2602.23229', page: 1 },
      { kind: 'subscribe', topic: 'quantization -llm' },
    ] as const) {
      const id = encodeButton(action);
      expect(id!.length).toBeLessThanOrEqual(100);
      expect(decodeButton(id!)).toEqual(action);
    }
    expect(encodeButton({ kind: 'search', query: 'x'.repeat(100), page: 1 })).toBeNull();
  });

  it('rejects ids it did not make', () => {
    for (const id of ['', 'pb:search:0:x', 'pb:search:101:x', 'pb:search:1:', 'other:search:1:x', 'pb:delete:1:x']) {
      expect(decodeButton(id)).toBeNull();
    }
  });
});
