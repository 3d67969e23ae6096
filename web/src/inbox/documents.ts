/** What the inbox asks the API: a page of tasks of one filter, each with its case at a glance. */
import { graphql } from '../api/graphql.ts';

/** A task as officers see it, wherever it is shown (the inbox, a case's open tasks). */
export const TaskFieldsFragment = graphql(`
  fragment TaskFields on Task {
    id
    taskId
    kind
    status
    role
    department
    assignee
    reasons
    priority
    dueAt
    overdue
    escalated
    firstReviewer
    createdAt
  }
`);

export const TaskRowFragment = graphql(
  `
    fragment TaskRow on Task {
      ...TaskFields
      case {
        id
        caseId
        serviceTitle
        status
        applicantIin
        amount
      }
    }
  `,
  [TaskFieldsFragment],
);

export const InboxQuery = graphql(
  `
    query Inbox($filter: TaskFilter!, $first: Int, $after: String, $last: Int, $before: String, $lang: Language) {
      tasks(filter: $filter, first: $first, after: $after, last: $last, before: $before, lang: $lang) {
        edges {
          cursor
          node {
            ...TaskRow
          }
        }
        pageInfo {
          hasNextPage
          hasPreviousPage
          startCursor
          endCursor
        }
      }
    }
  `,
  [TaskRowFragment],
);

export const DepartmentCasesQuery = graphql(`
  query DepartmentCases($filter: CaseFilter, $first: Int, $after: String, $lang: Language) {
    cases(filter: $filter, first: $first, after: $after, orderBy: CREATED_AT_DESC, lang: $lang) {
      totalCount
      edges {
        node {
          id
          caseId
          serviceTitle
          department
          status
          applicantIin
          createdAt
          openTasks {
            id
            taskId
            kind
            status
            assignee
            dueAt
            overdue
            escalated
          }
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);
