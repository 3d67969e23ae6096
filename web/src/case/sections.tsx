/**
 * The case page, section by section, in reading order. Each section is a component over the
 * case data (its fragment is in documents.ts); `compact` ones share a row on wide screens.
 * Sections with nothing to say on most cases (the hearing, appeals, the entitlement) show only
 * where the case has one.
 */
import type { ComponentType } from 'react';
import { hasRole, type Viewer } from '../api/viewer.tsx';
import type { MessageKey } from '../i18n/messages.ts';
import { Applicant, Application } from './sections/Applicant.tsx';
import { Appeals } from './sections/Appeals.tsx';
import { AuditTrail } from './sections/AuditTrail.tsx';
import { Decision } from './sections/Decision.tsx';
import { Entitlement } from './sections/Entitlement.tsx';
import { Evidence } from './sections/Evidence.tsx';
import { Escalation, Explanation } from './sections/Explanation.tsx';
import { Hearing } from './sections/Hearing.tsx';
import { Information } from './sections/Information.tsx';
import { Summary } from './sections/Summary.tsx';
import { Timeline } from './sections/Timeline.tsx';
import type { CaseData } from './types.ts';

export interface CaseSection {
  id: string;
  title: MessageKey;
  Component: ComponentType<{ data: CaseData }>;
  compact?: boolean;
  visible?(viewer: Viewer, data: CaseData): boolean;
}

export const CASE_SECTIONS: CaseSection[] = [
  { id: 'summary', title: 'case.section.summary', Component: Summary },
  { id: 'applicant', title: 'case.section.applicant', Component: Applicant, compact: true },
  { id: 'application', title: 'case.section.application', Component: Application, compact: true },
  { id: 'hearing', title: 'case.section.hearing', Component: Hearing, visible: (_v, d) => Boolean(d.hearing) },
  { id: 'decision', title: 'case.section.decision', Component: Decision, visible: (_v, d) => d.decision !== null && d.decision !== undefined },
  { id: 'appeals', title: 'case.section.appeals', Component: Appeals, visible: (_v, d) => d.appeals.length > 0 },
  { id: 'entitlement', title: 'case.section.entitlement', Component: Entitlement, visible: (_v, d) => Boolean(d.entitlement) },
  { id: 'escalation', title: 'case.section.escalation', Component: Escalation },
  { id: 'explanation', title: 'case.section.explanation', Component: Explanation },
  { id: 'evidence', title: 'case.section.evidence', Component: Evidence },
  { id: 'information', title: 'case.section.information', Component: Information },
  { id: 'timeline', title: 'case.section.timeline', Component: Timeline },
  { id: 'audit', title: 'case.section.audit', Component: AuditTrail, visible: (v) => hasRole(v, 'supervisor') || hasRole(v, 'engineer') },
];
