/**
 * The process logger: JSON lines by default (for machines), pretty on a terminal (for people).
 * Built once in the composition root and passed down; nothing creates a logger at import time.
 */
import { pino, type Logger } from 'pino';

export type LogLevel = 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal' | 'silent';

export const LOG_LEVELS: LogLevel[] = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'];

export interface LogOptions {
  level: LogLevel;
  /** Pretty output; defaults to whether stderr is a terminal. */
  pretty?: boolean;
}

export function createLogger(opts: LogOptions): Logger {
  const pretty = opts.pretty ?? process.stderr.isTTY;
  if (pretty) {
    return pino({
      level: opts.level,
      transport: {
        target: 'pino-pretty',
        options: { destination: 2, colorize: true, translateTime: 'HH:MM:ss.l', ignore: 'pid,hostname' },
      },
    });
  }
  return pino({ level: opts.level }, pino.destination(2));
}
