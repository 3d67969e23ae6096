/**
 * The sign-in page. In production: the ministry's identity provider (OIDC with PKCE). Outside
 * production: also the platform's development identities (minted by the API, one hour each)
 * and a pasted staff token. Why the last session ended is said first.
 */
import { useEffect, useState, type FormEvent } from 'react';
import type { RuntimeConfig } from '../app/runtime-config.ts';
import { CONSOLE_BASE } from '../app/runtime-config.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { ErrorBox, Notice } from '../ui/primitives.tsx';
import { beginSignIn } from './oidc.ts';
import { jwtClaims } from './pkce.ts';
import { expiryOf } from './session.ts';
import { useSession } from './SessionContext.tsx';

interface DevIdentity {
  sub: string;
  label: string;
  roles: string[];
  department: string | null;
  token: string;
  expiresAt: string;
}

function DevIdentities() {
  const { t, tx } = useI18n();
  const { signIn } = useSession();
  const [identities, setIdentities] = useState<DevIdentity[] | null>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    fetch(`${CONSOLE_BASE}/dev-identities`, { cache: 'no-store', signal: AbortSignal.timeout(10_000) })
      .then((r) => (r.ok ? r.json() : Promise.reject(new Error(`HTTP ${r.status}`))))
      .then((body: { identities: DevIdentity[] }) => setIdentities(body.identities))
      .catch(() => setFailed(true));
  }, []);
  return (
    <section className="panel" aria-labelledby="dev-title">
      <h2 id="dev-title">{t('signin.dev.title')}</h2>
      <p className="muted">{t('signin.dev.help')}</p>
      {failed ? <Notice tone="bad">{t('signin.dev.unavailable')}</Notice> : null}
      <ul className="identities">
        {identities?.map((identity) => (
          <li key={identity.sub}>
            <button type="button" className="identity" data-sub={identity.sub} onClick={() => signIn({ token: identity.token, expiresAt: Date.parse(identity.expiresAt), source: 'development' })}>
              <strong>{identity.sub}</strong>
              <span>
                {identity.roles.map((r) => tx('role', r)).join(', ')} · {identity.department ? tx('department', identity.department) : t('department.none')}
              </span>
              <span className="sr-only">{t('signin.dev.as', { label: identity.label })}</span>
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}

function PasteToken() {
  const { t } = useI18n();
  const { signIn } = useSession();
  const [token, setToken] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const value = token.trim().replace(/^Bearer\s+/i, '');
    if (!jwtClaims(value)) return setProblem(t('signin.token.malformed'));
    const expiresAt = expiryOf(value);
    if (expiresAt <= Date.now()) return setProblem(t('signin.token.expired'));
    signIn({ token: value, expiresAt, source: 'token' });
  };
  return (
    <section className="panel" aria-labelledby="token-title">
      <h2 id="token-title">{t('signin.token.title')}</h2>
      <form onSubmit={submit} className="action-form">
        <label htmlFor="staff-token">{t('signin.token.label')}</label>
        <textarea id="staff-token" name="token" rows={3} required spellCheck={false} autoComplete="off" value={token} onChange={(e) => setToken(e.target.value)} aria-describedby="staff-token-help" />
        <p id="staff-token-help" className="muted small">
          {t('signin.token.help')}
        </p>
        {problem ? <ErrorBox error={{ code: 'UNAUTHENTICATED', message: problem }} title={t('signin.title')} /> : null}
        <div className="button-row">
          <button type="submit" className="primary">
            {t('signin.token.submit')}
          </button>
        </div>
      </form>
    </section>
  );
}

function Oidc({ settings }: { settings: NonNullable<RuntimeConfig['oidc']> }) {
  const { t } = useI18n();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const start = () => {
    setBusy(true);
    setError(null);
    beginSignIn(settings, location.pathname + location.search).catch((e: Error) => {
      setBusy(false);
      setError(e.message);
    });
  };
  return (
    <section className="panel" aria-labelledby="oidc-title">
      <h2 id="oidc-title">{t('signin.oidc.title')}</h2>
      <button type="button" className="primary" onClick={start} disabled={busy}>
        {t('signin.oidc.button')}
      </button>
      {error ? <ErrorBox error={{ code: 'UNAUTHENTICATED', message: t('signin.oidc.failed', { reason: error }) }} title={t('signin.title')} /> : null}
    </section>
  );
}

export function SignIn({ config }: { config: RuntimeConfig }) {
  const { t } = useI18n();
  const { notice } = useSession();
  return (
    <div className="signin">
      <h1>{t('signin.title')}</h1>
      {notice ? (
        <p className="notice notice-warn" role="status">
          {t(notice.key, notice.vars)}
        </p>
      ) : null}
      <p>{t('signin.intro')}</p>
      {config.oidc ? <Oidc settings={config.oidc} /> : null}
      {config.devIdentities ? <DevIdentities /> : null}
      {!config.production ? <PasteToken /> : null}
      {!config.oidc && !config.devIdentities && config.production ? <Notice tone="bad">{t('signin.none')}</Notice> : null}
    </div>
  );
}
