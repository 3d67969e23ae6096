/**
 * The staff members a development platform lets anyone act as: `npm start` prints a token for
 * each, and the officer console offers them on its sign-in page. They exist only where tokens
 * are signed with the development secret — never in production, never where an identity
 * provider's keys verify tokens (a token minted here would not verify there).
 */
import type { StaffClaims } from '../../lib/auth/tokens.ts';
import type { Config } from '../../lib/config.ts';
import type { StaffEntry } from '../staff/directory.ts';

export interface DevIdentity extends StaffClaims {
  /** How `npm start` names the identity in its list of credentials. */
  label: string;
}

export const DEV_IDENTITIES: readonly DevIdentity[] = [
  { sub: 'officer-aigerim', roles: ['officer'], department: 'social-payments', label: 'officer, social-payments' },
  { sub: 'officer-bolat', roles: ['officer'], department: 'social-payments', label: 'second officer, social-payments' },
  { sub: 'supervisor-nurlan', roles: ['supervisor'], department: 'social-payments', label: 'supervisor, social-payments' },
  { sub: 'officer-dana', roles: ['officer'], department: 'employment', label: 'officer, employment' },
  { sub: 'engineer-timur', roles: ['engineer'], department: null, label: 'engineer' },
];

export function devIdentitiesAvailable(config: Pick<Config, 'production' | 'JWT_PUBLIC_KEYS' | 'JWKS_URL'>): boolean {
  return !config.production && !config.JWT_PUBLIC_KEYS && !config.JWKS_URL;
}

/** The development identities as staff directory entries (`npm start` loads them). */
export function devStaffDirectory(): StaffEntry[] {
  return DEV_IDENTITIES.map(({ sub, department, roles, label }) => ({ id: sub, department, roles: [...roles], displayName: label }));
}
