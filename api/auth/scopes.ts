/**
 * The bridge between the caller and Pothos scope-auth: which scopes a caller holds, and how a
 * failed scope check becomes a typed, audited denial.
 */
import { getArgumentValues, type GraphQLResolveInfo } from 'graphql';
import type { Context } from '../context.ts';
import type { Caller } from './caller.ts';
import { isEngineer } from './policy.ts';
import { APPEAL_ROLE } from '../../workflows/task-permissions.ts';
import type { ApiError } from '../errors.ts';

export function scopesOf(caller: Caller) {
  const staff = (role: 'officer' | 'supervisor' | 'head' | 'engineer' | typeof APPEAL_ROLE) => caller.kind === 'staff' && caller.roles.includes(role);
  return {
    authenticated: caller.kind !== 'anonymous',
    apiKey: (scope: string | string[]) => caller.kind === 'frontend' && [scope].flat().some((s) => (caller.scopes as string[]).includes(s)),
    officer: staff('officer') && Boolean(caller.kind === 'staff' && caller.department),
    // The head of a department oversees it as its supervisors do (workflows/task-permissions.ts).
    supervisor: (staff('supervisor') || staff('head')) && Boolean(caller.kind === 'staff' && caller.department),
    // A member of a department's appeal group: claims and releases its appeals' tasks.
    appealOfficer: staff(APPEAL_ROLE) && Boolean(caller.kind === 'staff' && caller.department),
    engineer: isEngineer(caller),
  };
}

const TARGET_KEYS = ['id', 'caseId', 'taskId', 'eventId', 'department'];

/** The ids a denied operation aimed at (never free text or personal data), for the audit entry. */
function targetOf(parent: unknown, info: GraphQLResolveInfo): Record<string, string> {
  const target: Record<string, string> = {};
  try {
    const field = info.parentType.getFields()[info.fieldName];
    const args = field ? getArgumentValues(field, info.fieldNodes[0]!, info.variableValues) : {};
    const sources = [args, (args as { input?: unknown }).input, (args as { filter?: unknown }).filter];
    for (const source of sources) {
      if (!source || typeof source !== 'object') continue;
      for (const key of TARGET_KEYS) {
        const value = (source as Record<string, unknown>)[key];
        if (typeof value === 'string' && value.length <= 200) target[key] = value;
      }
    }
  } catch {
    // Arguments that do not coerce are reported by GraphQL itself; the denial stands.
  }
  const id = (parent as { id?: unknown } | null)?.id;
  if (typeof id === 'string' && info.parentType.name !== 'Query' && info.parentType.name !== 'Mutation') target.objectId = id;
  return target;
}

export function denialOf(parent: unknown, ctx: Context, info: GraphQLResolveInfo, reason: string): ApiError {
  return ctx.security.deny({ operation: `${info.parentType.name}.${info.fieldName}`, reason, target: targetOf(parent, info) });
}
