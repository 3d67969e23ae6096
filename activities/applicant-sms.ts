/**
 * One SMS to a case's applicant in their language (the case's explicit choice, else the language
 * the population register holds), sent once per idempotency key and recorded as a notification.
 * Sent first, then recorded: a retry after a crash between the two sends again with the same key,
 * which the gateway answers without a second message.
 */
import { createHash } from 'node:crypto';
import { createUnlessExists } from '../lib/db/unique.ts';
import { RegistryError } from '../registries/types.ts';
import type { Lang } from '../services/definition.ts';
import { loadCaseRow } from './case-row.ts';
import type { ActivityDeps } from './deps.ts';

export async function smsToApplicant(
  deps: Pick<ActivityDeps, 'prisma' | 'registries' | 'sms'>,
  message: { caseId: string; idempotencyKey: string; template: string },
  render: (lang: Lang) => string,
): Promise<void> {
  const { caseId, idempotencyKey, template } = message;
  const id = `ntf_${createHash('sha256').update(idempotencyKey).digest('hex').slice(0, 24)}`;
  if (await deps.prisma.notification.findUnique({ where: { id }, select: { id: true } })) return;
  const row = await loadCaseRow(deps.prisma, caseId);
  let phone: string | null = null;
  let lang = row.language as Lang;
  try {
    const person = (await deps.registries.query('civil.person', { iin: row.applicantIin })).data;
    phone = person.phone;
    if (!row.languageChosen) lang = person.language;
  } catch (e) {
    if (!(e instanceof RegistryError) || e.kind !== 'NOT_FOUND') throw e; // retried by Temporal
  }
  const body = render(lang);
  const sent = phone ? await deps.sms.send({ to: phone, text: body, idempotencyKey }) : null;
  await createUnlessExists(() =>
    deps.prisma.notification.create({
      data: { id, caseId, idempotencyKey, channel: 'SMS', recipient: phone ?? '', language: lang, template, body, status: sent ? (sent.status ?? 'SENT') : 'NO_RECIPIENT' },
    }),
  );
}
