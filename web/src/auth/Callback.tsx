/** Where the identity provider sends the officer back: finish the code exchange, then go where they were. */
import { useEffect, useRef, useState } from 'react';
import { navigate, paths } from '../app/router.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import { ErrorBox } from '../ui/primitives.tsx';
import { completeSignIn } from './oidc.ts';
import { useSession } from './SessionContext.tsx';

export function Callback() {
  const { t } = useI18n();
  const { signIn } = useSession();
  const [error, setError] = useState<string | null>(null);
  const started = useRef(false);
  useEffect(() => {
    if (started.current) return; // a code is good once, even under React's double effects
    started.current = true;
    completeSignIn(new URL(location.href))
      .then(({ session, returnTo }) => {
        signIn(session);
        navigate(returnTo.startsWith('/console') && !returnTo.startsWith('/console/callback') ? returnTo : paths.inbox(), { replace: true });
      })
      .catch((e: Error) => setError(e.message));
  }, [signIn]);
  if (!error) return <p aria-live="polite">{t('signin.oidc.working')}</p>;
  return (
    <div className="signin">
      <ErrorBox error={{ code: 'UNAUTHENTICATED', message: t('signin.oidc.failed', { reason: error }) }} title={t('signin.title')} />
      <p>
        <a href={paths.inbox()}>{t('signin.retry')}</a>
      </p>
    </div>
  );
}
