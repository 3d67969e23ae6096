/**
 * The port staff notifications leave through (a new task in a group, a task overdue, a task
 * escalated — activities/staff-notifications.ts), and its two adapters: the log (development,
 * tests) and e-mail over SMTP (STAFF_SMTP_URL).
 *
 * Each send answers how far the message got: `SENT` (the SMTP server accepted it) or `LOGGED`
 * (only written to the log), so a recorded notification never claims an e-mail left when it did not.
 */
import nodemailer from 'nodemailer';
import type { Config } from './config.ts';
import type { Logger } from './logger.ts';

export type StaffNoticeStatus = 'SENT' | 'LOGGED';

export interface StaffNotice {
  /** E-mail addresses of the recipients (may be empty for the log). */
  to: string[];
  subject: string;
  text: string;
  /** One key per notification: the e-mail's Message-ID, so a resend is recognisable as the same message. */
  idempotencyKey: string;
}

export interface StaffNotifier {
  readonly channel: 'LOG' | 'EMAIL';
  send(notice: StaffNotice): Promise<{ status: StaffNoticeStatus; providerId: string }>;
}

/** Development and tests: the notice is written to the log; nothing leaves the host. */
export function loggingStaffNotifier(logger: Logger): StaffNotifier {
  return {
    channel: 'LOG',
    async send({ to, subject, idempotencyKey }) {
      logger.info({ recipients: to.length, subject, idempotencyKey }, 'staff notification logged, not sent');
      return { status: 'LOGGED', providerId: `log:${idempotencyKey}` };
    },
  };
}

export class StaffEmailError extends Error {
  override name = 'StaffEmailError';
}

/** What an SMTP client needs: nodemailer's transport, or a test's fake. */
export interface MailTransport {
  sendMail(mail: { from: string; to: string[]; subject: string; text: string; messageId: string }): Promise<{ messageId?: string; rejected?: unknown[] }>;
}

export interface EmailNotifierOptions {
  url: string;
  from: string;
  timeoutMs: number;
  attempts: number;
  /** Test seam: a transport instead of nodemailer's SMTP one. */
  transport?: MailTransport;
  /** Pause before try n (1-based), ms. */
  backoffMs?: (attempt: number) => number;
}

/** smtp://user:password@host:587 (STARTTLS when offered) or smtps://…:465 (TLS from the start). */
function smtpEndpoint(url: string): { host: string; port: number; secure: boolean; auth?: { user: string; pass: string } } {
  const u = new URL(url);
  const secure = u.protocol === 'smtps:';
  const user = decodeURIComponent(u.username);
  return {
    host: u.hostname,
    port: u.port ? Number(u.port) : secure ? 465 : 587,
    secure,
    ...(user ? { auth: { user, pass: decodeURIComponent(u.password) } } : {}),
  };
}

/** An SMTP server that refused for good (5xx): retrying the same message cannot help. */
const permanent = (e: unknown): boolean => {
  const code = (e as { responseCode?: unknown })?.responseCode;
  return typeof code === 'number' && code >= 500 && code < 600;
};

/**
 * E-mail through an SMTP server. Every conversation is bounded by `timeoutMs` (connection,
 * greeting, each command); a temporary failure is tried again up to `attempts` times with a short
 * backoff, then thrown so Temporal retries the activity. A permanent refusal (5xx) throws at once.
 */
export function emailStaffNotifier(options: EmailNotifierOptions): StaffNotifier {
  const transport: MailTransport =
    options.transport ??
    nodemailer.createTransport({
      ...smtpEndpoint(options.url),
      connectionTimeout: options.timeoutMs,
      greetingTimeout: options.timeoutMs,
      socketTimeout: options.timeoutMs,
    });
  const backoff = options.backoffMs ?? ((n: number) => Math.min(250 * 2 ** (n - 1), 5000));
  return {
    channel: 'EMAIL',
    async send({ to, subject, text, idempotencyKey }) {
      if (to.length === 0) throw new StaffEmailError('a staff e-mail needs at least one recipient');
      const messageId = `<${idempotencyKey.replace(/[^A-Za-z0-9._-]/g, '.')}@qyzmet>`;
      let last: unknown;
      for (let attempt = 1; attempt <= options.attempts; attempt += 1) {
        try {
          const info = await transport.sendMail({ from: options.from, to, subject, text, messageId });
          return { status: 'SENT', providerId: info.messageId ?? messageId };
        } catch (e) {
          last = e;
          if (permanent(e)) break;
          if (attempt < options.attempts) await new Promise((r) => setTimeout(r, backoff(attempt)));
        }
      }
      throw new StaffEmailError(`the SMTP server did not take the e-mail: ${(last as Error)?.message ?? String(last)}`);
    },
  };
}

/** The configuration's notifier: e-mail (STAFF_SMTP_URL) or, in development and tests, the log. */
export function staffNotifierOf(config: Pick<Config, 'STAFF_SMTP_URL' | 'STAFF_EMAIL_FROM' | 'STAFF_SMTP_TIMEOUT_MS' | 'STAFF_SMTP_ATTEMPTS'>, logger: Logger): StaffNotifier {
  return config.STAFF_SMTP_URL
    ? emailStaffNotifier({ url: config.STAFF_SMTP_URL, from: config.STAFF_EMAIL_FROM, timeoutMs: config.STAFF_SMTP_TIMEOUT_MS, attempts: config.STAFF_SMTP_ATTEMPTS })
    : loggingStaffNotifier(logger);
}
