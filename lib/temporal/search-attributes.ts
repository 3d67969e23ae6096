/**
 * Custom search attributes Qyzmet sets on case workflows. Values are codes, never personal data.
 * The dev server registers them at start (--search-attribute); a cluster operator registers them
 * once with `npm run temporal:setup` (or the compose file's setup step). Imported by workflow
 * code: constants only.
 */
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

export const SEARCH_ATTRIBUTES = {
  QyzmetService: 'Keyword',
  QyzmetStatus: 'Keyword',
  QyzmetDepartment: 'Keyword',
} as const;

export const SA_SERVICE = defineSearchAttributeKey('QyzmetService', SearchAttributeType.KEYWORD);
export const SA_STATUS = defineSearchAttributeKey('QyzmetStatus', SearchAttributeType.KEYWORD);
export const SA_DEPARTMENT = defineSearchAttributeKey('QyzmetDepartment', SearchAttributeType.KEYWORD);
