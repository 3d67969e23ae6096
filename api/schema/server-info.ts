import { builder } from '../builder.ts';

interface ServerInfoShape {
  name: string;
  services: number;
  cases: number;
}

const ServerInfo = builder.objectRef<ServerInfoShape>('ServerInfo').implement({
  fields: (t) => ({
    name: t.exposeString('name'),
    services: t.exposeInt('services'),
    cases: t.exposeInt('cases'),
  }),
});

builder.queryType({
  fields: (t) => ({
    serverInfo: t.field({
      type: ServerInfo,
      resolve: async (_root, _args, ctx) => ({
        name: 'Qyzmet',
        services: await ctx.prisma.serviceVersion.count(),
        cases: await ctx.prisma.case.count(),
      }),
    }),
  }),
});
