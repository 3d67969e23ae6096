/**
 * What-if re-decision, for the CLI (scripts/what-if.ts) and the GraphQL API:
 *
 *   reevaluateCase(prisma, caseId, { version } | { definition }, { lang })   → WhatIfResult
 *   previewBulkReevaluation(prisma, { serviceCode, decidedFrom, decidedTo, outcome, limit },
 *                           { version } | { definition }, { lang, examples, onProgress, signal }) → BulkPreview
 *
 * Both are read-only: no case, decision or evidence is written, and no registry is called.
 * Expected refusals are QyzmetErrors (NOT_FOUND, VERSION_NOT_FOUND, SERVICE_MISMATCH,
 * VALIDATION_FAILED); a stored version that no longer matches its hash is a CatalogIntegrityError.
 */
export { previewBulkReevaluation, type BulkPreview, type BulkSelection, type WhatIfExample } from './bulk.ts';
export { compareVerdicts, verdictOf, type Changes, type Disposition, type RuleChange, type RuleLine, type Verdict } from './compare.ts';
export { ProgressMeter, ProgressThrottle, type BulkProgress, type ProgressReading } from './progress.ts';
export { evidenceForVersion, type WithheldEvidence } from './evidence.ts';
export { reevaluateCase, resolveVersion, type RecordedDecision, type WhatIfResult, type WhatIfTarget } from './reevaluate.ts';
