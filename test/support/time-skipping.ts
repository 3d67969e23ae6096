/**
 * Temporal's time-skipping test server for one test file, with Qyzmet's search attributes
 * registered as the dev server registers them at start (cases carry them from their first event).
 */
import proto from '@temporalio/proto';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { SEARCH_ATTRIBUTES } from '../../lib/temporal/search-attributes.ts';
import { requireTestServer } from '../../lib/temporal/test-server.ts';

const { IndexedValueType } = proto.temporal.api.enums.v1;
const INDEXED: Record<(typeof SEARCH_ATTRIBUTES)[keyof typeof SEARCH_ATTRIBUTES], proto.temporal.api.enums.v1.IndexedValueType> = {
  Keyword: IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
};

export async function startTimeSkippingServer(): Promise<TestWorkflowEnvironment> {
  const env = await TestWorkflowEnvironment.createTimeSkipping({ server: { executable: { type: 'existing-path', path: requireTestServer() } } });
  try {
    await env.connection.operatorService.addSearchAttributes({
      namespace: env.namespace ?? 'default',
      searchAttributes: Object.fromEntries(Object.entries(SEARCH_ATTRIBUTES).map(([name, type]) => [name, INDEXED[type]])),
    });
  } catch (e) {
    await env.teardown();
    throw e;
  }
  return env;
}
