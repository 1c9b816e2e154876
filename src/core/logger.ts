/**
 * Structured logging. Fields whose names mark them as private (a reporter's identity, a message
 * body, a token) are replaced by "[redacted]" unless debug mode is on, so a careless call site
 * still cannot leak them.
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type LogFields = Record<string, unknown>;

export interface Logger {
  debug(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
  child(scope: string): Logger;
}

const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };
/** Field names that never reach a log outside debug mode. */
export const PRIVATE_FIELDS = /^(text|body|message|question|narrative|identity|reporter|email|token|secret|password|pin|authorization|reply|answer)$/i;

export interface LoggerOptions {
  level?: LogLevel;
  /** Where lines go; stderr by default so stdout stays clean for JSON output. */
  write?: (line: string) => void;
  scope?: string;
}

export function createLogger(options: LoggerOptions = {}): Logger {
  const level = options.level ?? 'info';
  const write = options.write ?? ((line: string) => process.stderr.write(line + '\n'));
  const make = (scope: string): Logger => {
    const log = (lvl: LogLevel, msg: string, fields?: LogFields) => {
      if (ORDER[lvl] < ORDER[level]) return;
      const safe: LogFields = {};
      for (const [k, v] of Object.entries(fields ?? {})) {
        safe[k] = level !== 'debug' && PRIVATE_FIELDS.test(k) ? '[redacted]' : v instanceof Error ? { name: v.name, message: v.message, code: (v as { code?: unknown }).code } : v;
      }
      write(JSON.stringify({ t: new Date().toISOString(), level: lvl, scope, msg, ...safe }));
    };
    return {
      debug: (m, f) => log('debug', m, f),
      info: (m, f) => log('info', m, f),
      warn: (m, f) => log('warn', m, f),
      error: (m, f) => log('error', m, f),
      child: (s) => make(scope ? `${scope}.${s}` : s),
    };
  };
  return make(options.scope ?? '');
}

/** A logger that drops everything (CLI commands that print their own output). */
export const silentLogger: Logger = createLogger({ level: 'error', write: () => {} });
