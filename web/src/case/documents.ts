/**
 * What the case view asks for. Each section of the page owns a fragment; the case query and the
 * live subscription spread the same ones, so a pushed update carries everything the page
 * shows. A new section adds its fragment here and its component to sections.tsx.
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

/** The preliminary refusal and its hearing: the grounds, the window, the citizen's objection. */
export const CaseHearingFragment = graphql(`
  fragment CaseHearing on Case {
    hearing {
      automatic
      refusedAt
      dueAt
      workingDays
      grounds
      failedRules
      objection
      objectedAt
      documents
    }
  }
`);

/** The appeals against the case's decisions, with the decision appealed and the one issued in its place. */
export const CaseAppealsFragment = graphql(`
  fragment CaseAppeals on Case {
    appeals {
      id
      status
      outcome
      reason
      documents
      filedAt
      periodEndsAt
      dueAt
      decidedAt
      decidedBy
      resolutionReason
      decision {
        id
        decisionId
        outcome
        amount
        currency
        decidedBy
        decidedAt
      }
      newDecision {
        id
        decisionId
        outcome
        amount
        currency
        signatureValid
      }
      task {
        id
        taskId
      }
      policy {
        period
        reviewSla
        verified
      }
    }
  }
`);

/** The payment life of an approval: periods, the instructions sent to the payer, the changes. */
export const CaseEntitlementFragment = graphql(`
  fragment CaseEntitlement on Case {
    entitlement {
      status
      payer
      monthly
      amount
      periodsGranted
      periods {
        period
        amount
        status
        paidAt
      }
      instructions {
        id
        kind
        period
        amount
        currency
        status
        iban
        createdAt
        acknowledgedAt
        rejectionReason
        reissuedBy
      }
      changes {
        at
        kind
        reason
      }
    }
  }
`);

/** Requests for information with the citizen's answers and the documents that came with them. */
export const CaseInformationFragment = graphql(`
  fragment CaseInformation on Case {
    informationRequests {
      requestedAt
      request
      dueAt
      answeredAt
      fields
      answers
      documents {
        contentType
        size
        sha256
      }
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
      ...CaseHearing
      ...CaseAppeals
      ...CaseEntitlement
      ...CaseInformation
    }
  `,
  [
    CaseSummaryFragment,
    CaseTasksFragment,
    CaseApplicantFragment,
    CaseEvidenceFragment,
    CaseExplanationFragment,
    CaseTimelineFragment,
    CaseDecisionFragment,
    CaseHearingFragment,
    CaseAppealsFragment,
    CaseEntitlementFragment,
    CaseInformationFragment,
  ],
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
