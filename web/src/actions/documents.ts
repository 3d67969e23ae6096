/**
 * The officer's actions. Every result is a union: the payload, or a typed error whose message
 * is already in the officer's language (Accept-Language); ValidationFailed also names fields.
 */
import { graphql } from '../api/graphql.ts';

const TaskStateFragment = graphql(`
  fragment TaskState on Task {
    id
    taskId
    kind
    status
    assignee
    role
    department
    dueAt
    overdue
    escalated
    firstReviewer
  }
`);

const ErrorFields = graphql(`
  fragment ErrorFields on Error {
    code
    message
    detail
  }
`);

const ValidationFields = graphql(`
  fragment ValidationFields on ValidationFailed {
    fields {
      field
      code
      message
    }
  }
`);

/** What claim, release and reassign answer: the task as the workflow left it, or why not. */
const TaskActionResult = graphql(
  `
    fragment TaskActionResult on TaskPayload {
      task {
        ...TaskState
      }
    }
  `,
  [TaskStateFragment],
);

const FRAGMENTS = [TaskActionResult, ErrorFields, ValidationFields];

export const ClaimTaskMutation = graphql(
  `
    mutation ClaimTask($taskId: ID!) {
      claimTask(input: { taskId: $taskId }) {
        __typename
        ...TaskActionResult
        ...ErrorFields
        ...ValidationFields
      }
    }
  `,
  FRAGMENTS,
);

export const ReleaseTaskMutation = graphql(
  `
    mutation ReleaseTask($taskId: ID!) {
      releaseTask(input: { taskId: $taskId }) {
        __typename
        ...TaskActionResult
        ...ErrorFields
        ...ValidationFields
      }
    }
  `,
  FRAGMENTS,
);

export const ReassignTaskMutation = graphql(
  `
    mutation ReassignTask($taskId: ID!, $assignee: String!) {
      reassignTask(input: { taskId: $taskId, assignee: $assignee }) {
        __typename
        ...TaskActionResult
        ...ErrorFields
        ...ValidationFields
      }
    }
  `,
  FRAGMENTS,
);

export const ResolveTaskMutation = graphql(
  `
    mutation ResolveTask($input: ResolveTaskInput!) {
      resolveTask(input: $input) {
        __typename
        ... on ResolveTaskPayload {
          action
          task {
            ...TaskState
          }
          case {
            id
            caseId
            status
            updatedAt
          }
          decision {
            id
            decisionId
            outcome
            amount
            signatureValid
          }
          secondReviewTask {
            ...TaskState
          }
        }
        ...ErrorFields
        ...ValidationFields
      }
    }
  `,
  [TaskStateFragment, ErrorFields, ValidationFields],
);

/** The colleagues a supervisor can give a task to (the API's staff directory). */
export const StaffQuery = graphql(`
  query Staff($role: String) {
    staff(role: $role) {
      id
      displayName
    }
  }
`);

/** The appeal group's decision: uphold the decision, or replace it with a new signed one. */
export const ResolveAppealMutation = graphql(
  `
    mutation ResolveAppeal($input: ResolveAppealInput!) {
      resolveAppeal(input: $input) {
        __typename
        ... on ResolveAppealPayload {
          appeal {
            id
            status
            outcome
          }
          decision {
            id
            decisionId
            outcome
            amount
            signatureValid
          }
        }
        ...ErrorFields
        ...ValidationFields
      }
    }
  `,
  [ErrorFields, ValidationFields],
);

/** A payment the payer rejected, re-issued to another account of the applicant's. */
export const ReissuePaymentMutation = graphql(
  `
    mutation ReissuePayment($input: ReissuePaymentInput!) {
      reissuePayment(input: $input) {
        __typename
        ... on ReissuePaymentPayload {
          instruction {
            id
            status
            period
            amount
          }
          rejected {
            id
            status
            reissuedBy
          }
        }
        ...ErrorFields
        ...ValidationFields
      }
    }
  `,
  [ErrorFields, ValidationFields],
);
