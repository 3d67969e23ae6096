/**
 * The entitlements in the database: which case holds a grant (EntitlementClaim), which open cases
 * ask for the same keys (CaseEntitlement), and taking a claim inside the transaction that writes an
 * APPROVED decision. Shared by intake (before a workflow starts) and the case's activities
 * (evaluation and decision), so both apply one reading of "granted" and "pending".
 *
 * A case is open while the read model has not stamped `closedAt` (every final status stamps it).
 */
import type { PrismaClient } from '../lib/db/client.ts';

type Db = Pick<PrismaClient, '$queryRawUnsafe' | '$executeRawUnsafe'>;

export interface EntitlementGrant {
  caseId: string;
  decisionId: string;
  serviceCode: string;
  key: string;
  validFrom: string;
  validUntil: string | null;
}

export interface CompetingCase {
  caseId: string;
  origin: string;
  status: string;
  createdAt: Date;
  /** A proactive case whose offer the citizen accepted: it is an application by then. */
  consented: boolean;
}

/** The claim a case would take: one row per key, valid from the legal-fact date. */
export interface ClaimRequest {
  scope: string;
  keys: string[];
  caseId: string;
  decisionId: string;
  serviceCode: string;
  validFrom: string;
  validUntil: string | null;
  claimedAt: Date;
}

/** Another case holds one of the keys: the APPROVED decision must not be written. */
export class EntitlementTaken extends Error {
  override name = 'EntitlementTaken';
  constructor(readonly grant: EntitlementGrant) {
    super(`entitlement ${grant.key} is already granted in case ${grant.caseId}`);
  }
}

const iso = (d: Date | string | null): string | null => (d === null ? null : typeof d === 'string' ? d.slice(0, 10) : d.toISOString().slice(0, 10));

type GrantRow = { caseId: string; decisionId: string; serviceCode: string; key: string; validFrom: Date; validUntil: Date | null };
const grantOf = (r: GrantRow): EntitlementGrant => ({ caseId: r.caseId, decisionId: r.decisionId, serviceCode: r.serviceCode, key: r.key, validFrom: iso(r.validFrom)!, validUntil: iso(r.validUntil) });

/** The grant another case holds on one of `keys` on `onDate` (the asking case's legal-fact date), if any. */
export async function grantFor(db: Db, scope: string, keys: readonly string[], onDate: string, exceptCaseId: string): Promise<EntitlementGrant | null> {
  if (keys.length === 0) return null;
  const rows = await db.$queryRawUnsafe<GrantRow[]>(
    `SELECT "caseId", "decisionId", "serviceCode", "key", "validFrom", "validUntil" FROM "EntitlementClaim"
     WHERE "scope" = $1 AND "key" = ANY($2::text[]) AND "caseId" <> $3 AND ("validUntil" IS NULL OR "validUntil" >= $4::date)
     ORDER BY "claimedAt", "caseId" LIMIT 1`,
    scope,
    [...keys],
    exceptCaseId,
    onDate,
  );
  return rows[0] ? grantOf(rows[0]) : null;
}

/** $1 the case, $2 the scope, $3 the keys, in both statements. */
const RECORD_SQL = `INSERT INTO "CaseEntitlement" ("caseId", "scope", "key") SELECT $1, $2, k FROM unnest($3::text[]) AS k ON CONFLICT DO NOTHING`;
const COMPETING_SQL = `SELECT c."id" AS "caseId", c."origin", c."status", c."createdAt",
            EXISTS (SELECT 1 FROM "CaseEvent" e WHERE e."caseId" = c."id" AND e."type" = 'OFFER_ACCEPTED') AS "consented"
     FROM "Case" c
     WHERE c."closedAt" IS NULL AND c."id" <> $1
       AND EXISTS (SELECT 1 FROM "CaseEntitlement" ce WHERE ce."caseId" = c."id" AND ce."scope" = $2 AND ce."key" = ANY($3::text[]))
     ORDER BY c."createdAt", c."id"`;

/** Records the keys a case asks for (idempotent). */
export async function recordCaseEntitlement(db: Db, caseId: string, scope: string, keys: readonly string[]): Promise<void> {
  if (keys.length === 0) return;
  await db.$executeRawUnsafe(RECORD_SQL, caseId, scope, [...keys]);
}

/** Open cases other than `caseId` asking for one of `keys`, oldest first. */
export async function competingCases(db: Db, caseId: string, scope: string, keys: readonly string[]): Promise<CompetingCase[]> {
  if (keys.length === 0) return [];
  return db.$queryRawUnsafe<CompetingCase[]>(COMPETING_SQL, caseId, scope, [...keys]);
}

/**
 * recordCaseEntitlement, then competingCases, in one statement (one round trip at intake). The
 * insert runs in a data-modifying WITH that the SELECT does not see, which changes nothing: the
 * SELECT leaves the case's own rows out.
 */
export async function recordAndCompete(db: Db, caseId: string, scope: string, keys: readonly string[]): Promise<CompetingCase[]> {
  if (keys.length === 0) return [];
  return db.$queryRawUnsafe<CompetingCase[]>(`WITH recorded AS (${RECORD_SQL}) ${COMPETING_SQL}`, caseId, scope, [...keys]);
}

/**
 * Takes every key for the case, inside the caller's transaction; throws EntitlementTaken (which
 * must roll the transaction back) when another case holds one. A key this case already holds (a
 * retried decision) or whose holder's period ended before `validFrom` is taken. A concurrent
 * transaction taking the same key waits on the primary key, then finds it taken.
 */
export async function takeClaim(tx: Db, claim: ClaimRequest): Promise<void> {
  for (const key of claim.keys) {
    const taken = await tx.$queryRawUnsafe<{ caseId: string }[]>(
      `INSERT INTO "EntitlementClaim" ("scope", "key", "caseId", "decisionId", "serviceCode", "validFrom", "validUntil", "claimedAt")
       VALUES ($1, $2, $3, $4, $5, $6::date, $7::date, $8)
       ON CONFLICT ("scope", "key") DO UPDATE SET
         "caseId" = EXCLUDED."caseId", "decisionId" = EXCLUDED."decisionId", "serviceCode" = EXCLUDED."serviceCode",
         "validFrom" = EXCLUDED."validFrom", "validUntil" = EXCLUDED."validUntil", "claimedAt" = EXCLUDED."claimedAt"
       WHERE "EntitlementClaim"."caseId" = EXCLUDED."caseId"
          OR ("EntitlementClaim"."validUntil" IS NOT NULL AND "EntitlementClaim"."validUntil" < EXCLUDED."validFrom")
       RETURNING "caseId"`,
      claim.scope,
      key,
      claim.caseId,
      claim.decisionId,
      claim.serviceCode,
      claim.validFrom,
      claim.validUntil,
      claim.claimedAt,
    );
    if (taken.length === 0) {
      const [holder] = await tx.$queryRawUnsafe<GrantRow[]>(
        `SELECT "caseId", "decisionId", "serviceCode", "key", "validFrom", "validUntil" FROM "EntitlementClaim" WHERE "scope" = $1 AND "key" = $2`,
        claim.scope,
        key,
      );
      throw new EntitlementTaken(grantOf(holder!));
    }
  }
}

/** The grants a person holds or is covered by (as applicant, or as the key: a child), for `benefits.granted` evidence. */
export async function grantsOfPerson(db: Db, iin: string): Promise<(EntitlementGrant & { scope: string; applicantIin: string; amount: number | null; decidedAt: string })[]> {
  const rows = await db.$queryRawUnsafe<(GrantRow & { scope: string; applicantIin: string; amount: string | null; decidedAt: Date })[]>(
    `SELECT ec."scope", ec."key", ec."caseId", ec."decisionId", ec."serviceCode", ec."validFrom", ec."validUntil",
            c."applicantIin", d."amount"::text AS "amount", d."decidedAt"
     FROM "EntitlementClaim" ec JOIN "Case" c ON c."id" = ec."caseId" JOIN "Decision" d ON d."id" = ec."decisionId"
     WHERE c."applicantIin" = $1 OR ec."key" = $1 OR ec."key" LIKE $1 || '@%'
     ORDER BY d."decidedAt", ec."scope", ec."key"`,
    iin,
  );
  return rows.map((r) => ({ ...grantOf(r), scope: r.scope, applicantIin: r.applicantIin, amount: r.amount === null ? null : Number(r.amount), decidedAt: r.decidedAt.toISOString() }));
}
