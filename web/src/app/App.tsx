/**
 * The console: runtime configuration → language → session → (signed in) the API client, the
 * viewer, and the page for the route. The API client is rebuilt when the token or the language
 * changes, so every cached answer is in the language on screen.
 */
import { useMemo } from 'react';
import { Provider, useQuery } from 'urql';
import { createApiClient } from '../api/client.ts';
import { fromCombined } from '../api/errors.ts';
import { hasInbox, ViewerContext, ViewerQuery } from '../api/viewer.tsx';
import { Callback } from '../auth/Callback.tsx';
import { SessionProvider, useSession } from '../auth/SessionContext.tsx';
import { SignIn } from '../auth/SignIn.tsx';
import { CaseView } from '../case/CaseView.tsx';
import { I18nProvider, useI18n } from '../i18n/i18n.tsx';
import { DepartmentCases } from '../inbox/DepartmentCases.tsx';
import { Inbox } from '../inbox/Inbox.tsx';
import { Brand, ErrorBox } from '../ui/primitives.tsx';
import { Header, LanguageSwitch } from './Header.tsx';
import { parseRoute, useLocation, type Route } from './router.tsx';
import type { RuntimeConfig } from './runtime-config.ts';

function Page({ route }: { route: Route }) {
  const { t } = useI18n();
  if (route.name === 'case') return <CaseView caseId={route.caseId} />;
  if (route.name === 'cases') return <DepartmentCases />;
  if (route.name === 'inbox') return <Inbox />;
  return <p>{t('app.notFound')}</p>;
}

function SignedIn({ route }: { route: Route }) {
  const { t } = useI18n();
  const [viewer] = useQuery({ query: ViewerQuery, requestPolicy: 'cache-first' });
  if (viewer.error) return <ErrorBox error={fromCombined(viewer.error, t('error.network'))} title={t('error.loadTitle')} />;
  if (!viewer.data) return <p aria-live="polite">{t('app.loading')}</p>;
  const me = viewer.data.viewer;
  // Engineers have no inbox: their start page is the list of cases.
  const shown: Route = route.name === 'inbox' && !hasInbox(me) ? { name: 'cases' } : route;
  return (
    <ViewerContext.Provider value={me}>
      <Header route={shown} />
      <main id="main" tabIndex={-1}>
        <Page route={shown} />
      </main>
    </ViewerContext.Provider>
  );
}

function Shell({ config }: { config: RuntimeConfig }) {
  const { t, lang } = useI18n();
  const { session, signOut } = useSession();
  const url = useLocation();
  const route = parseRoute(url.pathname);
  const token = session?.token ?? null;
  const client = useMemo(
    () =>
      token
        ? createApiClient({
            url: config.graphqlPath,
            token,
            lang,
            onUnauthenticated: (reason) => signOut(reason === 'EXPIRED' ? { key: 'session.expired' } : { key: 'session.rejected', vars: { reason } }),
          })
        : null,
    [token, lang, config.graphqlPath, signOut],
  );

  return (
    <>
      <a href="#main" className="skip-link">
        {t('app.skip')}
      </a>
      {route.name === 'callback' ? (
        <main id="main" tabIndex={-1} className="bare">
          <Callback />
        </main>
      ) : client ? (
        <Provider value={client}>
          <SignedIn route={route} />
        </Provider>
      ) : (
        <>
          <header className="topbar">
            <Brand />
            <LanguageSwitch />
          </header>
          <main id="main" tabIndex={-1} className="bare">
            <SignIn config={config} />
          </main>
        </>
      )}
    </>
  );
}

export function App({ config }: { config: RuntimeConfig }) {
  return (
    <I18nProvider defaultLang={config.defaultLanguage}>
      <SessionProvider>
        <Shell config={config} />
      </SessionProvider>
    </I18nProvider>
  );
}
