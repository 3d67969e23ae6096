/**
 * The embedded registries: answers from the synthetic dataset, with the latency and failures of
 * real interagency links — so workflows can be exercised against slow, flaky and dead registries
 * reproducibly. Every fault decision comes from a seeded PRNG, one stream per registry, so a
 * test sees the same faults on every run whatever the other registries are doing.
 */
import { maskIin } from '../lib/iin.ts';
import { abortError, sleep } from './abort.ts';
import {
  accountHolderOf,
  bankAccountOf,
  birthRecordOf,
  childrenOf,
  disabilityOf,
  employmentOf,
  findPerson,
  getDataset,
  incomeOf,
  populationPage,
  type DatasetOptions,
  type SyntheticDataset,
} from './synthetic/dataset.ts';
import { createRng, type Rng } from './synthetic/prng.ts';
import { paramsProblem, isQueryName } from './validate.ts';
import { REGISTRY_NAMES, RegistryError, registryOf, type QueryName, type QueryParams, type RegistryAnswer, type RegistryClient, type RegistryName, type QueryResult } from './types.ts';

export interface FaultProfile {
  /** Every call takes this long (ms)… */
  latencyMs?: number;
  /** …plus a uniform extra in [0, jitterMs). */
  jitterMs?: number;
  /** Share of calls that fail UNAVAILABLE. */
  errorRate?: number;
  /** Share of calls that hang until the caller aborts or `hangTimeoutMs` passes (then TIMEOUT). */
  timeoutRate?: number;
  /**
   * Down (UNAVAILABLE) for `downCalls` calls, then up for `upCalls`, and again; without
   * `upCalls` it stays up after the first outage ("fails twice, then recovers").
   */
  flapping?: { downCalls: number; upCalls?: number };
  /** Down until switched off: every call UNAVAILABLE. */
  outage?: boolean;
}

export interface SimulatedRegistryOptions extends DatasetOptions {
  /** Use this dataset instead of getDataset({ seed, referenceDate, households }). */
  dataset?: SyntheticDataset;
  /** Seeds the fault decisions; defaults to the dataset seed. */
  faultSeed?: number | string;
  /** Applies to every registry… */
  faults?: FaultProfile;
  /** …and these override it field by field. */
  registries?: Partial<Record<RegistryName, FaultProfile>>;
  /** How long a hanging call waits before failing TIMEOUT when the caller does not abort it first. */
  hangTimeoutMs?: number;
  now?: () => Date;
}

export interface SimulatedRegistry extends RegistryClient {
  readonly dataset: SyntheticDataset;
  /** Forces a registry down (true) or back to its fault profile (false). */
  setOutage(registry: RegistryName, down: boolean): void;
  /** Replaces a registry's fault profile and restarts its call count (flapping starts over). */
  setFaults(registry: RegistryName, profile: FaultProfile): void;
  /** Calls made to a registry since creation or its last setFaults. */
  callCount(registry: RegistryName): number;
}

interface RegistryState {
  profile: FaultProfile;
  rng: Rng;
  calls: number;
}

type Answerer = (ds: SyntheticDataset, params: never) => unknown;

const ANSWERS: { [Q in QueryName]: (ds: SyntheticDataset, params: QueryParams<Q>) => QueryResult<Q> | undefined } = {
  'civil.person': (ds, p) => findPerson(ds, p.iin),
  'civil.children': (ds, p) => childrenOf(ds, p.iin),
  'civil.birth': (ds, p) => birthRecordOf(ds, p.childIin),
  'civil.population': (ds, p) => populationPage(ds, p.cursor, p.limit),
  'employment.history': (ds, p) => employmentOf(ds, p.iin),
  'income.monthly': (ds, p) => incomeOf(ds, p.iin, p.months, p.asOf),
  'disability.status': (ds, p) => disabilityOf(ds, p.iin),
  'bank.account': (ds, p) => bankAccountOf(ds, p.iin),
  'bank.accountByIban': (ds, p) => accountHolderOf(ds, p.iban),
};

export function createSimulatedRegistry(options: SimulatedRegistryOptions = {}): SimulatedRegistry {
  const dataset = options.dataset ?? getDataset(options);
  const faultSeed = options.faultSeed ?? dataset.seed;
  const hangTimeoutMs = options.hangTimeoutMs ?? 30_000;
  const now = options.now ?? (() => new Date());
  const state = {} as Record<RegistryName, RegistryState>;
  const outages = new Set<RegistryName>();

  const setFaults = (registry: RegistryName, profile: FaultProfile) => {
    state[registry] = { profile, rng: createRng(`${faultSeed}/faults/${registry}`), calls: 0 };
  };
  for (const name of REGISTRY_NAMES) setFaults(name, { ...options.faults, ...options.registries?.[name] });

  /** What goes wrong with this call, decided before it starts; three draws every call keep the stream aligned. */
  function planCall(registry: RegistryName, subject: string): { delayMs: number; fault: 'UNAVAILABLE' | 'HANG' | null; why: string } {
    const st = state[registry];
    const index = st.calls++;
    const { profile: p, rng } = st;
    const [jitterRoll, errorRoll, hangRoll] = [rng.next(), rng.next(), rng.next()];
    const delayMs = (p.latencyMs ?? 0) + jitterRoll * (p.jitterMs ?? 0);
    if (outages.has(registry) || p.outage) return { delayMs, fault: 'UNAVAILABLE', why: 'is down (outage)' };
    if (dataset.unreachable.get(subject)?.includes(registry)) return { delayMs, fault: 'UNAVAILABLE', why: 'cannot reach the node that holds this record' };
    if (p.flapping) {
      const { downCalls, upCalls } = p.flapping;
      const position = upCalls === undefined ? index : index % (downCalls + upCalls);
      if (position < downCalls) return { delayMs, fault: 'UNAVAILABLE', why: 'is flapping (down)' };
    }
    if (errorRoll < (p.errorRate ?? 0)) return { delayMs, fault: 'UNAVAILABLE', why: 'failed (simulated error)' };
    if (hangRoll < (p.timeoutRate ?? 0)) return { delayMs, fault: 'HANG', why: 'did not answer in time' };
    return { delayMs, fault: null, why: '' };
  }

  async function query<Q extends QueryName>(query: Q, params: QueryParams<Q>, opts: { signal?: AbortSignal } = {}): Promise<RegistryAnswer<QueryResult<Q>>> {
    if (!isQueryName(query)) throw new RegistryError('BAD_REQUEST', query, `unknown query "${String(query)}"`);
    const problem = paramsProblem(query, params);
    if (problem) throw new RegistryError('BAD_REQUEST', query, `${query}: ${problem}`);
    const registry = registryOf(query);
    const { signal } = opts;
    if (signal?.aborted) throw abortError(signal, query);

    const subject = (params as { iin?: string; childIin?: string }).iin ?? (params as { childIin?: string }).childIin ?? '';
    const plan = planCall(registry, subject);
    await sleep(plan.delayMs, signal, query);
    if (plan.fault === 'UNAVAILABLE') throw new RegistryError('UNAVAILABLE', query, `registry ${registry} ${plan.why}`);
    if (plan.fault === 'HANG') {
      await sleep(hangTimeoutMs, signal, query);
      throw new RegistryError('TIMEOUT', query, `registry ${registry} ${plan.why} (${hangTimeoutMs} ms)`);
    }
    const data = (ANSWERS[query] as Answerer)(dataset, params as never);
    if (data === undefined) {
      throw new RegistryError('NOT_FOUND', query, `${query}: no record for ${maskIin(subject)}`);
    }
    // A copy, as over the wire: callers must not be able to change the shared dataset.
    return { data: structuredClone(data) as QueryResult<Q>, source: `sim:${registry}`, fetchedAt: now().toISOString() };
  }

  return {
    dataset,
    query,
    setOutage: (registry, down) => void (down ? outages.add(registry) : outages.delete(registry)),
    setFaults,
    callCount: (registry) => state[registry].calls,
  };
}
