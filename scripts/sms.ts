// `npm run sms -- reply <phone | IIN | persona> <text> [--api http://127.0.0.1:4000] [--message-id gw-1]`:
// plays the SMS gateway delivering a citizen's reply to 1414 — the body signed with
// SMS_INBOUND_SECRET (the development secret outside production) and POSTed to /sms/inbound.
// An IIN or a persona name (newbornMother: the birth `npm start` seeds) is looked up in the
// simulated population for its phone. The offer and the answer to the reply are in the log of
// `npm start` ("SMS logged").
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { deliverInboundSms } from '../api/client/sms-gateway-client.ts';
import { loadConfig } from '../lib/config.ts';
import { runMain, StartupError } from '../lib/startup.ts';
import { getDataset } from '../registries/synthetic/dataset.ts';

/** The phone to reply from: given, or the simulated population's for an IIN or a persona. */
function phoneOf(who: string): string {
  if (/^\+?\d{10,11}$/.test(who)) return who;
  const dataset = getDataset();
  const iin = /^\d{12}$/.test(who) ? who : dataset.personas[who as keyof typeof dataset.personas]?.iin;
  if (!iin) throw new StartupError(`"${who}" is neither a phone, an IIN nor a persona (${Object.keys(dataset.personas).join(', ')})`);
  const phone = dataset.persons.get(iin)?.phone;
  if (!phone) throw new StartupError(`the simulated population has no phone for ${who}`);
  return phone;
}

runMain('sms', async () => {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { api: { type: 'string' }, 'message-id': { type: 'string' } },
  });
  const [command, who, ...words] = positionals;
  if (command !== 'reply' || !who || words.length === 0) throw new StartupError('usage: npm run sms -- reply <phone | IIN | persona> <text> [--api URL] [--message-id ID]');
  const from = phoneOf(who);
  const config = loadConfig();
  if (!config.smsInboundSecret) throw new StartupError('SMS_INBOUND_SECRET is not set');
  const api = values.api ?? `http://${config.API_HOST === '0.0.0.0' ? '127.0.0.1' : config.API_HOST}:${config.API_PORT}`;
  const r = await deliverInboundSms(api, config.smsInboundSecret, { messageId: values['message-id'] ?? `dev-${randomUUID()}`, from, text: words.join(' ') });
  console.log(r.status, JSON.stringify(r.body));
  if (r.status !== 200) process.exitCode = 1;
});
