/**
 * API keys for front-end systems: `qz_<prefix>_<secret>`. Only a SHA-256 of the key is stored
 * (keys are long random strings, so a fast hash is enough); the prefix finds the row. Keys carry
 * scopes and can be revoked.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { PrismaClient } from '../db/client.ts';

/**
 * cases:read / cases:write — the cases this client started; payments:acknowledge — a payer: read
 * payment instructions and acknowledge them; life-events:write — submit life
 * events (registries); offers:respond — the citizen channel for proactive offers: read proactive
 * cases (they have no starting client) and answer their offers.
 */
export const API_KEY_SCOPES = ['cases:write', 'cases:read', 'life-events:write', 'offers:respond', 'payments:acknowledge'] as const;
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];

export interface ApiKeyPrincipal {
  apiKeyId: string;
  clientId: string;
  name: string;
  scopes: ApiKeyScope[];
}

export const API_KEY_STATUSES = ['ACTIVE', 'PENDING'] as const;
export type ApiKeyStatus = (typeof API_KEY_STATUSES)[number];

/** Scopes that read or act on citizens' cases or payments (accounts, paid or not): a key holding one needs a second approver. */
export const SCOPES_NEEDING_APPROVAL: readonly ApiKeyScope[] = ['cases:read', 'cases:write', 'offers:respond', 'payments:acknowledge'];

/**
 * Why a new key must wait for a second engineer, or null when one may issue it alone. A key for
 * a client that already has keys would share that client's cases; a scope over citizens' cases
 * lets its holder read them unmasked and act for the citizen. Either is too much for one person.
 */
export function approvalReason(input: { scopes: readonly ApiKeyScope[]; clientHasKeys: boolean }): string | null {
  const reasons: string[] = [];
  if (input.clientHasKeys) reasons.push('the client already has keys');
  const powerful = input.scopes.filter((s) => SCOPES_NEEDING_APPROVAL.includes(s));
  if (powerful.length) reasons.push(`scopes ${powerful.join(', ')}`);
  return reasons.length ? reasons.join('; ') : null;
}

const hashKey = (key: string) => createHash('sha256').update(key).digest('hex');

export async function createApiKey(
  prisma: PrismaClient,
  input: { name: string; clientId: string; scopes: ApiKeyScope[]; key?: string; status?: ApiKeyStatus; createdBy?: string },
): Promise<{ id: string; key: string }> {
  const prefix = randomBytes(4).toString('hex');
  const key = input.key ?? `qz_${prefix}_${randomBytes(24).toString('base64url')}`;
  const keyPrefix = key.split('_')[1]!;
  const id = `key_${keyPrefix}`;
  await prisma.apiKey.create({
    data: { id, name: input.name, clientId: input.clientId, prefix: keyPrefix, hash: hashKey(key), scopes: input.scopes, status: input.status ?? 'ACTIVE', createdBy: input.createdBy ?? null },
  });
  return { id, key };
}

/**
 * Activates a pending key. Guarded in the statement itself (still pending, not revoked, approver
 * other than the creator), so two approvals racing, or a revocation racing an approval, cannot
 * both win. Returns whether this call activated it.
 */
export async function approveApiKey(prisma: PrismaClient, id: string, approver: string, now = new Date()): Promise<boolean> {
  const { count } = await prisma.apiKey.updateMany({
    where: { id, status: 'PENDING', revokedAt: null, OR: [{ createdBy: null }, { createdBy: { not: approver } }] },
    data: { status: 'ACTIVE', approvedBy: approver, approvedAt: now },
  });
  return count === 1;
}

export type ApiKeyCheck = { ok: true; principal: ApiKeyPrincipal } | { ok: false; reason: 'MALFORMED' | 'UNKNOWN' | 'REVOKED' };

export async function verifyApiKey(prisma: PrismaClient, key: string): Promise<ApiKeyCheck> {
  const match = /^qz_([0-9a-f]{8})_[A-Za-z0-9_-]{20,}$/.exec(key);
  if (!match) return { ok: false, reason: 'MALFORMED' };
  const row = await prisma.apiKey.findUnique({ where: { prefix: match[1]! } });
  if (!row) return { ok: false, reason: 'UNKNOWN' };
  const expected = Buffer.from(row.hash, 'hex');
  const actual = Buffer.from(hashKey(key), 'hex');
  if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) return { ok: false, reason: 'UNKNOWN' };
  if (row.revokedAt) return { ok: false, reason: 'REVOKED' };
  // A pending key is not yet a credential: it answers exactly as an unknown one, so its holder
  // learns nothing before a second engineer approves it.
  if (row.status !== 'ACTIVE') return { ok: false, reason: 'UNKNOWN' };
  return { ok: true, principal: { apiKeyId: row.id, clientId: row.clientId, name: row.name, scopes: row.scopes as ApiKeyScope[] } };
}

/**
 * Verified keys are remembered briefly, so a front-end's requests cost no key lookup each: a
 * revocation takes effect at once in the process that revokes and within VERIFIED_KEY_TTL_MS on
 * the other API replicas. Failures are never cached (nothing for a guesser to fill).
 */
export const VERIFIED_KEY_TTL_MS = 10_000;
const verified = new WeakMap<PrismaClient, Map<string, { check: ApiKeyCheck & { ok: true }; until: number }>>();

export async function verifyApiKeyCached(prisma: PrismaClient, key: string, now = Date.now()): Promise<ApiKeyCheck> {
  let cache = verified.get(prisma);
  if (!cache) verified.set(prisma, (cache = new Map()));
  const hit = cache.get(key);
  if (hit && hit.until > now) return hit.check;
  const check = await verifyApiKey(prisma, key);
  if (check.ok) {
    if (cache.size > 10_000) cache.clear();
    cache.set(key, { check, until: now + VERIFIED_KEY_TTL_MS });
  } else cache.delete(key);
  return check;
}

export async function revokeApiKey(prisma: PrismaClient, id: string): Promise<void> {
  await prisma.apiKey.update({ where: { id }, data: { revokedAt: new Date() } });
  const cache = verified.get(prisma);
  if (cache) for (const [key, entry] of cache) if (entry.check.principal.apiKeyId === id) cache.delete(key);
}
