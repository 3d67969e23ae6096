/** The signed-in staff member as the API knows them (`viewer`): id, roles, department. */
import { createContext, useContext } from 'react';
import { graphql, type ResultOf } from './graphql.ts';

export const ViewerQuery = graphql(`
  query Viewer {
    viewer {
      id
      kind
      roles
      department
    }
  }
`);

export type Viewer = ResultOf<typeof ViewerQuery>['viewer'];

export const hasRole = (viewer: Viewer, role: 'officer' | 'supervisor' | 'engineer') => viewer.roles.includes(role);
/** Officers and supervisors have an inbox; engineers read cases only. */
export const hasInbox = (viewer: Viewer) => hasRole(viewer, 'officer') || hasRole(viewer, 'supervisor');

export const ViewerContext = createContext<Viewer | null>(null);

export function useViewer(): Viewer {
  const viewer = useContext(ViewerContext);
  if (!viewer) throw new Error('useViewer outside a signed-in page');
  return viewer;
}
