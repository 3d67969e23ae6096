/**
 * The recipe's mutual TLS from the client side: the API's client (grpc-js, OpenSSL) and the
 * worker's native connection (Rust core, rustls) read TEMPORAL_TLS_* through
 * lib/temporal/connection.ts, accept the frontend certificate deploy/tls/generate-dev-ca.sh
 * issues, and present their own. The stand-in frontend is an HTTP/2 TLS server that demands a
 * client certificate from the recipe's CA, as Temporal's frontend does with
 * TEMPORAL_TLS_REQUIRE_CLIENT_AUTH, and answers every call UNIMPLEMENTED.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import http2 from 'node:http2';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { TLSSocket } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, PROJECT_ROOT } from '../../lib/config.ts';
import { connectClient, connectWorkerConnection } from '../../lib/temporal/connection.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qyzmet-mtls-'));
const tls = path.join(dir, 'tls');
const strangerTls = path.join(dir, 'stranger');
const generator = path.join(PROJECT_ROOT, 'deploy', 'tls', 'generate-dev-ca.sh');

let server: http2.Http2SecureServer;
let address = '';
/** Common names of the client certificates that reached a gRPC call. */
const callers: string[] = [];
let refusedHandshakes = 0;
const sessions = new Set<http2.ServerHttp2Session>();

beforeAll(async () => {
  execFileSync('sh', [generator, tls], { stdio: 'pipe' });
  execFileSync('sh', [generator, strangerTls], { stdio: 'pipe' }); // another CA, same names
  server = http2.createSecureServer({
    key: fs.readFileSync(path.join(tls, 'temporal-frontend-key.pem')),
    cert: fs.readFileSync(path.join(tls, 'temporal-frontend.pem')),
    ca: fs.readFileSync(path.join(tls, 'ca.pem')),
    requestCert: true,
    rejectUnauthorized: true,
  });
  server.on('tlsClientError', () => refusedHandshakes++);
  // A client whose start-up failed is not closed by anyone (its process would exit).
  server.on('session', (session) => {
    sessions.add(session);
    session.on('close', () => sessions.delete(session));
  });
  server.on('stream', (stream) => {
    const peer = (stream.session?.socket as TLSSocket).getPeerCertificate();
    callers.push(String(peer.subject?.CN));
    stream.respond({ ':status': 200, 'content-type': 'application/grpc', 'grpc-status': '12', 'grpc-message': 'stand-in frontend' }, { endStream: true });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  address = `127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  for (const session of sessions) session.destroy();
  await new Promise((resolve) => server?.close(resolve));
  fs.rmSync(dir, { recursive: true, force: true });
});

const TLS_VARIABLES = ['TEMPORAL_TLS_CLIENT_CERT_PATH', 'TEMPORAL_TLS_CLIENT_KEY_PATH', 'TEMPORAL_TLS_SERVER_CA_CERT_PATH', 'TEMPORAL_TLS_SERVER_NAME'];

/** Runs fn with the TLS variables of one client set as its container sets them. */
async function asClient<T>(vars: Record<string, string>, fn: () => Promise<T>): Promise<T> {
  const saved = Object.fromEntries(TLS_VARIABLES.map((k) => [k, process.env[k]]));
  for (const k of TLS_VARIABLES) delete process.env[k];
  Object.assign(process.env, vars);
  try {
    return await fn();
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

const clientVars = (name: string, from = tls) => ({
  TEMPORAL_TLS_CLIENT_CERT_PATH: path.join(from, `${name}.pem`),
  TEMPORAL_TLS_CLIENT_KEY_PATH: path.join(from, `${name}-key.pem`),
  TEMPORAL_TLS_SERVER_CA_CERT_PATH: path.join(tls, 'ca.pem'),
  TEMPORAL_TLS_SERVER_NAME: 'temporal',
});

const temporalConfig = () => ({ TEMPORAL_ADDRESS: address, TEMPORAL_NAMESPACE: 'default', TEMPORAL_CONNECT_TIMEOUT_MS: 4000 });

describe('mTLS between Qyzmet and the Temporal frontend', () => {
  it("presents the API's certificate from the API's client", async () => {
    const before = callers.length;
    await asClient(clientVars('qyzmet-api'), async () => {
      await expect(connectClient(temporalConfig())).rejects.toThrow(/stand-in frontend|UNIMPLEMENTED/);
    });
    expect(callers.slice(before)).toContain('qyzmet-api');
  });

  it("presents the worker's certificate from the worker's native connection (rustls)", async () => {
    const before = callers.length;
    await asClient(clientVars('qyzmet-worker'), async () => {
      // The core may treat the stand-in's UNIMPLEMENTED as an old server and connect anyway.
      const result = await connectWorkerConnection(temporalConfig()).then(
        (c) => c.connection.close().then(() => 'connected'),
        (e: Error) => e.message,
      );
      expect(result).toMatch(/connected|stand-in frontend|Unimplemented|UNIMPLEMENTED/);
    });
    expect(callers.slice(before)).toContain('qyzmet-worker');
  });

  it('is refused without a client certificate, or with one from another CA', async () => {
    const before = { callers: callers.length, refused: refusedHandshakes };
    const { TEMPORAL_TLS_SERVER_CA_CERT_PATH, TEMPORAL_TLS_SERVER_NAME } = clientVars('qyzmet-api');
    await asClient({ TEMPORAL_TLS_SERVER_CA_CERT_PATH, TEMPORAL_TLS_SERVER_NAME }, async () => {
      await expect(connectClient(temporalConfig())).rejects.toThrow();
    });
    await asClient(clientVars('qyzmet-api', strangerTls), async () => {
      await expect(connectClient(temporalConfig())).rejects.toThrow();
    });
    expect(callers.length).toBe(before.callers);
    expect(refusedHandshakes).toBeGreaterThan(before.refused);
  });

  it('refuses a frontend whose certificate does not name the address it is reached by', async () => {
    const before = callers.length;
    await asClient({ ...clientVars('qyzmet-api'), TEMPORAL_TLS_SERVER_NAME: 'impostor' }, async () => {
      await expect(connectClient(temporalConfig())).rejects.toThrow();
    });
    expect(callers.length).toBe(before);
  });

  it('reads address, namespace and TLS from a temporal.toml profile when no variable names them', async () => {
    const v = clientVars('qyzmet-api');
    const file = path.join(dir, 'temporal.toml');
    fs.writeFileSync(
      file,
      [
        '[profile.default]',
        'address = "127.0.0.1:1"',
        '',
        '[profile.ministry]',
        `address = "${address}"`,
        'namespace = "qyzmet-prod"',
        '[profile.ministry.tls]',
        `client_cert_path = "${v.TEMPORAL_TLS_CLIENT_CERT_PATH}"`,
        `client_key_path = "${v.TEMPORAL_TLS_CLIENT_KEY_PATH}"`,
        `server_ca_cert_path = "${v.TEMPORAL_TLS_SERVER_CA_CERT_PATH}"`,
        `server_name = "${v.TEMPORAL_TLS_SERVER_NAME}"`,
        '',
      ].join('\n'),
    );
    const config = loadConfig({ TEMPORAL_CONFIG_FILE: file, TEMPORAL_PROFILE: 'ministry', TEMPORAL_CONNECT_TIMEOUT_MS: '4000' });
    expect(config.temporalTarget).toEqual({ address, namespace: 'qyzmet-prod', addressSource: 'profile', profile: 'ministry' });
    const before = callers.length;
    // No TLS variable is set: the certificate the stand-in sees came from the profile.
    await asClient({}, async () => {
      await expect(connectClient(config)).rejects.toThrow(/stand-in frontend|UNIMPLEMENTED/);
    });
    expect(callers.slice(before)).toContain('qyzmet-api');
  });
});
