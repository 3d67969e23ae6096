/**
 * Who is signed in, until when. The session ends when its token expires (a timer), when the API
 * answers UNAUTHENTICATED (the token was revoked, or the clocks disagree), or when the officer
 * signs out; the sign-in page then says why.
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { MessageKey } from '../i18n/messages.ts';
import { clearSession, loadSession, saveSession, type Session } from './session.ts';

export interface SignOutNotice {
  key: MessageKey;
  vars?: Record<string, string>;
}

interface SessionState {
  session: Session | null;
  notice: SignOutNotice | null;
  signIn(session: Session): void;
  signOut(notice?: SignOutNotice): void;
}

const SessionContext = createContext<SessionState | null>(null);

/** setTimeout takes at most 2^31-1 ms; longer sessions are re-checked on the way. */
const MAX_TIMER_MS = 2_147_000_000;

export function SessionProvider({ children }: { children: ReactNode }) {
  const [session, setSession] = useState<Session | null>(() => loadSession());
  const [notice, setNotice] = useState<SignOutNotice | null>(null);

  const signIn = useCallback((next: Session) => {
    saveSession(next);
    setNotice(null);
    setSession(next);
  }, []);
  const signOut = useCallback((why?: SignOutNotice) => {
    clearSession();
    setNotice(why ?? { key: 'session.signedOut' });
    setSession(null);
  }, []);

  useEffect(() => {
    if (!session) return;
    const timer = setTimeout(
      () => {
        if (Date.now() >= session.expiresAt) signOut({ key: 'session.expired' });
        else setSession({ ...session });
      },
      Math.min(Math.max(session.expiresAt - Date.now(), 0), MAX_TIMER_MS),
    );
    return () => clearTimeout(timer);
  }, [session, signOut]);

  const value = useMemo(() => ({ session, notice, signIn, signOut }), [session, notice, signIn, signOut]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionState {
  const state = useContext(SessionContext);
  if (!state) throw new Error('useSession outside SessionProvider');
  return state;
}
