import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEngine, type Engine } from './support/engine.ts';

describe('case engine: automatic decisions', () => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await startEngine();
  });
  afterAll(async () => engine?.close());

  it('approves a birth allowance when every rule passes', async () => {
    const mother = engine.dataset.personas.newbornMother;
    const caseId = await engine.startCase({ serviceCode: 'birth-allowance', applicantIin: mother.iin, application: { childIin: mother.childIin } });
    const result = await engine.result(caseId);
    const row = await engine.db.prisma.case.findUniqueOrThrow({ where: { id: caseId } });
    console.log(result, row.status, row.amount);
    expect(result.status).toBe('APPROVED');
  });
});
