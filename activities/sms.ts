/**
 * The outbound SMS gateway (short number 1414 in Kazakhstan) the notifications activity sends
 * through, and the development one that only logs.
 */
import { maskDigits, type Logger } from '../lib/logger.ts';

export interface SmsGateway {
  send(message: { to: string; text: string; idempotencyKey: string }): Promise<{ providerId: string }>;
}

/** Development SMS gateway: records the message in the log (phone masked); nothing leaves the host. */
export function loggingSmsGateway(logger: Logger): SmsGateway {
  return {
    async send({ to, text, idempotencyKey }) {
      logger.info({ to: `${to.slice(0, 5)}****${to.slice(-2)}`, idempotencyKey, text: maskDigits(text) }, 'SMS sent');
      return { providerId: `log:${idempotencyKey}` };
    },
  };
}
