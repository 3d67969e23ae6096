/**
 * The staff notifier's e-mail adapter over a real SMTP conversation (a minimal server on a local
 * port): the message arrives with its Message-ID; a server that never answers times out and is
 * tried the configured number of times; a permanent refusal is not retried; the log adapter
 * claims only LOGGED.
 */
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { quietLogger } from './logger.ts';
import { emailStaffNotifier, loggingStaffNotifier, staffNotifierOf, StaffEmailError } from './staff-notifier.ts';

interface FakeSmtp {
  port: number;
  connections: number;
  messages: string[];
  close(): Promise<void>;
}

/** Speaks just enough SMTP: greets (unless silent), accepts or refuses the recipient, stores the DATA. */
async function fakeSmtp(mode: 'accept' | 'silent' | 'refuse'): Promise<FakeSmtp> {
  const state = { connections: 0, messages: [] as string[] };
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    state.connections += 1;
    if (mode === 'silent') return;
    let data: string[] | null = null;
    let buffer = '';
    socket.write('220 fake ESMTP\r\n');
    socket.on('data', (chunk) => {
      buffer += chunk.toString('utf8');
      let i: number;
      while ((i = buffer.indexOf('\r\n')) >= 0) {
        const line = buffer.slice(0, i);
        buffer = buffer.slice(i + 2);
        if (data) {
          if (line === '.') {
            state.messages.push(data.join('\n'));
            data = null;
            socket.write('250 queued\r\n');
          } else data.push(line);
          continue;
        }
        const verb = line.slice(0, 4).toUpperCase();
        if (verb === 'EHLO' || verb === 'HELO') socket.write('250 fake\r\n');
        else if (verb === 'MAIL') socket.write('250 ok\r\n');
        else if (verb === 'RCPT') socket.write(mode === 'refuse' ? '550 no such user\r\n' : '250 ok\r\n');
        else if (verb === 'DATA') {
          data = [];
          socket.write('354 go\r\n');
        } else if (verb === 'QUIT') socket.end('221 bye\r\n');
        else socket.write('250 ok\r\n');
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    port: (server.address() as net.AddressInfo).port,
    get connections() {
      return state.connections;
    },
    messages: state.messages,
    close: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}

let server: FakeSmtp | undefined;
afterEach(async () => server?.close());

const notice = { to: ['head@employment.example'], subject: 'Qyzmet: task', text: 'A task was escalated to you', idempotencyKey: 'snt_abc123' };

describe('the e-mail staff notifier', () => {
  it('hands the message to the SMTP server, with its idempotency key as Message-ID', async () => {
    server = await fakeSmtp('accept');
    const notifier = emailStaffNotifier({ url: `smtp://127.0.0.1:${server.port}`, from: 'qyzmet@gov.example', timeoutMs: 2000, attempts: 3 });
    const sent = await notifier.send(notice);
    expect(sent).toEqual({ status: 'SENT', providerId: '<snt_abc123@qyzmet>' });
    expect(server.messages).toHaveLength(1);
    expect(server.messages[0]).toContain('Message-ID: <snt_abc123@qyzmet>');
    expect(server.messages[0]).toContain('To: head@employment.example');
    expect(server.messages[0]).toContain('A task was escalated to you');
  });

  it('gives up on a server that never answers after the timeout, once per attempt', async () => {
    server = await fakeSmtp('silent');
    const notifier = emailStaffNotifier({ url: `smtp://127.0.0.1:${server.port}`, from: 'qyzmet@gov.example', timeoutMs: 300, attempts: 2, backoffMs: () => 10 });
    const started = Date.now();
    await expect(notifier.send(notice)).rejects.toThrow(StaffEmailError);
    expect(server.connections).toBe(2);
    expect(Date.now() - started).toBeGreaterThanOrEqual(550);
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('does not retry a permanent refusal (5xx)', async () => {
    server = await fakeSmtp('refuse');
    const notifier = emailStaffNotifier({ url: `smtp://127.0.0.1:${server.port}`, from: 'qyzmet@gov.example', timeoutMs: 2000, attempts: 3, backoffMs: () => 10 });
    await expect(notifier.send(notice)).rejects.toThrow(/550/);
    expect(server.connections).toBe(1);
  });

  it('retries a temporary failure and succeeds', async () => {
    let calls = 0;
    const transport = {
      sendMail: async () => {
        calls += 1;
        if (calls < 3) throw Object.assign(new Error('connection reset'), { code: 'ECONNRESET' });
        return { messageId: '<m@x>' };
      },
    };
    const notifier = emailStaffNotifier({ url: 'smtp://unused', from: 'a@b', timeoutMs: 100, attempts: 3, transport, backoffMs: () => 1 });
    expect(await notifier.send(notice)).toEqual({ status: 'SENT', providerId: '<m@x>' });
    expect(calls).toBe(3);
  });
});

describe('the configured notifier', () => {
  it('is the log without STAFF_SMTP_URL (development, tests), and only claims LOGGED', async () => {
    const config = { STAFF_EMAIL_FROM: 'q@x', STAFF_SMTP_TIMEOUT_MS: 1000, STAFF_SMTP_ATTEMPTS: 1 };
    const log = staffNotifierOf(config, quietLogger('test'));
    expect(log.channel).toBe('LOG');
    expect(await log.send(notice)).toEqual({ status: 'LOGGED', providerId: 'log:snt_abc123' });
    expect(staffNotifierOf({ ...config, STAFF_SMTP_URL: 'smtp://mail.example:587' }, quietLogger('test')).channel).toBe('EMAIL');
    expect(loggingStaffNotifier(quietLogger('test')).channel).toBe('LOG');
  });
});
