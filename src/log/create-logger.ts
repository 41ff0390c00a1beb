/**
 * create-logger
 */

/**
 * How much `serve` logs: nothing, errors only, one line per GraphQL operation and delivery attempt, or more.
 *
 * @category Logging
 */
export type LogLevel = 'silent' | 'error' | 'info' | 'debug';

/** @category Logging */
export const LOG_LEVELS: readonly LogLevel[] = ['silent', 'error', 'info', 'debug'];

/**
 * One line per event: `pretty` for people, `json` (one object per line) for log tools.
 *
 * @category Logging
 */
export type LogFormat = 'pretty' | 'json';

/** The fields of one log line, after its event name. Values are strings, numbers, booleans, lists or null. */
export type LogFields = Readonly<Record<string, string | number | boolean | null | undefined | readonly string[]>>;

/**
 * Where the mock writes what happens (to stderr under `serve`). Callers check {@link Logger.enabled} before doing
 * work to build a line, so a silent logger costs nothing on the hot path.
 *
 * @category Logging
 */
export interface Logger {
  readonly level: LogLevel;
  enabled(level: Exclude<LogLevel, 'silent'>): boolean;
  log(level: Exclude<LogLevel, 'silent'>, event: string, fields: LogFields): void;
}

/** Options of {@link createLogger}. */
export interface LoggerOptions {
  /** @default 'info' */
  level?: LogLevel;
  /** @default 'pretty' */
  format?: LogFormat;
  /** Writes one line (with its newline). @default process.stderr */
  write?: (line: string) => void;
  /** ANSI colours in the pretty format; decide with {@link shouldColor}. @default false */
  color?: boolean;
  /** The time stamped on each line. @default () => new Date() */
  now?: () => Date;
}

const RANK: Record<LogLevel, number> = { silent: 0, error: 1, info: 2, debug: 3 };
const COLOR: Record<Exclude<LogLevel, 'silent'>, string> = { error: '\x1b[31m', info: '\x1b[36m', debug: '\x1b[90m' };
const DIM = '\x1b[2m';
const RESET = '\x1b[0m';

/**
 * Creates a logger that writes one line per event.
 *
 * @example
 * ```ts
 * const logger = createLogger({ level: 'info', format: 'json' });
 * logger.log('info', 'graphql', { operation: 'CreateWebhookSubscription', status: 200, duration_ms: 1.2 });
 * // {"time":"…","level":"info","event":"graphql","operation":"CreateWebhookSubscription","status":200,"duration_ms":1.2}
 * ```
 * @category Logging
 */
export function createLogger(options: LoggerOptions = {}): Logger {
  const {
    level = 'info',
    format = 'pretty',
    write = (line: string) => void process.stderr.write(line),
    color = false,
    now = () => new Date(),
  } = options;
  const rank = RANK[level];
  return {
    level,
    enabled: (candidate) => RANK[candidate] <= rank,
    log(lineLevel, event, fields) {
      if (RANK[lineLevel] > rank) return;
      const time = now().toISOString();
      if (format === 'json') {
        const record: Record<string, unknown> = { time, level: lineLevel, event };
        for (const [name, value] of Object.entries(fields))
          if (value !== undefined && !(name in record)) record[name] = value;
        write(`${JSON.stringify(record)}\n`);
        return;
      }
      const parts: string[] = [];
      for (const [name, value] of Object.entries(fields)) {
        if (value === undefined || value === null) continue;
        const text = Array.isArray(value) ? value.join(',') : String(value);
        if (text === '') continue;
        parts.push(
          name === 'summary' ? text : color ? `${DIM}${name}=${RESET}${quote(text)}` : `${name}=${quote(text)}`,
        );
      }
      const head = color
        ? `${DIM}${time.slice(11, 23)}${RESET} ${COLOR[lineLevel]}${event.padEnd(8)}${RESET}`
        : `${time.slice(11, 23)} ${event.padEnd(8)}`;
      write(`${head} ${parts.join(' ')}\n`);
    },
  };
}

/**
 * Whether to colour lines written to `stream`: only on a terminal, never with `NO_COLOR` set (https://no-color.org),
 * always with `FORCE_COLOR` set (other than `0`).
 *
 * @category Logging
 */
export function shouldColor(stream: { isTTY?: boolean }, env: Readonly<Record<string, string | undefined>>): boolean {
  if (env['NO_COLOR'] !== undefined && env['NO_COLOR'] !== '') return false;
  if (env['FORCE_COLOR'] !== undefined && env['FORCE_COLOR'] !== '0') return true;
  return stream.isTTY === true;
}

/** A logger that writes nothing. */
export const silentLogger: Logger = { level: 'silent', enabled: () => false, log: () => undefined };

function quote(text: string): string {
  return /[\s"]/.test(text) ? JSON.stringify(text) : text;
}
