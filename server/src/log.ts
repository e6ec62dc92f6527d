/** The process logger: JSON lines (pino) on stdout, for journald or any collector. */
import { pino, type Logger } from 'pino';

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

export function createLogger(level: LogLevel = 'info', name = 'thinboot'): Logger {
  return pino({ name, level, base: { name } });
}

export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
