import type { Logger } from './ports.js';

type Level = 'debug' | 'info' | 'warn' | 'error' | 'silent';
const order: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

// Values that look like credentials are masked before anything is written.
const secretPatterns = [
  /xox[abpors]-[A-Za-z0-9-]+/g,
  /xapp-[A-Za-z0-9-]+/g,
  /hf_[A-Za-z0-9]{10,}/g,
  /[A-Za-z0-9_-]{23,28}\.[A-Za-z0-9_-]{6,7}\.[A-Za-z0-9_-]{27,}/g, // Discord bot token shape
  /(postgres(?:ql)?:\/\/[^:/\s]+:)[^@\s]+@/g,
];

export function redactSecrets(text: string): string {
  let out = text;
  for (const pattern of secretPatterns) {
    out = out.replace(pattern, (match, prefix?: unknown) =>
      typeof prefix === 'string' && match.startsWith(prefix) ? `${prefix}***@` : '***',
    );
  }
  return out;
}

export interface LoggerOptions {
  level?: Level;
  /** Where lines go; stderr by default so stdout stays for command output. */
  write?: (line: string) => void;
  /** Extra secrets to mask (the configured tokens). */
  secrets?: (string | undefined)[];
}

/** A small structured logger: one line per event, key=value fields, secrets masked. */
export function createLogger(options: LoggerOptions = {}): Logger {
  const min = order[options.level ?? 'info'];
  const write = options.write ?? ((line: string) => process.stderr.write(`${line}\n`));
  const secrets = (options.secrets ?? []).filter((s): s is string => typeof s === 'string' && s.length >= 6);
  const mask = (text: string) => {
    let out = redactSecrets(text);
    for (const s of secrets) out = out.split(s).join('***');
    return out;
  };
  const emit = (level: Exclude<Level, 'silent'>, message: string, fields?: Record<string, unknown>) => {
    if (order[level] < min) return;
    const parts = [new Date().toISOString(), level.toUpperCase().padEnd(5), message];
    for (const [key, value] of Object.entries(fields ?? {})) {
      if (value === undefined) continue;
      parts.push(`${key}=${formatValue(value)}`);
    }
    write(mask(parts.join(' ')));
  };
  return {
    debug: (m, f) => emit('debug', m, f),
    info: (m, f) => emit('info', m, f),
    warn: (m, f) => emit('warn', m, f),
    error: (m, f) => emit('error', m, f),
  };
}

function formatValue(value: unknown): string {
  if (value instanceof Error) return JSON.stringify(value.message);
  if (typeof value === 'string') return /[\s"=]/.test(value) ? JSON.stringify(value) : value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  try {
    return JSON.stringify(value);
  } catch {
    return String(value);
  }
}

export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };
