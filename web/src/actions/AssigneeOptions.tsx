/**
 * Suggestions for the reassign form: the active colleagues of the supervisor's department who can
 * take the task (the API's staff directory). The officer may still type an id; the API refuses
 * anyone outside the directory.
 */
import { useQuery } from 'urql';
import { StaffQuery } from './documents.ts';

export function AssigneeOptions({ id, role }: { id: string; role: string }) {
  const [result] = useQuery({ query: StaffQuery, variables: { role }, requestPolicy: 'cache-and-network' });
  return (
    <datalist id={id}>
      {(result.data?.staff ?? []).map((m) => (
        <option key={m.id} value={m.id}>
          {m.displayName ?? m.id}
        </option>
      ))}
    </datalist>
  );
}
