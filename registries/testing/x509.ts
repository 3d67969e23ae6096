/**
 * Test support: a throw-away certificate authority with a server and a client certificate, built
 * with node:crypto and a few lines of DER, so mutual-TLS tests need neither fixtures with private
 * keys in the repository nor an openssl binary. ECDSA P-256 / SHA-256, X.509 v3, valid one day.
 */
import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';

function tlv(tag: number, content: Buffer): Buffer {
  const n = content.length;
  let length: Buffer;
  if (n < 0x80) length = Buffer.from([n]);
  else {
    const hex = n.toString(16);
    const bytes = Buffer.from(hex.length % 2 ? `0${hex}` : hex, 'hex');
    length = Buffer.concat([Buffer.from([0x80 | bytes.length]), bytes]);
  }
  return Buffer.concat([Buffer.from([tag]), length, content]);
}

const sequence = (...items: Buffer[]) => tlv(0x30, Buffer.concat(items));
const set = (...items: Buffer[]) => tlv(0x31, Buffer.concat(items));
const explicit = (tagNumber: number, inner: Buffer) => tlv(0xa0 + tagNumber, inner);
const octetString = (content: Buffer) => tlv(0x04, content);
const bitString = (content: Buffer) => tlv(0x03, Buffer.concat([Buffer.from([0]), content]));
const boolean = (value: boolean) => tlv(0x01, Buffer.from([value ? 0xff : 0]));
const utf8String = (text: string) => tlv(0x0c, Buffer.from(text, 'utf8'));

function integer(value: number | Buffer): Buffer {
  const hex = typeof value === 'number' ? value.toString(16) : '';
  let bytes = typeof value === 'number' ? Buffer.from(hex.length % 2 ? `0${hex}` : hex, 'hex') : value;
  while (bytes.length > 1 && bytes[0] === 0 && bytes[1]! < 0x80) bytes = bytes.subarray(1);
  if (bytes[0]! >= 0x80) bytes = Buffer.concat([Buffer.from([0]), bytes]);
  return tlv(0x02, bytes);
}

function objectId(dotted: string): Buffer {
  const [a, b, ...rest] = dotted.split('.').map(Number) as [number, number, ...number[]];
  const out = [40 * a + b];
  for (const arc of rest) {
    const chunk = [arc & 0x7f];
    for (let v = arc >>> 7; v > 0; v >>>= 7) chunk.unshift((v & 0x7f) | 0x80);
    out.push(...chunk);
  }
  return tlv(0x06, Buffer.from(out));
}

function utcTime(date: Date): Buffer {
  const iso = date.toISOString(); // YYYY-MM-DDTHH:MM:SS.sssZ
  return tlv(0x17, Buffer.from(`${iso.slice(2, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}Z`));
}

const ECDSA_WITH_SHA256 = sequence(objectId('1.2.840.10045.4.3.2'));
const name = (commonName: string) => sequence(set(sequence(objectId('2.5.4.3'), utf8String(commonName))));

interface CertificateSpec {
  subject: string;
  issuer: string;
  publicKey: KeyObject;
  issuerKey: KeyObject;
  serial: number;
  ca: boolean;
  /** DNS names and IPv4 addresses for subjectAltName. */
  altNames?: string[];
}

function certificatePem(spec: CertificateSpec): string {
  const extensions: Buffer[] = [
    spec.ca
      ? sequence(objectId('2.5.29.19'), boolean(true), octetString(sequence(boolean(true))))
      : sequence(objectId('2.5.29.19'), octetString(sequence())),
  ];
  if (spec.altNames?.length) {
    const general = spec.altNames.map((n) =>
      /^\d+\.\d+\.\d+\.\d+$/.test(n) ? tlv(0x87, Buffer.from(n.split('.').map(Number))) : tlv(0x82, Buffer.from(n, 'ascii')),
    );
    extensions.push(sequence(objectId('2.5.29.17'), octetString(sequence(...general))));
  }
  const now = Date.now();
  const tbs = sequence(
    explicit(0, integer(2)),
    integer(spec.serial),
    ECDSA_WITH_SHA256,
    name(spec.issuer),
    sequence(utcTime(new Date(now - 3_600_000)), utcTime(new Date(now + 86_400_000))),
    name(spec.subject),
    spec.publicKey.export({ type: 'spki', format: 'der' }),
    explicit(3, sequence(...extensions)),
  );
  const der = sequence(tbs, ECDSA_WITH_SHA256, bitString(sign('sha256', tbs, spec.issuerKey)));
  const base64 = der.toString('base64').replace(/(.{64})/g, '$1\n');
  return `-----BEGIN CERTIFICATE-----\n${base64.trimEnd()}\n-----END CERTIFICATE-----\n`;
}

export interface TestPki {
  caCert: string;
  server: { cert: string; key: string };
  client: { cert: string; key: string };
}

/** A CA, a server certificate for localhost/127.0.0.1 and a client certificate, all signed by the CA. */
export function createTestPki(clientName = 'qyzmet-test-client'): TestPki {
  const newKey = () => generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const pem = (key: KeyObject) => key.export({ type: 'pkcs8', format: 'pem' }).toString();
  const ca = newKey();
  const server = newKey();
  const client = newKey();
  const caName = 'Qyzmet Test CA';
  return {
    caCert: certificatePem({ subject: caName, issuer: caName, publicKey: ca.publicKey, issuerKey: ca.privateKey, serial: 1, ca: true }),
    server: {
      cert: certificatePem({ subject: 'localhost', issuer: caName, publicKey: server.publicKey, issuerKey: ca.privateKey, serial: 2, ca: false, altNames: ['localhost', '127.0.0.1'] }),
      key: pem(server.privateKey),
    },
    client: {
      cert: certificatePem({ subject: clientName, issuer: caName, publicKey: client.publicKey, issuerKey: ca.privateKey, serial: 3, ca: false }),
      key: pem(client.privateKey),
    },
  };
}
