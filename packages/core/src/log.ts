/**
 * nodeprom's own logger. It writes to stderr rather than through OpenTelemetry's `diag`, because
 * `diag` drops everything until the app installs a logger, and a warning about a bad setting that
 * nobody sees is no warning at all. `OTEL_LOG_LEVEL` sets the threshold (default `warn`).
 */
export type LogLevel = 'none' | 'error' | 'warn' | 'info' | 'debug';

const SEVERITY: Record<LogLevel, number> = { none: 0, error: 1, warn: 2, info: 3, debug: 4 };

/** The spellings OpenTelemetry accepts for OTEL_LOG_LEVEL, mapped to ours. */
export const LOG_LEVEL_ALIASES: Readonly<Record<string, LogLevel>> = {
  none: 'none',
  error: 'error',
  warn: 'warn',
  info: 'info',
  debug: 'debug',
  verbose: 'debug',
  all: 'debug',
};

let threshold = SEVERITY.warn;
const said = new Set<string>();

export function setLogLevel(level: LogLevel): void {
  threshold = SEVERITY[level];
}

function write(level: Exclude<LogLevel, 'none'>, message: string): void {
  if (SEVERITY[level] > threshold) return;
  process.stderr.write(`[nodeprom] ${level}: ${message}\n`);
}

export const log = {
  error: (message: string): void => write('error', message),
  warn: (message: string): void => write('warn', message),
  info: (message: string): void => write('info', message),
  debug: (message: string): void => write('debug', message),
  /** Warns the first time `key` is seen and never again in this process. */
  warnOnce(key: string, message: string): void {
    if (said.has(key)) return;
    said.add(key);
    write('warn', message);
  },
  /** Logs an error caught inside nodeprom, once per `key`, so a fault on a hot path cannot flood. */
  errorOnce(key: string, error: unknown): void {
    if (said.has(key)) return;
    said.add(key);
    const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
    write('error', `${key} failed; nodeprom carries on without it, the app is unaffected. ${detail}`);
  },
};
