import { LogLevel, type Logger as BoltLogger } from '@slack/bolt';
import type { Logger } from '../core/ports.js';

// Bolt, the WebClient and the Socket Mode client log through this bridge into Paperboy's logger,
// which masks tokens. Their debug level dumps request bodies, so it is only passed on at debug.

export function boltLogger(logger: Logger, name = 'slack'): BoltLogger {
  let level: LogLevel = LogLevel.INFO;
  const rank: Record<LogLevel, number> = { [LogLevel.DEBUG]: 0, [LogLevel.INFO]: 1, [LogLevel.WARN]: 2, [LogLevel.ERROR]: 3 };
  const line = (msg: unknown[]) => msg.map((m) => (m instanceof Error ? m.message : typeof m === 'string' ? m : safeJson(m))).join(' ');
  const emit = (at: LogLevel, write: (message: string, fields?: Record<string, unknown>) => void) => (...msg: unknown[]) => {
    if (rank[at] >= rank[level]) write(line(msg), { source: name });
  };
  return {
    debug: emit(LogLevel.DEBUG, (m, f) => logger.debug(m, f)),
    info: emit(LogLevel.INFO, (m, f) => logger.info(m, f)),
    warn: emit(LogLevel.WARN, (m, f) => logger.warn(m, f)),
    error: emit(LogLevel.ERROR, (m, f) => logger.error(m, f)),
    setLevel: (next) => {
      level = next;
    },
    getLevel: () => level,
    setName: (next) => {
      name = next;
    },
  };
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value);
  } catch {
    return String(value);
  }
}
