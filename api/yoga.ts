/**
 * Builds the GraphQL server (never listens: api/server.ts does). Error masking stays on;
 * expected errors carry a stable `extensions.code`.
 */
import { createYoga, type YogaServerInstance } from 'graphql-yoga';
import type { Client } from '@temporalio/client';
import type { Config } from '../lib/config.ts';
import type { PrismaClient } from '../lib/db/client.ts';
import type { Logger } from '../lib/logger.ts';
import type { Context } from './context.ts';
import { schema } from './schema/index.ts';

export interface ApiDeps {
  config: Config;
  prisma: PrismaClient;
  temporal: Client;
  logger: Logger;
}

export function createApi(deps: ApiDeps): YogaServerInstance<Record<string, unknown>, Context> {
  return createYoga<Record<string, unknown>, Context>({
    schema,
    graphqlEndpoint: '/graphql',
    graphiql: deps.config.graphiql,
    landingPage: false,
    maskedErrors: true,
    logging: false,
    context: () => ({ prisma: deps.prisma, temporal: deps.temporal, config: deps.config }),
  });
}
