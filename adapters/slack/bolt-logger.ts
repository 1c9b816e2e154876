import { LogLevel, type Logger as BoltLogger } from '@slack/bolt';
import type { Logger } from '../../src/core/logger.ts';

/**
 * Bolt's logger interface over ours. Bolt logs free-form strings; outside debug only warnings and
 * errors pass, cut short, and never request bodies (Bolt logs those at debug level only).
 */
export function boltLogger(logger: Logger, debug: boolean): BoltLogger {
  let level = debug ? LogLevel.DEBUG : LogLevel.WARN;
  const line = (msg: unknown[]) => msg.map((m) => (m instanceof Error ? `${m.name}: ${m.message}` : typeof m === 'string' ? m : '')).join(' ').slice(0, 300);
  return {
    debug: (...msg) => { if (level === LogLevel.DEBUG) logger.debug(line(msg)); },
    info: (...msg) => { if (level === LogLevel.DEBUG || level === LogLevel.INFO) logger.info(line(msg)); },
    warn: (...msg) => { if (level !== LogLevel.ERROR) logger.warn(line(msg)); },
    error: (...msg) => logger.error(line(msg)),
    setLevel: (l) => { level = l; },
    getLevel: () => level,
    setName: () => {},
  };
}
