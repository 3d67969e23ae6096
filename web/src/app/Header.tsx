/** The top bar: where to go, the language, who is signed in until when, and sign-out. */
import { hasInbox, hasRole, useViewer } from '../api/viewer.tsx';
import { useSession } from '../auth/SessionContext.tsx';
import { formatDateTime } from '../i18n/format.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { LANG_NAMES, LANGS } from '../i18n/messages.ts';
import { Brand } from '../ui/primitives.tsx';
import { Link, paths, type Route } from './router.tsx';

export function LanguageSwitch() {
  const { t, lang, setLang } = useI18n();
  return (
    <div role="group" aria-label={t('lang.label')} className="segmented lang-switch">
      {LANGS.map((l) => (
        <button key={l} type="button" lang={l} aria-pressed={l === lang} onClick={() => setLang(l)}>
          {LANG_NAMES[l]}
        </button>
      ))}
    </div>
  );
}

export function Header({ route }: { route: Route }) {
  const { t, tx, lang } = useI18n();
  const viewer = useViewer();
  const { session, signOut } = useSession();
  const wide = hasRole(viewer, 'supervisor') || hasRole(viewer, 'engineer');
  return (
    <header className="topbar">
      <Brand />
      <nav aria-label={t('app.nav')} className="mainnav">
        <ul>
          {hasInbox(viewer) ? (
            <li>
              <Link href={paths.inbox()} aria-current={route.name === 'inbox' ? 'page' : undefined}>
                {t('nav.inbox')}
              </Link>
            </li>
          ) : null}
          {wide ? (
            <li>
              <Link href={paths.cases()} aria-current={route.name === 'cases' ? 'page' : undefined}>
                {hasRole(viewer, 'engineer') ? t('nav.allCases') : t('nav.cases')}
              </Link>
            </li>
          ) : null}
        </ul>
      </nav>
      <LanguageSwitch />
      <div className="who">
        <span className="sr-only">{t('session.viewer')}</span>
        <strong data-viewer={viewer.id}>{viewer.id}</strong>
        <span className="muted small">
          {viewer.roles.map((r) => tx('role', r)).join(', ')} · {viewer.department ? tx('department', viewer.department) : t('department.none')}
        </span>
        {session ? <span className="muted small">{t('session.until', { time: formatDateTime(new Date(session.expiresAt), lang) })}</span> : null}
      </div>
      <button type="button" onClick={() => signOut()}>
        {t('session.signOut')}
      </button>
    </header>
  );
}
