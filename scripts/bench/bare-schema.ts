/**
 * P6's reference: the same `case(id)` query answered by a bare GraphQL schema on yoga — one
 * resolver, the same Prisma read, no Pothos, no authentication, no limits, no plugins.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createSchema, createYoga } from 'graphql-yoga';
import type { PrismaClient } from '../../lib/db/client.ts';

const typeDefs = /* GraphQL */ `
  type Case {
    id: ID!
    caseId: String!
    status: String!
    serviceCode: String!
    serviceVersion: Int
    outcome: String
    amount: Float
    createdAt: String!
    decidedAt: String
  }
  type Query {
    case(id: ID!): Case
  }
`;

type Row = { id: string; status: string; serviceCode: string; serviceVersion: number | null; outcome: string | null; amount: unknown; createdAt: Date; decidedAt: Date | null };

function caseIdOf(id: string): string {
  const decoded = Buffer.from(id, 'base64').toString();
  return decoded.startsWith('Case:') ? decoded.slice('Case:'.length) : id;
}

export function bareSchema(prisma: PrismaClient) {
  return createSchema({
    typeDefs,
    resolvers: {
      // Takes the Relay global id front-ends hold (what `id` returns) or a raw id, like the platform's schema.
      Query: { case: (_: unknown, args: { id: string }) => prisma.case.findUnique({ where: { id: caseIdOf(args.id) } }) },
      Case: {
        // Relay's global id, as the platform's schema returns it.
        id: (c: Row) => Buffer.from(`Case:${c.id}`).toString('base64'),
        caseId: (c: Row) => c.id,
        amount: (c: Row) => (c.amount === null ? null : Number(c.amount)),
        createdAt: (c: Row) => c.createdAt.toISOString(),
        decidedAt: (c: Row) => c.decidedAt?.toISOString() ?? null,
      },
    },
  });
}

export async function startBareServer(prisma: PrismaClient): Promise<{ url: string; close(): Promise<void> }> {
  const yoga = createYoga({ schema: bareSchema(prisma), graphqlEndpoint: '/graphql', logging: false, landingPage: false, graphiql: false });
  const server = http.createServer(yoga);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/graphql`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
