/**
 * A unique life-event id for tests that go through the API, which refuses an id with 12 digits in
 * a row (it looks like an IIN). A UUID's last group alone is all digits once in ~280 draws: its
 * digits become letters here, so the id is never refused by chance.
 */
import { randomUUID } from 'node:crypto';

export const uniqueEventId = (prefix: string): string => `${prefix}-${randomUUID().replace(/[0-9]/g, (d) => 'ghijklmnop'[Number(d)]!)}`;
