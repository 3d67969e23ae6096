import { describe, expect, it } from 'vitest';
import { formatKzt } from '../services/notifications.ts';
import { renderRecoverySms, type RecoveryCause } from './recovery-notice.ts';

const values = { caseId: 'c123', serviceTitle: 'T', decisionId: 'dec_apl_9', total: 45_123.5, mciYears: [2027] };
const causes: RecoveryCause[] = ['REFUSED', 'LOWERED', 'REINDEXED'];

describe('the SMS of a recovery', () => {
  for (const lang of ['kk', 'ru', 'en'] as const) {
    it(`${lang}: names the case, the decision and the total to recover; a text per cause; no legal article`, () => {
      const texts = causes.map((cause) => renderRecoverySms(cause, lang, values));
      for (const text of texts) {
        expect(text.startsWith('c123 (T): ')).toBe(true);
        expect(text).toContain('dec_apl_9');
        expect(text).toContain(formatKzt(45_123.5, lang));
        expect(text).not.toMatch(/стат|бап|article|undefined|null/i);
      }
      expect(new Set(texts).size).toBe(3);
      expect(texts[2]).toContain('2027');
    });
  }
});
