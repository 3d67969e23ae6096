/** Small building blocks shared by the pages: sections with headings, term lists, badges, notices. */
import type { ReactNode } from 'react';
import type { ShownError } from '../api/errors.ts';
import { useI18n } from '../i18n/i18n.tsx';

export type Tone = 'neutral' | 'good' | 'warn' | 'bad' | 'info';

/** A badge always carries its meaning in words; the colour only repeats it. */
export function Badge({ tone = 'neutral', children }: { tone?: Tone; children: ReactNode }) {
  return <span className={`badge badge-${tone}`}>{children}</span>;
}

export function Section({ id, title, children, actions }: { id: string; title: string; children: ReactNode; actions?: ReactNode }) {
  return (
    <section className="panel" id={id} aria-labelledby={`${id}-title`}>
      <div className="panel-head">
        <h2 id={`${id}-title`}>{title}</h2>
        {actions}
      </div>
      {children}
    </section>
  );
}

/** Label–value pairs; `grid` lays them out in columns, label above value (summaries). */
export function Terms({ items, layout = 'rows' }: { items: [string, ReactNode][]; layout?: 'rows' | 'grid' }) {
  return (
    <dl className={layout === 'grid' ? 'terms terms-grid' : 'terms'}>
      {items.map(([term, value]) => (
        <div key={term} className="term">
          <dt>{term}</dt>
          <dd>{value ?? '—'}</dd>
        </div>
      ))}
    </dl>
  );
}

export function Notice({ tone = 'info', children }: { tone?: Tone; children: ReactNode }) {
  return <p className={`notice notice-${tone}`}>{children}</p>;
}

/** An error the API returned, in the officer's language, announced to screen readers. */
export function ErrorBox({ error, title }: { error: ShownError; title?: string }) {
  const { t } = useI18n();
  return (
    <div className="error-box" role="alert">
      <p className="error-title">
        <strong>{title ?? t('error.title')}</strong> <span className="error-code">{t('error.code', { code: error.code })}</span>
      </p>
      <p>{error.message}</p>
      {error.fields?.length ? (
        <ul aria-label={t('error.fields')}>
          {error.fields.map((f) => (
            <li key={`${f.field}:${f.code}`}>
              <code>{f.field}</code>: {f.message}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

/** A JSON value as a readable, collapsible block (registry answers, applications). */
export function JsonBlock({ value, summary }: { value: unknown; summary: string }) {
  return (
    <details className="json">
      <summary>{summary}</summary>
      <pre>{JSON.stringify(value, null, 2)}</pre>
    </details>
  );
}

/** A hash shown short on screen, whole for screen readers and in its tooltip. */
export function Hash({ value }: { value: string }) {
  if (value.length <= 16) return <code className="hash">{value}</code>;
  return (
    <code className="hash" title={value}>
      <span aria-hidden="true">{`${value.slice(0, 12)}…${value.slice(-4)}`}</span>
      <span className="sr-only">{value}</span>
    </code>
  );
}

/** A table in a scrolling frame, with its column headings (and a caption for screen readers). */
export function DataTable({ className, caption, columns, children, ...rest }: { className: string; caption?: string; columns: string[]; children: ReactNode; 'data-rows'?: number }) {
  return (
    <div className="table-wrap">
      <table className={className} {...rest}>
        {caption ? <caption className="sr-only">{caption}</caption> : null}
        <thead>
          <tr>
            {columns.map((c) => (
              <th key={c} scope="col">
                {c}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}

/** Previous / next over cursor pages; `page` counts from 1. */
export function Pager({ page, hasNext, onPrevious, onNext }: { page: number; hasNext: boolean; onPrevious(): void; onNext(): void }) {
  const { t } = useI18n();
  if (page <= 1 && !hasNext) return null;
  return (
    <nav className="pager" aria-label={t('inbox.page', { n: page })}>
      <button type="button" disabled={page <= 1} onClick={onPrevious}>
        {t('inbox.prev')}
      </button>
      <span aria-live="polite">{t('inbox.page', { n: page })}</span>
      <button type="button" disabled={!hasNext} onClick={onNext}>
        {t('inbox.next')}
      </button>
    </nav>
  );
}

export function Brand() {
  const { t } = useI18n();
  return (
    <div className="brand">
      <span className="logo" aria-hidden="true">
        Q
      </span>
      <span>
        <strong>{t('app.brand')}</strong> <span className="subtitle">{t('app.subtitle')}</span>
      </span>
    </div>
  );
}
