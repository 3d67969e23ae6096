/**
 * Which of a service version's refusal grounds a refusal rests on: those an officer named, else
 * those its failed rules map to (each rule maps to one ground: services/validate.ts). The decision
 * record, the refusal SMS and the API's view of a hearing all choose them here.
 */
import type { RefusalGround, ServiceDefinition } from './definition.ts';

export function refusalGroundsFor(def: Pick<ServiceDefinition, 'refusalGrounds'>, failedRules: readonly string[], named: readonly string[] | undefined): RefusalGround[] {
  const list = def.refusalGrounds ?? [];
  return named?.length ? list.filter((g) => named.includes(g.code)) : list.filter((g) => g.rules.some((r) => failedRules.includes(r)));
}
