import { describe, expect, it } from 'vitest';
import { parseCommandText, validateCommand } from '../../../src/core/commands/parse.js';

function command(text: string) {
  const result = parseCommandText(text);
  if (!result.ok) throw new Error(`expected ${text} to parse: ${result.reply.text}`);
  return result.command;
}

describe('parseCommandText', () => {
  it('reads each command', () => {
    expect(command('search "mixture of experts" -llm')).toEqual({ name: 'search', query: '"mixture of experts" -llm', page: 1 });
    expect(command('search diffusion page:3')).toEqual({ name: 'search', query: 'diffusion', page: 3 });
    expect(command('subscribe   Diffusion  Models ')).toEqual({ name: 'subscribe', topic: 'Diffusion Models' });
    expect(command('unsubscribe diffusion')).toEqual({ name: 'unsubscribe', topic: 'diffusion' });
    expect(command('topics')).toEqual({ name: 'topics' });
    expect(command('digest')).toEqual({ name: 'digest' });
    expect(command('digest 2026-11-27')).toEqual({ name: 'digest', date: '2026-11-27' });
    expect(command('schedule 09:00 Europe/Berlin mon-fri')).toEqual({ name: 'schedule', time: '09:00', timezone: 'Europe/Berlin', weekdays: 'mon-fri' });
    expect(command('schedule 07:30 mon,wed,fri')).toEqual({ name: 'schedule', time: '07:30', weekdays: 'mon,wed,fri' });
    expect(command('set max-papers 5')).toEqual({ name: 'set', setting: 'max-papers', value: '5' });
    expect(command('pause')).toEqual({ name: 'pause' });
    expect(command('resume')).toEqual({ name: 'resume' });
    expect(command('paper https://arxiv.org/abs/2602.23229v2')).toEqual({ name: 'paper', id: 'https://arxiv.org/abs/2602.23229v2' });
    expect(command('status')).toEqual({ name: 'status' });
    expect(command('')).toEqual({ name: 'help' });
    expect(command('/papers help schedule')).toEqual({ name: 'help', command: 'schedule' });
  });

  it('answers bad input with a usage line, never throws', () => {
    const cases = ['frobnicate', 'search', 'subscribe', 'subscribe ' + 'x'.repeat(101), 'digest yesterday', 'schedule', 'set colour blue', 'paper', 'search ' + 'a'.repeat(10_000)];
    for (const text of cases) {
      const result = parseCommandText(text);
      expect(result.ok, text).toBe(false);
      if (!result.ok) {
        expect(result.reply.visibility).toBe('ephemeral');
        expect(result.reply.error?.usage, text).toMatch(/^\/papers /);
        expect(result.reply.text.length).toBeGreaterThan(5);
      }
    }
  });

  it('survives hostile text', () => {
    for (const text of ['\u0000', '💥💥', 'search \u202Eabc', '; drop table papers; --', 'search ' + '"'.repeat(50)]) {
      expect(() => parseCommandText(text)).not.toThrow();
    }
  });

  it('validates structured commands from typed options', () => {
    expect(validateCommand({ name: 'search', query: '  diffusion ' }).ok).toBe(true);
    const bad = validateCommand({ name: 'search', query: '   ' });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.reply.error?.code).toBe('usage');
  });
});
