/**
 * Applications no case of an engine has asked for yet (registries/synthetic/applicants.ts): each
 * call hands out the next one. Per engine (each has a database of its own).
 */
import type { SyntheticDataset } from '../../registries/synthetic/dataset.ts';
import { applicantCandidates, type Application } from '../../registries/synthetic/applicants.ts';

export type { Application } from '../../registries/synthetic/applicants.ts';

export interface FreshApplicants {
  /** A birth allowance approved automatically. */
  birth(): Application;
  /** A childcare allowance whose total needs two officers. */
  fourEyes(): Application;
  /** A childcare allowance approved automatically, paid month by month. */
  childcare(): Application;
  /** A job-loss payment approved automatically unless its registry is down. */
  jobLoss(): Application;
}

const perEngine = new WeakMap<object, FreshApplicants>();

export function freshApplicants(engine: { dataset: SyntheticDataset }): FreshApplicants {
  let fresh = perEngine.get(engine);
  if (!fresh) {
    const lists = applicantCandidates(engine.dataset);
    const next = (name: keyof typeof lists) => {
      let i = 0;
      return () => {
        const app = lists[name][i++];
        if (!app) throw new Error(`the synthetic population has no more fresh ${name} applicants (${lists[name].length} used)`);
        return app;
      };
    };
    fresh = { birth: next('birth'), fourEyes: next('fourEyes'), childcare: next('childcare'), jobLoss: next('jobLoss') };
    perEngine.set(engine, fresh);
  }
  return fresh;
}
