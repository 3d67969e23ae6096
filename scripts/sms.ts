// `npm run sms -- reply +77011234567 1 [--api http://127.0.0.1:4000] [--message-id gw-1]`:
// plays the SMS gateway delivering a citizen's reply to 1414 — the body signed with
// SMS_INBOUND_SECRET (the development secret outside production) and POSTed to /sms/inbound.
// The offer itself and the answer to the reply are in the log of `npm start` ("SMS logged").
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { SMS_INBOUND_PATH, SMS_SIGNATURE_HEADER, signSmsBody } from '../api/http/sms-inbound.ts';
import { loadConfig } from '../lib/config.ts';
import { runMain, StartupError } from '../lib/startup.ts';

runMain('sms', async () => {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { api: { type: 'string' }, 'message-id': { type: 'string' } },
  });
  const [command, from, ...words] = positionals;
  if (command !== 'reply' || !from || words.length === 0) throw new StartupError('usage: npm run sms -- reply <phone> <text> [--api URL] [--message-id ID]');
  const config = loadConfig();
  if (!config.smsInboundSecret) throw new StartupError('SMS_INBOUND_SECRET is not set');
  const api = values.api ?? `http://127.0.0.1:${config.API_PORT}`;
  const body = JSON.stringify({ messageId: values['message-id'] ?? `dev-${randomUUID()}`, from, text: words.join(' '), receivedAt: new Date().toISOString() });
  const res = await fetch(new URL(SMS_INBOUND_PATH, api), {
    method: 'POST',
    headers: { 'content-type': 'application/json', [SMS_SIGNATURE_HEADER]: signSmsBody(config.smsInboundSecret, body) },
    body,
    signal: AbortSignal.timeout(30_000),
  });
  console.log(res.status, await res.text());
  if (!res.ok) process.exitCode = 1;
});
