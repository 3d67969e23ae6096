/**
 * The applicant as the viewer may see them: the API masks IINs and names for engineers, so
 * this shows what it gets. The name comes from the civil registry's answer about the applicant.
 */
import { useQuery } from 'urql';
import { apiLang } from '../../api/graphql.ts';
import { hasRole, useViewer } from '../../api/viewer.tsx';
import { formatDate } from '../../i18n/format.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { Notice, Terms } from '../../ui/primitives.tsx';
import { ServiceFieldsQuery } from '../documents.ts';
import type { CaseData } from '../types.ts';

interface PersonRecord {
  lastName?: string;
  firstName?: string;
  patronymic?: string;
  birthDate?: string;
}

export function Applicant({ data }: { data: CaseData }) {
  const { t, lang } = useI18n();
  const viewer = useViewer();
  const masked = !hasRole(viewer, 'officer') && !hasRole(viewer, 'supervisor');
  const record = data.evidence.find((e) => e.query === 'civil.person' && e.status === 'FOUND')?.data as PersonRecord | undefined;
  const name = record ? [record.lastName, record.firstName, record.patronymic].filter(Boolean).join(' ') : null;
  return (
    <>
      {masked ? <Notice>{t('applicant.masked')}</Notice> : null}
      <Terms
        items={[
          [t('applicant.iin'), <span className="mono">{data.applicantIin}</span>],
          [t('applicant.name'), name ?? t('applicant.noRecord')],
          [t('applicant.birthDate'), record?.birthDate ? formatDate(record.birthDate, lang) : '—'],
        ]}
      />
    </>
  );
}

export function Application({ data }: { data: CaseData }) {
  const { t, lang } = useI18n();
  const [services] = useQuery({ query: ServiceFieldsQuery, variables: { lang: apiLang(lang) }, requestPolicy: 'cache-first' });
  const version = services.data?.services.find((s) => s.code === data.serviceCode)?.versions.find((v) => v.version === data.serviceVersion);
  const label = (name: string) => version?.fields.find((f) => f.name === name)?.label ?? name;
  const fields = data.application && typeof data.application === 'object' ? Object.entries(data.application as Record<string, unknown>) : [];
  if (!fields.length) return <p className="muted">{t('application.empty')}</p>;
  return <Terms items={fields.map(([k, v]) => [label(k), <span className="mono">{typeof v === 'string' ? v : JSON.stringify(v)}</span>])} />;
}
