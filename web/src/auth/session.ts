/**
 * The signed-in officer's token, kept for this browser tab only (sessionStorage: it survives a
 * reload, not the tab), with the moment it stops working. Nothing else about the officer is
 * stored: who they are comes from the API (`viewer`).
 */
import { jwtClaims } from './pkce.ts';

export type SessionSource = 'development' | 'token' | 'oidc';

export interface Session {
  token: string;
  /** Epoch milliseconds. */
  expiresAt: number;
  source: SessionSource;
}

const KEY = 'qyzmet.session';

/** When a token stops working: its `exp`, else the given lifetime, else one hour. */
export function expiryOf(token: string, lifetimeSeconds?: number, now = Date.now()): number {
  const exp = jwtClaims(token)?.exp;
  if (typeof exp === 'number') return exp * 1000;
  return now + (lifetimeSeconds ?? 3600) * 1000;
}

export function loadSession(now = Date.now()): Session | null {
  try {
    const raw = sessionStorage.getItem(KEY);
    if (!raw) return null;
    const s = JSON.parse(raw) as Session;
    if (typeof s.token !== 'string' || typeof s.expiresAt !== 'number') return null;
    return s.expiresAt > now ? s : null;
  } catch {
    return null;
  }
}

export function saveSession(session: Session): void {
  sessionStorage.setItem(KEY, JSON.stringify(session));
}

export function clearSession(): void {
  sessionStorage.removeItem(KEY);
}
