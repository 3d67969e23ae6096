/**
 * The console's few routes, on the History API (no router library): the inbox, department
 * cases, one case, and the sign-in callback. Links are real <a href>s, so they open in a new
 * tab, work from the keyboard and read as links to screen readers.
 */
import { useEffect, useState, type AnchorHTMLAttributes, type MouseEvent } from 'react';
import { CONSOLE_BASE } from './runtime-config.ts';

const NAVIGATED = 'qyzmet:navigate';

export type Route = { name: 'inbox' } | { name: 'cases' } | { name: 'case'; caseId: string } | { name: 'callback' } | { name: 'notFound' };

export function parseRoute(pathname: string): Route {
  const rest = pathname.startsWith(CONSOLE_BASE) ? pathname.slice(CONSOLE_BASE.length) : pathname;
  const parts = rest.split('/').filter(Boolean);
  if (parts.length === 0) return { name: 'inbox' };
  if (parts[0] === 'cases' && parts.length === 1) return { name: 'cases' };
  if (parts[0] === 'cases' && parts.length === 2) return { name: 'case', caseId: decodeURIComponent(parts[1]!) };
  if (parts[0] === 'callback' && parts.length === 1) return { name: 'callback' };
  return { name: 'notFound' };
}

export const paths = {
  inbox: () => `${CONSOLE_BASE}/`,
  cases: () => `${CONSOLE_BASE}/cases`,
  case: (caseId: string) => `${CONSOLE_BASE}/cases/${encodeURIComponent(caseId)}`,
};

export function navigate(href: string, options: { replace?: boolean } = {}): void {
  if (options.replace) history.replaceState(null, '', href);
  else history.pushState(null, '', href);
  window.dispatchEvent(new Event(NAVIGATED));
}

export function useLocation(): URL {
  const [url, setUrl] = useState(() => new URL(location.href));
  useEffect(() => {
    const update = () => setUrl(new URL(location.href));
    window.addEventListener('popstate', update);
    window.addEventListener(NAVIGATED, update);
    return () => {
      window.removeEventListener('popstate', update);
      window.removeEventListener(NAVIGATED, update);
    };
  }, []);
  return url;
}

export function Link({ href, onClick, ...rest }: AnchorHTMLAttributes<HTMLAnchorElement> & { href: string }) {
  const follow = (event: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(event);
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    navigate(href);
  };
  return <a href={href} onClick={follow} {...rest} />;
}
