/**
 * Temporal connections for the API (client) and the worker (native connection). Address,
 * namespace, TLS and API key come from @temporalio/envconfig (TEMPORAL_* variables or a
 * temporal.toml profile), with lib/config.ts supplying the validated address and namespace.
 */
import { Client, Connection } from '@temporalio/client';
import type { DataConverter } from '@temporalio/common';
import { loadClientConnectConfig } from '@temporalio/envconfig';
import { NativeConnection } from '@temporalio/worker';
import type { Config } from '../config.ts';
import { clientTracingInterceptors } from '../tracing/temporal.ts';
import { profileFileData } from './target.ts';

type TemporalConfig = Pick<Config, 'TEMPORAL_ADDRESS' | 'TEMPORAL_NAMESPACE' | 'TEMPORAL_CONNECT_TIMEOUT_MS'> &
  Partial<Pick<Config, 'temporalTarget' | 'TEMPORAL_CONFIG_FILE'>>;

/**
 * The resolved address and namespace (lib/temporal/target.ts), with TLS, API key and gRPC
 * metadata from the same profile and the TEMPORAL_TLS_* / TEMPORAL_API_KEY variables.
 */
function connectConfig(config: TemporalConfig) {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && v !== '') env[k] = v;
  if (config.TEMPORAL_CONFIG_FILE) env.TEMPORAL_CONFIG_FILE = config.TEMPORAL_CONFIG_FILE;
  if (config.temporalTarget?.profile) env.TEMPORAL_PROFILE = config.temporalTarget.profile;
  env.TEMPORAL_ADDRESS = config.TEMPORAL_ADDRESS;
  env.TEMPORAL_NAMESPACE = config.TEMPORAL_NAMESPACE;
  const data = profileFileData(env);
  return loadClientConnectConfig({ overrideEnvVars: env, ...(data === undefined ? { disableFile: true } : { configSource: { data } }) });
}

async function withTimeout<T>(what: string, ms: number, p: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      p,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** `dataConverter`: the deployment's (lib/temporal/data-converter.ts); every client that starts, asks or reads workflows passes it. */
export async function connectClient(config: TemporalConfig, options: { dataConverter?: DataConverter } = {}): Promise<{ client: Client; connection: Connection }> {
  const { connectionOptions, namespace } = connectConfig(config);
  const connection = await withTimeout(
    `Temporal at ${config.TEMPORAL_ADDRESS}`,
    config.TEMPORAL_CONNECT_TIMEOUT_MS,
    Connection.connect({ ...connectionOptions, connectTimeout: config.TEMPORAL_CONNECT_TIMEOUT_MS }),
  );
  // Connection.connect is lazy about the namespace; fail now rather than at the first case.
  await withTimeout(
    `Temporal namespace ${namespace}`,
    config.TEMPORAL_CONNECT_TIMEOUT_MS,
    connection.workflowService.describeNamespace({ namespace: namespace ?? config.TEMPORAL_NAMESPACE }),
  );
  // Traced processes (lib/tracing) start workflows under a StartWorkflow span whose context the workflow continues.
  const interceptors = { workflow: clientTracingInterceptors() };
  return { client: new Client({ connection, namespace: namespace ?? config.TEMPORAL_NAMESPACE, dataConverter: options.dataConverter, interceptors }), connection };
}

export async function connectWorkerConnection(config: TemporalConfig): Promise<{ connection: NativeConnection; namespace: string }> {
  const { connectionOptions, namespace } = connectConfig(config);
  const connection = await withTimeout(
    `Temporal at ${config.TEMPORAL_ADDRESS}`,
    config.TEMPORAL_CONNECT_TIMEOUT_MS,
    NativeConnection.connect(connectionOptions),
  );
  return { connection, namespace: namespace ?? config.TEMPORAL_NAMESPACE };
}
