/** `viewer`: who the API thinks the caller is — the first thing to check when a call is refused. */
import { builder } from '../builder.ts';
import type { Caller } from '../auth/caller.ts';

const ViewerRef = builder.objectRef<Caller>('Viewer').implement({
  authScopes: { authenticated: true },
  fields: (t) => ({
    kind: t.string({ description: 'frontend or staff.', resolve: (c) => c.kind }),
    id: t.string({ description: 'The API key id, or the staff subject.', resolve: (c) => (c.kind === 'frontend' ? c.apiKeyId : c.kind === 'staff' ? c.sub : '') }),
    clientId: t.string({ nullable: true, resolve: (c) => (c.kind === 'frontend' ? c.clientId : null) }),
    scopes: t.stringList({ description: 'API key scopes.', resolve: (c) => (c.kind === 'frontend' ? c.scopes : []) }),
    roles: t.stringList({ description: 'Staff roles.', resolve: (c) => (c.kind === 'staff' ? c.roles : []) }),
    department: t.string({ nullable: true, resolve: (c) => (c.kind === 'staff' ? c.department : null) }),
  }),
});

builder.queryField('viewer', (t) =>
  t.field({ type: ViewerRef, authScopes: { authenticated: true }, resolve: (_root, _args, ctx) => ctx.caller }),
);
