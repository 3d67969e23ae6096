/**
 * The console's own queries fit the API's cost limit at the largest page each asks for: the
 * limit counts page sizes given as variables, so an inbox that fits with 20 rows might not with
 * 100 — and a fragment must cost what its fields cost written in place.
 */
import { parse, print } from 'graphql';
import { describe, expect, it } from 'vitest';
import { operationCost, QUERY_LIMITS } from '../../api/http/hardening.ts';
import { CaseLiveSubscription, CaseViewQuery } from '../../web/src/case/documents.ts';
import { DepartmentCasesQuery, InboxQuery } from '../../web/src/inbox/documents.ts';

const documentOf = (query: unknown) => parse(print(query as never));

describe("the console's queries and the cost limit", () => {
  it('fits the inbox and the department list at 100 rows', () => {
    expect(operationCost(documentOf(InboxQuery), 'Inbox', { filter: 'MINE', first: 100 })).toBeLessThanOrEqual(QUERY_LIMITS.maxCost);
    expect(operationCost(documentOf(DepartmentCasesQuery), 'DepartmentCases', { first: 100 })).toBeLessThanOrEqual(QUERY_LIMITS.maxCost);
  });

  it('fits the case view, with its hearing, appeals, entitlement and information answers, and its live subscription', () => {
    expect(operationCost(documentOf(CaseViewQuery), 'CaseView', { id: 'c' })).toBeLessThanOrEqual(QUERY_LIMITS.maxCost);
    expect(operationCost(documentOf(CaseLiveSubscription), 'CaseLive', { id: 'c' })).toBeLessThanOrEqual(QUERY_LIMITS.maxCost);
  });

  it('costs __typename nothing: urql adds it to every selection', () => {
    const plain = parse('query { tasks(filter: MINE, first: 100) { edges { node { id case { id } } } } }');
    const typed = parse('query { tasks(filter: MINE, first: 100) { __typename edges { __typename node { __typename id case { __typename id } } } } }');
    expect(operationCost(typed, null, {})).toBe(operationCost(plain, null, {}));
  });

  it('costs a fragment what its fields cost in place', () => {
    const withFragment = parse('query { tasks(filter: MINE, first: 100) { edges { node { ...T } } } } fragment T on Task { id kind case { id status } }');
    const inPlace = parse('query { tasks(filter: MINE, first: 100) { edges { node { id kind case { id status } } } } }');
    const inline = parse('query { tasks(filter: MINE, first: 100) { edges { node { ... on Task { id kind case { id status } } } } } }');
    const cost = operationCost(inPlace, null, {});
    expect(operationCost(withFragment, null, {})).toBe(cost);
    expect(operationCost(inline, null, {})).toBe(cost);
  });
});
