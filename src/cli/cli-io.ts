import type { Readable, Writable } from 'node:stream';

/** Where a CLI command reads and writes: the process in real use, buffers in tests. */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  env: NodeJS.ProcessEnv;
  stdin: Readable;
  stdout: Writable;
  isTTY: boolean;
  /** Where `.env` is looked for; the process's working folder when absent. */
  cwd?: string;
}

/** Bad flags or arguments: exit code 2 with the message. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export const isDay = (value: string) => {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
};

export function requireDay(value: string | undefined, flag: string): string | undefined {
  if (value === undefined) return undefined;
  if (!isDay(value)) throw new UsageError(`${flag} must be a date like 2026-11-27, not "${value}"`);
  return value;
}

export function requireInt(value: string | undefined, flag: string, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) {
    throw new UsageError(`${flag} must be a whole number from ${min} to ${max}, not "${value}"`);
  }
  return Number(value);
}
