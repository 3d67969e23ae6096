/**
 * Structured logging. Personal data never reaches a log line: known fields are redacted by path,
 * and any 12-digit run (an IIN or BIN) inside a message is masked, whatever field carries it.
 */
import { pino, type Logger, type LoggerOptions } from 'pino';

const PII_FIELDS = [
  'iin', 'applicantIin', 'subjectIin', 'childIin', 'motherIin', 'fatherIin', 'spouseIin',
  'firstName', 'lastName', 'patronymic', 'fullName', 'phone', 'recipient', 'iban',
  'authorization', 'password', 'token', 'apiKey',
];

export const REDACT_PATHS = PII_FIELDS.flatMap((f) => [f, `*.${f}`, `*.*.${f}`, `*.*.*.${f}`]);

const IIN_RUN = /(?<!\d)(\d{4})\d{6}(\d{2})(?!\d)/g;

export function maskDigits(text: string): string {
  return text.replace(IIN_RUN, '$1******$2');
}

export function createLogger(opts: { level?: string; name?: string } = {}, destination?: pino.DestinationStream): Logger {
  const options: LoggerOptions = {
    level: opts.level ?? process.env.LOG_LEVEL ?? 'info',
    name: opts.name ?? 'qyzmet',
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    hooks: {
      logMethod(args, method) {
        const masked = args.map((a) => (typeof a === 'string' ? maskDigits(a) : a));
        method.apply(this, masked as Parameters<typeof method>);
      },
    },
    formatters: {
      log(object) {
        // Error messages and free-text fields can quote an IIN; mask them too.
        return JSON.parse(maskDigits(JSON.stringify(object)));
      },
    },
  };
  return destination ? pino(options, destination) : pino(options);
}

export const logger = createLogger();

/** For commands, tools and tests: errors only, on stderr (stdout stays for a command's output). */
export function quietLogger(name = 'qyzmet'): Logger {
  return createLogger({ level: 'error', name }, pino.destination({ dest: 2, sync: true }));
}
export type { Logger };
