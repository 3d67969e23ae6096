/**
 * The case page, section by section, in reading order. Each section is a component over the
 * case data (its fragment is in documents.ts); `compact` ones share a row on wide screens.
 * Grounds, objections, appeals, information answers with documents, and the entitlement with its
 * payments join this list as the API gains them.
 */
import type { ComponentType } from 'react';
import { hasRole, type Viewer } from '../api/viewer.tsx';
import type { MessageKey } from '../i18n/messages.ts';
import { Applicant, Application } from './sections/Applicant.tsx';
import { AuditTrail } from './sections/AuditTrail.tsx';
import { Decision } from './sections/Decision.tsx';
import { Evidence } from './sections/Evidence.tsx';
import { Escalation, Explanation } from './sections/Explanation.tsx';
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
  { id: 'decision', title: 'case.section.decision', Component: Decision, visible: (_v, d) => d.decision !== null && d.decision !== undefined },
  { id: 'escalation', title: 'case.section.escalation', Component: Escalation },
  { id: 'explanation', title: 'case.section.explanation', Component: Explanation },
  { id: 'evidence', title: 'case.section.evidence', Component: Evidence },
  { id: 'information', title: 'case.section.information', Component: Information },
  { id: 'timeline', title: 'case.section.timeline', Component: Timeline },
  { id: 'audit', title: 'case.section.audit', Component: AuditTrail, visible: (v) => hasRole(v, 'supervisor') || hasRole(v, 'engineer') },
];
