import { describe, expect, it } from 'vitest';
import { createSimulatedRegistry, type FaultProfile } from './simulated.ts';
import { getDataset } from './synthetic/dataset.ts';
import { RegistryError, type RegistryErrorKind } from './types.ts';

const REF = '2025-06-15';
const dataset = getDataset({ seed: 7, referenceDate: REF });
const p = dataset.personas;
const fixedNow = () => new Date('2025-06-15T09:00:00.000Z');

async function kindOf(promise: Promise<unknown>): Promise<RegistryErrorKind | 'OK'> {
  try {
    await promise;
    return 'OK';
  } catch (err) {
    if (err instanceof RegistryError) return err.kind;
    throw err;
  }
}

describe('answers', () => {
  const registry = createSimulatedRegistry({ dataset, now: fixedNow });

  it('civil.person, with provenance', async () => {
    const answer = await registry.query('civil.person', { iin: p.newbornMother.iin });
    expect(answer).toEqual({ data: dataset.persons.get(p.newbornMother.iin), source: 'sim:civil', fetchedAt: '2025-06-15T09:00:00.000Z' });
  });

  it('civil.children and civil.birth', async () => {
    const children = await registry.query('civil.children', { iin: p.newbornMother.iin });
    expect(children.data.at(-1)).toMatchObject({ iin: p.newbornMother.childIin, birthOrder: 3 });
    const birth = await registry.query('civil.birth', { childIin: p.newbornMother.childIin! });
    expect(birth.data).toMatchObject({ childIin: p.newbornMother.childIin, motherIin: p.newbornMother.iin });
    expect(birth.source).toBe('sim:civil');
  });

  it('employment.history, income.monthly, disability.status, bank.account', async () => {
    const employment = await registry.query('employment.history', { iin: p.recentlyLaidOff.iin });
    expect(employment.data).toMatchObject({ status: 'UNEMPLOYED', jobLossReason: 'LAYOFF' });
    expect(employment.source).toBe('sim:employment');
    const income = await registry.query('income.monthly', { iin: p.steadyEmployee.iin, months: 12, asOf: REF });
    expect(income.data.monthly).toHaveLength(12);
    expect(income.source).toBe('sim:income');
    const disability = await registry.query('disability.status', { iin: p.disabledAdult.iin });
    expect(disability.data.group).toBe(2);
    const bank = await registry.query('bank.account', { iin: p.unverifiedBankAccount.iin });
    expect(bank.data).toMatchObject({ verified: false, iban: expect.stringMatching(/^KZ/) });
    expect(bank.source).toBe('sim:bank');
  });

  it('returns copies: changing an answer does not change the registry', async () => {
    const first = await registry.query('civil.person', { iin: p.newbornMother.iin });
    first.data.lastName = 'Changed';
    const second = await registry.query('civil.person', { iin: p.newbornMother.iin });
    expect(second.data.lastName).not.toBe('Changed');
  });

  it('answers NOT_FOUND for unknown subjects and missing records, without the full IIN in the message', async () => {
    const unknown = '850105300126';
    for (const q of ['civil.person', 'civil.children', 'employment.history', 'disability.status', 'bank.account'] as const) {
      await expect(registry.query(q, { iin: unknown })).rejects.toMatchObject({ kind: 'NOT_FOUND', query: q, retryable: false });
    }
    await expect(registry.query('civil.birth', { childIin: unknown })).rejects.toMatchObject({ kind: 'NOT_FOUND' });
    await expect(registry.query('income.monthly', { iin: unknown, months: 6, asOf: REF })).rejects.toMatchObject({ kind: 'NOT_FOUND' });
    await expect(registry.query('employment.history', { iin: p.notFoundEmployment.iin })).rejects.toMatchObject({ kind: 'NOT_FOUND' });
    await expect(registry.query('bank.account', { iin: p.noBankAccount.iin })).rejects.toThrow(/no record for \d{4}\*{6}\d{2}$/);
  });

  it('answers BAD_REQUEST for malformed parameters and unknown queries', async () => {
    const bad: [string, unknown][] = [
      ['civil.person', { iin: '123' }],
      ['civil.person', { iin: '850105300127' }],
      ['civil.person', null],
      ['civil.birth', { iin: p.newbornMother.childIin }],
      ['income.monthly', { iin: p.steadyEmployee.iin, months: 0, asOf: REF }],
      ['income.monthly', { iin: p.steadyEmployee.iin, months: 61, asOf: REF }],
      ['income.monthly', { iin: p.steadyEmployee.iin, months: 12, asOf: '2025-02-30' }],
      ['civil.spouse', { iin: p.newbornMother.iin }],
    ];
    for (const [query, params] of bad) {
      expect(await kindOf(registry.query(query as never, params as never)), `${query} ${JSON.stringify(params)}`).toBe('BAD_REQUEST');
    }
  });
});

describe('fault injection', () => {
  async function outcomes(profile: FaultProfile, calls: number, faultSeed: number | string = 'f1'): Promise<string[]> {
    const registry = createSimulatedRegistry({ dataset, faultSeed, registries: { civil: profile }, hangTimeoutMs: 1 });
    const results: string[] = [];
    for (let i = 0; i < calls; i++) results.push(await kindOf(registry.query('civil.person', { iin: p.newbornMother.iin })));
    return results;
  }
  const share = (results: string[], kind: string) => results.filter((r) => r === kind).length / results.length;

  it('fails about errorRate of the calls with UNAVAILABLE', async () => {
    for (const rate of [0.1, 0.3, 0.5]) {
      const results = await outcomes({ errorRate: rate }, 2000);
      expect(Math.abs(share(results, 'UNAVAILABLE') - rate)).toBeLessThan(0.035);
      expect(share(results, 'OK')).toBeCloseTo(1 - rate, 1);
    }
  });

  it('is deterministic for a fault seed, and differs between seeds', async () => {
    const a = await outcomes({ errorRate: 0.3, timeoutRate: 0.1 }, 300, 'seed-a');
    expect(await outcomes({ errorRate: 0.3, timeoutRate: 0.1 }, 300, 'seed-a')).toEqual(a);
    expect(await outcomes({ errorRate: 0.3, timeoutRate: 0.1 }, 300, 'seed-b')).not.toEqual(a);
  });

  it("keeps each registry's faults independent of calls to the others", async () => {
    const profile = { errorRate: 0.4 };
    const alone = createSimulatedRegistry({ dataset, faultSeed: 3, faults: profile });
    const busy = createSimulatedRegistry({ dataset, faultSeed: 3, faults: profile });
    const seqAlone: string[] = [];
    const seqBusy: string[] = [];
    for (let i = 0; i < 100; i++) {
      seqAlone.push(await kindOf(alone.query('bank.account', { iin: p.newbornMother.iin })));
      await kindOf(busy.query('civil.person', { iin: p.newbornMother.iin }));
      seqBusy.push(await kindOf(busy.query('bank.account', { iin: p.newbornMother.iin })));
    }
    expect(seqBusy).toEqual(seqAlone);
  });

  it('times out about timeoutRate of the calls with TIMEOUT after hangTimeoutMs', async () => {
    const results = await outcomes({ timeoutRate: 0.2 }, 1000);
    expect(Math.abs(share(results, 'TIMEOUT') - 0.2)).toBeLessThan(0.035);
  });

  it('holds a registry down while the outage switch is on, leaving the others up', async () => {
    const registry = createSimulatedRegistry({ dataset });
    registry.setOutage('employment', true);
    for (let i = 0; i < 20; i++) {
      expect(await kindOf(registry.query('employment.history', { iin: p.steadyEmployee.iin }))).toBe('UNAVAILABLE');
    }
    expect(await kindOf(registry.query('civil.person', { iin: p.steadyEmployee.iin }))).toBe('OK');
    registry.setOutage('employment', false);
    expect(await kindOf(registry.query('employment.history', { iin: p.steadyEmployee.iin }))).toBe('OK');
  });

  it('takes outages from the options too, and reports them as retryable', async () => {
    const registry = createSimulatedRegistry({ dataset, registries: { bank: { outage: true } } });
    const err = await registry.query('bank.account', { iin: p.newbornMother.iin }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RegistryError);
    expect(err).toMatchObject({ kind: 'UNAVAILABLE', retryable: true, message: 'registry bank is down (outage)' });
  });

  it('flaps: down for N calls, up for M, repeating', async () => {
    expect(await outcomes({ flapping: { downCalls: 2, upCalls: 3 } }, 10)).toEqual([
      'UNAVAILABLE', 'UNAVAILABLE', 'OK', 'OK', 'OK',
      'UNAVAILABLE', 'UNAVAILABLE', 'OK', 'OK', 'OK',
    ]);
  });

  it('flaps once then recovers when upCalls is not given; setFaults restarts the count', async () => {
    const registry = createSimulatedRegistry({ dataset, registries: { civil: { flapping: { downCalls: 2 } } } });
    const run = async (n: number) => {
      const r: string[] = [];
      for (let i = 0; i < n; i++) r.push(await kindOf(registry.query('civil.person', { iin: p.newbornMother.iin })));
      return r;
    };
    expect(await run(5)).toEqual(['UNAVAILABLE', 'UNAVAILABLE', 'OK', 'OK', 'OK']);
    expect(registry.callCount('civil')).toBe(5);
    registry.setFaults('civil', { flapping: { downCalls: 1 } });
    expect(registry.callCount('civil')).toBe(0);
    expect(await run(2)).toEqual(['UNAVAILABLE', 'OK']);
  });

  it('waits latency plus jitter', async () => {
    const registry = createSimulatedRegistry({ dataset, registries: { civil: { latencyMs: 40, jitterMs: 20 } } });
    const started = performance.now();
    await registry.query('civil.person', { iin: p.newbornMother.iin });
    const elapsed = performance.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(39);
    // Other registries have no latency configured.
    const t = performance.now();
    await registry.query('bank.account', { iin: p.newbornMother.iin });
    expect(performance.now() - t).toBeLessThan(30);
  });
});

describe('abort', () => {
  it('a hanging call ends when the caller aborts, with the abort reason (cancellation stays cancellation)', async () => {
    const registry = createSimulatedRegistry({ dataset, registries: { civil: { timeoutRate: 1 } }, hangTimeoutMs: 60_000 });
    const controller = new AbortController();
    const reason = new Error('activity cancelled');
    const pending = registry.query('civil.person', { iin: p.newbornMother.iin }, { signal: controller.signal });
    setTimeout(() => controller.abort(reason), 20);
    const started = performance.now();
    await expect(pending).rejects.toBe(reason);
    expect(performance.now() - started).toBeLessThan(5_000);
  });

  it('a caller deadline (AbortSignal.timeout) becomes a TIMEOUT', async () => {
    const registry = createSimulatedRegistry({ dataset, registries: { civil: { timeoutRate: 1 } }, hangTimeoutMs: 60_000 });
    await expect(registry.query('civil.person', { iin: p.newbornMother.iin }, { signal: AbortSignal.timeout(30) })).rejects.toMatchObject({
      kind: 'TIMEOUT',
      retryable: true,
    });
  });

  it('a hanging call without a signal fails TIMEOUT after hangTimeoutMs', async () => {
    const registry = createSimulatedRegistry({ dataset, registries: { civil: { timeoutRate: 1 } }, hangTimeoutMs: 30 });
    await expect(registry.query('civil.person', { iin: p.newbornMother.iin })).rejects.toMatchObject({ kind: 'TIMEOUT', message: expect.stringContaining('30 ms') });
  });

  it('aborts during ordinary latency, and refuses an already-aborted signal', async () => {
    const registry = createSimulatedRegistry({ dataset, faults: { latencyMs: 10_000 } });
    const controller = new AbortController();
    const pending = registry.query('bank.account', { iin: p.newbornMother.iin }, { signal: controller.signal });
    controller.abort();
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
    await expect(registry.query('bank.account', { iin: p.newbornMother.iin }, { signal: controller.signal })).rejects.toMatchObject({ name: 'AbortError' });
  });
});

describe('a registry node that is down for some subjects', () => {
  it('answers UNAVAILABLE for them and normally for everyone else', async () => {
    const registry = createSimulatedRegistry({ referenceDate: '2026-03-16' });
    const down = registry.dataset.personas.employmentNodeDown.iin;
    await expect(registry.query('employment.history', { iin: down })).rejects.toMatchObject({ kind: 'UNAVAILABLE' });
    await expect(registry.query('civil.person', { iin: down })).resolves.toMatchObject({ data: { iin: down } });
    const other = registry.dataset.personas.steadyEmployee.iin;
    await expect(registry.query('employment.history', { iin: other })).resolves.toMatchObject({ data: { iin: other } });
  });
});

describe('bank.accountByIban', () => {
  const registry = createSimulatedRegistry({ dataset, now: fixedNow });

  it('names the holder of an IBAN the banks know, and refuses an IBAN nobody holds or a malformed one', async () => {
    const onFile = (await registry.query('bank.account', { iin: p.unverifiedBankAccount.iin })).data;
    const holder = await registry.query('bank.accountByIban', { iban: onFile.iban });
    expect(holder.data).toEqual({ iban: onFile.iban, iin: p.unverifiedBankAccount.iin, bankBic: onFile.bankBic, open: true });
    expect(holder.source).toBe('sim:bank');
    await expect(registry.query('bank.accountByIban', { iban: 'KZ86125KZT5004100100' })).rejects.toMatchObject({ kind: 'NOT_FOUND' });
    await expect(registry.query('bank.accountByIban', { iban: 'DE89370400440532013000' })).rejects.toMatchObject({ kind: 'BAD_REQUEST' });
  });
});
