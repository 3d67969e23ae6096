// `npm run sms -- reply +77011234567 1 [--api http://127.0.0.1:4000] [--message-id gw-1]`:
// plays the SMS gateway delivering a citizen's reply to 1414 — the body signed with
// SMS_INBOUND_SECRET (the development secret outside production) and POSTed to /sms/inbound.
// The offer itself and the answer to the reply are in the log of `npm start` ("SMS logged").
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { deliverInboundSms } from '../api/client/sms-gateway-client.ts';
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
  const api = values.api ?? `http://${config.API_HOST === '0.0.0.0' ? '127.0.0.1' : config.API_HOST}:${config.API_PORT}`;
  const r = await deliverInboundSms(api, config.smsInboundSecret, { messageId: values['message-id'] ?? `dev-${randomUUID()}`, from, text: words.join(' ') });
  console.log(r.status, JSON.stringify(r.body));
  if (r.status !== 200) process.exitCode = 1;
});
