/**
 * The GraphQL operations front-ends and officers send, as the API tests and the demo send them
 * (through graphql-client.ts); the schema test checks every one against the schema.
 *
 * This module is also the catalogue of trusted documents (api/http/trusted-documents.ts): every
 * exported operation here may be sent with an API key, by its sha256 hash or its exact text, and
 * nothing else may. A front-end that needs a new operation adds it here, in review.
 */
const ERROR = '... on Error { code message detail } ... on ValidationFailed { fields { field code message } }';
const IIN_ERROR = '... on InvalidIin { fields { field code message } }';

/** Who the credential is: a front-end's check that its key works. */
export const VIEWER = `query Viewer { viewer { kind } }`;

export const START_CASE = `mutation StartCase($input: StartCaseInput!) {
  startCase(input: $input) { __typename ${ERROR} ${IIN_ERROR} ... on DuplicateEntitlement { earlierCaseId } ... on StartCasePayload { created case { id caseId status serviceCode department } } }
}`;

export const CASE = `query Case($id: ID!, $lang: Language) {
  case(id: $id, lang: $lang) {
    id caseId serviceCode serviceVersion serviceTitle department status origin applicantIin language legalFactDate application outcome amount createdAt
    timeline { seq type status at data }
    evidence { key registry query status source fetchedAt contentHash data }
    explanation { evaluationId outcome serviceVersion failedRules escalationReasons rules { ruleId status text failText legalBasis { act article clause citation verified source { citation url checkedOn note } } } amount { value total monthly periodMonths } }
    decision { id decisionId outcome amount decidedBy keyId algorithm signature record signatureValid explanation { evaluationId outcome rules { ruleId status text legalBasis { citation verified } } } }
  }
}`;

/** What the demo polls while a case moves: its status, amount and open tasks. */
export const CASE_PROGRESS = `query CaseProgress($id: ID!) { case(id: $id) { caseId status amount serviceCode openTasks { taskId kind escalated reasons status } } }`;

export const CASE_WITH_TASKS = `query CaseTasks($id: ID!) { case(id: $id) { caseId status openTasks { id taskId kind status assignee role department reasons dueAt overdue firstReviewer } } }`;

/** A decision as its record and signature stand, to verify it (front-ends show the signed record). */
export const CASE_DECISION = `query CaseDecision($id: ID!) { case(id: $id) { decision { decisionId outcome amount decidedBy decidedAt keyId signature record signatureValid columnsMatchRecord } } }`;

/** A case's appeals and the decision chain they replaced. */
export const CASE_APPEALS = `query CaseAppeals($id: ID!) { case(id: $id) { status decision { decisionId outcome amount replaces { decisionId outcome signatureValid supersededBy { decisionId } } }
  appeals { id status reason filedAt decidedAt outcome } } }`;

/** What the citizen was asked and answered, with the documents attached. */
export const CASE_INFORMATION_REQUESTS = `query CaseInformationRequests($id: ID!) { case(id: $id) { status informationRequests { request fields answers answeredAt documents { sha256 contentType size } } } }`;

/** A granted benefit's payments: periods, payment instructions, changes. */
export const CASE_ENTITLEMENT = `query CaseEntitlement($id: ID!) { case(id: $id) { entitlement {
  status payer monthly amount periodsGranted
  periods { period amount status paidAt indexation { status } }
  instructions { idempotencyKey kind period amount status iban indexation reissuedBy decisionId }
  changes { kind reason } } } }`;

/** A case stopped on a step that can never succeed (NEEDS_ATTENTION). */
export const CASE_FAILED_STEP = `query CaseFailedStep($id: ID!) { case(id: $id) { caseId status failedStep { step errorType message failure failedAt } } }`;

export const CASES = `query Cases($filter: CaseFilter, $orderBy: CaseOrder, $first: Int, $after: String, $last: Int, $before: String) {
  cases(filter: $filter, orderBy: $orderBy, first: $first, after: $after, last: $last, before: $before) {
    totalCount edges { cursor node { caseId status serviceCode department createdAt } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
  }
}`;

export const TASKS = `query Tasks($filter: TaskFilter, $first: Int, $after: String) {
  tasks(filter: $filter, first: $first, after: $after) { edges { node { id taskId kind status assignee department role dueAt overdue priority case { caseId } } } pageInfo { hasNextPage endCursor } }
}`;

const TASK_PAYLOAD = '... on TaskPayload { task { taskId status assignee } }';
export const CLAIM = `mutation Claim($taskId: ID!) { claimTask(input: { taskId: $taskId }) { __typename ${ERROR} ${TASK_PAYLOAD} } }`;
export const RELEASE = `mutation Release($taskId: ID!) { releaseTask(input: { taskId: $taskId }) { __typename ${ERROR} ${TASK_PAYLOAD} } }`;
export const REASSIGN = `mutation Reassign($taskId: ID!, $assignee: String!) { reassignTask(input: { taskId: $taskId, assignee: $assignee }) { __typename ${ERROR} ${TASK_PAYLOAD} } }`;
export const RESOLVE = `mutation Resolve($input: ResolveTaskInput!) {
  resolveTask(input: $input) { __typename ${ERROR}
    ... on ResolveTaskPayload { action task { taskId status } case { caseId status } decision { decisionId outcome amount decidedBy signatureValid grounds { code text legalBasis { act article verified } } } secondReviewTask { taskId kind firstReviewer } }
  }
}`;

export const REISSUE_PAYMENT = `mutation Reissue($input: ReissuePaymentInput!) {
  reissuePayment(input: $input) { __typename ${ERROR}
    ... on ReissuePaymentPayload { rejected { id status reissuedBy rejectionReason } instruction { id idempotencyKey kind period amount status iban } }
  }
}`;

const CASE_PAYLOAD = '... on CasePayload { case { caseId status } }';
export const RETRY_FAILED_STEP = `mutation RetryFailedStep($caseId: ID!) {
  retryFailedStep(input: { caseId: $caseId }) { __typename ... on CasePayload { case { caseId status failedStep { step failure } } } ... on Error { code message } }
}`;
export const FILE_APPEAL = `mutation FileAppeal($input: FileAppealInput!) { fileAppeal(input: $input) { __typename ${ERROR}
  ... on FileAppealPayload { created appeal { id status reason documents filedAt periodEndsAt dueAt policy { period verified note legalBasis { article verified } } task { taskId kind role status } } } } }`;
export const WITHDRAW = `mutation Withdraw($caseId: ID!, $reason: String!) { withdrawCase(input: { caseId: $caseId, reason: $reason }) { __typename ${ERROR} ${CASE_PAYLOAD} } }`;
export const SUBMIT_OBJECTION = `mutation Object($input: SubmitObjectionInput!) { submitObjection(input: $input) { __typename ${ERROR} ${CASE_PAYLOAD} } }`;
export const ATTACH_DOCUMENT = `mutation AttachDocument($input: AttachDocumentInput!) { attachDocument(input: $input) { __typename ${ERROR} ... on AttachDocumentPayload { document { sha256 contentType size } } } }`;
export const PROVIDE_INFORMATION = `mutation Provide($input: ProvideInformationInput!) { provideInformation(input: $input) { __typename ${ERROR} ${CASE_PAYLOAD} } }`;
export const RESPOND_TO_OFFER = `mutation Respond($caseId: ID!, $consent: Boolean!, $channel: String, $proof: CitizenProofInput!) { respondToOffer(input: { caseId: $caseId, consent: $consent, channel: $channel, proof: $proof }) { __typename ${ERROR} ${CASE_PAYLOAD} } }`;
export const OPEN_CITIZEN_OFFERS = `mutation OpenOffers($proof: CitizenProofInput!) { openCitizenOffers(input: { proof: $proof }) { __typename ${ERROR} ... on OpenCitizenOffersPayload { cases { caseId status origin applicantIin } } } }`;
export const SUBMIT_LIFE_EVENT = `mutation LifeEvent($input: SubmitLifeEventInput!) { submitLifeEvent(input: $input) { __typename ${ERROR} ${IIN_ERROR} ... on SubmitLifeEventPayload { eventId created } } }`;

export const HISTORY = `query History($caseId: ID!, $first: Int, $after: String) {
  caseHistory(caseId: $caseId, first: $first, after: $after) { workflowId runId workflowStatus totalCount edges { cursor node { eventId type time summary } } pageInfo { hasNextPage hasPreviousPage endCursor } }
}`;
export const HISTORY_EXPORT = `query Export($caseId: ID!, $scrub: Boolean, $workflow: CaseWorkflow) { caseHistoryExport(caseId: $caseId, scrub: $scrub, workflow: $workflow) { workflowId runId workflowStatus eventCount scrubbed history } }`;
export const REPLAY_CASE = `query Replay($caseId: ID!, $workflow: CaseWorkflow) {
  replayCase(caseId: $caseId, workflow: $workflow) { ok workflowId runId eventCount durationMs workflowCode failure { kind message mismatch { eventId eventType event command detail hint } } }
}`;
const VERDICT = 'version contentHash outcome disposition amount periodMonths failedRules escalationReasons';
export const REEVALUATE_CASE = `query Reevaluate($input: ReevaluateCaseInput!, $lang: Language) {
  reevaluateCase(input: $input, lang: $lang) { __typename ${ERROR}
    ... on CaseReevaluation {
      caseId serviceCode legalFactDate submittedOn proposedSource proposedInForce
      decision { outcome amount decidedBy decidedAt }
      original { ${VERDICT} } proposed { ${VERDICT} }
      rules { ruleId statusBefore statusAfter changed text legalBasis { act article clause citation } whyBefore whyAfter }
      withheldEvidence { key reason }
      changes { outcome amount disposition changedRules }
    }
  }
}`;
const EXAMPLE = 'caseId decision { outcome amount } before { outcome disposition amount } after { outcome disposition amount } changedRules { ruleId before after why } withheldEvidence { key reason }';
const PREVIEW = `serviceCode version contentHash source evaluated limitReached withMissingEvidence
      changed { outcome amount disposition any }
      transitions { from to count }
      amounts { before after delta increased decreased }
      outcomeExamples { ${EXAMPLE} } amountExamples { ${EXAMPLE} }
      failures { caseId message }`;
export const PREVIEW_REEVALUATION = `query Preview($input: PreviewReevaluationInput!) {
  previewReevaluation(input: $input) { __typename ${ERROR}
    ... on ReevaluationPreview {
      ${PREVIEW}
    }
  }
}`;
/** The same preview for a larger selection, with its progress (server-sent events): counts, then the preview on the last event. */
export const PREVIEW_REEVALUATION_PROGRESS = `subscription PreviewProgress($input: PreviewReevaluationInput!) {
  previewReevaluationProgress(input: $input) { done total evaluated failed elapsedSeconds casesPerSecond secondsLeft finished
    preview { ${PREVIEW} }
  }
}`;
export const AUDIT = `query Audit($caseId: ID!) { auditLog(caseId: $caseId) { stream total entries { seq actor action details at hash prevHash } verification { ok count head brokenAt reason } } }`;
export const SECURITY_AUDIT = `query Security($last: Int) { securityAuditLog(last: $last) { stream total entries { seq actor action details } verification { ok count } } }`;
export const NODE = `query Node($id: ID!) { node(id: $id) { __typename id ... on Case { caseId caseStatus: status } ... on Task { taskId taskStatus: status } ... on Decision { decisionId signatureValid } } }`;
export const SERVICES = `query Services($lang: Language) { services(lang: $lang) { code title department currentVersion { version inForce title fields { name type required label } rules { id text failText legalBasis { citation verified } } } versions { version effectiveFrom effectiveTo contentHash } } }`;
export const CREATE_API_KEY = `mutation CreateKey($input: CreateApiKeyInput!) { createApiKey(input: $input) { __typename ${ERROR} ... on CreateApiKeyPayload { key apiKey { id clientId scopes status createdBy revokedAt } } } }`;
export const APPROVE_API_KEY = `mutation ApproveKey($id: String!) { approveApiKey(input: { id: $id }) { __typename ... on Error { code message detail } ... on ApproveApiKeyPayload { apiKey { id status createdBy approvedBy approvedAt } } } }`;
export const API_KEYS = `query ApiKeys($status: ApiKeyStatus) { apiKeys(status: $status) { id name clientId scopes status createdBy approvedBy revokedAt } }`;
export const REVOKE_API_KEY = `mutation RevokeKey($id: String!) { revokeApiKey(input: { id: $id }) { __typename ... on Error { code message detail } ... on RevokeApiKeyPayload { apiKey { id revokedAt } } } }`;
export const POPULATION_SWEEPS = `query Sweeps($first: Int, $after: String) { populationSweeps(first: $first, after: $after) { edges { cursor node { id serviceCode status personsScanned familiesEligible offersMade familiesSkipped pages checkpoint startedAt finishedAt } } pageInfo { hasNextPage endCursor } } }`;
// ── The payer's system (an API key with the payments scope) ─────────────────────────────────
export const PAYMENT_INSTRUCTIONS = `query PaymentInstructions($filter: PaymentInstructionFilter) { paymentInstructions(filter: $filter) { idempotencyKey caseId period payer iban status amount } }`;
export const RECORD_PAYER_ACKNOWLEDGEMENT = `mutation RecordPayerAcknowledgement($input: RecordPayerAcknowledgementInput!) {
  recordPayerAcknowledgement(input: $input) { __typename ... on Error { code } ... on RecordPayerAcknowledgementPayload { alreadyRecorded instruction { status } } }
}`;

export const CASE_UPDATED = `subscription Follow($caseId: ID!) { caseUpdated(caseId: $caseId) { caseId status updatedAt } }`;

// ── Load generation (the bench): only what a load generator checks, so a ratio measures the
// API's work on the operation, not on a large selection. ────────────────────────────────────
export const START_CASE_LEAN = `mutation StartCaseLean($input: StartCaseInput!) {
  startCase(input: $input) { __typename ... on StartCasePayload { created case { caseId status } } ... on Error { code message } }
}`;

/** What a front-end polls to follow a case: read-model fields only (no workflow query). */
export const CASE_SUMMARY = `query CaseSummary($id: ID!) { case(id: $id) { id caseId status serviceCode serviceVersion outcome amount createdAt decidedAt } }`;

export const RESOLVE_TASK_LEAN = `mutation ResolveTaskLean($input: ResolveTaskInput!) {
  resolveTask(input: $input) { __typename ... on ResolveTaskPayload { action case { status } } ... on Error { code message } }
}`;
