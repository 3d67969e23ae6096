/**
 * What the case view asks for. Each section of the page owns a fragment; the case query and the
 * live subscription spread the same ones, so a pushed update carries everything the page
 * shows. A new section (grounds, objections, appeals, documents, entitlement) adds its fragment
 * here and its component to sections.tsx.
 */
import { graphql } from '../api/graphql.ts';
import { TaskFieldsFragment } from '../inbox/documents.ts';

export const CaseSummaryFragment = graphql(`
  fragment CaseSummary on Case {
    id
    caseId
    serviceCode
    serviceTitle
    serviceVersion
    department
    status
    origin
    language
    legalFactDate
    outcome
    amount
    offerExpiresAt
    createdAt
    updatedAt
    decidedAt
    closedAt
  }
`);

export const CaseTasksFragment = graphql(
  `
    fragment CaseTasks on Case {
      openTasks {
        ...TaskFields
      }
      refusalGrounds {
        code
        text
      }
    }
  `,
  [TaskFieldsFragment],
);

export const CaseApplicantFragment = graphql(`
  fragment CaseApplicant on Case {
    applicantIin
    application
  }
`);

export const CaseEvidenceFragment = graphql(`
  fragment CaseEvidence on Case {
    evidence {
      key
      registry
      query
      status
      source
      fetchedAt
      contentHash
      data
    }
  }
`);

export const CaseExplanationFragment = graphql(`
  fragment CaseExplanation on Case {
    explanation {
      evaluationId
      outcome
      asOf
      serviceVersion
      definitionHash
      requiresReview
      fourEyes
      escalationReasons
      amount {
        value
        total
        computed
        currency
        monthly
        periodMonths
        limitedBy
      }
      rules {
        ruleId
        status
        text
        failText
        treatedAsFail
        evidence
        cause {
          kind
          detail
        }
        legalBasis {
          citation
        }
      }
      crossChecks {
        id
        outcome
        text
      }
      policy {
        id
        outcome
        text
      }
    }
  }
`);

export const CaseTimelineFragment = graphql(`
  fragment CaseTimeline on Case {
    timeline {
      seq
      type
      status
      at
      data
    }
  }
`);

export const CaseDecisionFragment = graphql(`
  fragment CaseDecision on Case {
    decision {
      id
      decisionId
      outcome
      amount
      currency
      decidedAt
      decidedBy
      keyId
      algorithm
      signatureValid
    }
  }
`);

/** Everything the case page shows, in one fragment the query and the subscription both spread. */
const CaseDetailFragment = graphql(
  `
    fragment CaseDetail on Case {
      ...CaseSummary
      ...CaseTasks
      ...CaseApplicant
      ...CaseEvidence
      ...CaseExplanation
      ...CaseTimeline
      ...CaseDecision
    }
  `,
  [CaseSummaryFragment, CaseTasksFragment, CaseApplicantFragment, CaseEvidenceFragment, CaseExplanationFragment, CaseTimelineFragment, CaseDecisionFragment],
);

export const CaseViewQuery = graphql(
  `
    query CaseView($id: ID!, $lang: Language) {
      case(id: $id, lang: $lang) {
        ...CaseDetail
      }
    }
  `,
  [CaseDetailFragment],
);

export const CaseLiveSubscription = graphql(
  `
    subscription CaseLive($id: ID!, $lang: Language) {
      caseUpdated(caseId: $id, lang: $lang) {
        ...CaseDetail
      }
    }
  `,
  [CaseDetailFragment],
);

/** Supervisors and engineers: the case's hash-chained audit trail (who claimed, why they decided). */
export const CaseAuditQuery = graphql(`
  query CaseAudit($id: ID!) {
    auditLog(caseId: $id) {
      total
      verification {
        ok
        brokenAt
        reason
        message
      }
      entries {
        seq
        at
        actor
        action
        details
      }
    }
  }
`);

/** Field labels of the application, in the officer's language, from the service definitions. */
export const ServiceFieldsQuery = graphql(`
  query ServiceFields($lang: Language) {
    services(lang: $lang) {
      code
      versions {
        version
        fields {
          name
          label
        }
      }
    }
  }
`);
