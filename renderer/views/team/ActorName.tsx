// Who did it, and on which computer, in team mode: "Ana on Ana's laptop". The device comes from the row's
// creation stamp (team.devicesOf, asked once per screenful: the ids shown in one render are batched) and its
// name from the members list; solo, or when the hub cannot tell the name, just the person's name.
import { useQuery } from '@tanstack/react-query';
import { call } from '../../api/client.ts';
import { membersQuery, useTeamStatus } from './queries.ts';

type Table = 'deletions' | 'bulk_actions';

const waiting = new Map<Table, Map<string, ((device: string | null) => void)[]>>();
let flushing = false;

/** One team.devicesOf call for every id asked for in the same turn of the event loop. */
function deviceOf(table: Table, id: string): Promise<string | null> {
  return new Promise((resolve) => {
    const forTable = waiting.get(table) ?? new Map<string, ((device: string | null) => void)[]>();
    waiting.set(table, forTable);
    forTable.set(id, [...(forTable.get(id) ?? []), resolve]);
    if (flushing) return;
    flushing = true;
    queueMicrotask(() => {
      flushing = false;
      for (const [t, byId] of waiting) {
        waiting.delete(t);
        const ids = [...byId.keys()];
        for (let i = 0; i < ids.length; i += 500) {
          const chunk = ids.slice(i, i + 500);
          call('team.devicesOf', { table: t, ids: chunk }).then(
            (found) => chunk.forEach((k) => byId.get(k)!.forEach((r) => r(found[k] ?? null))),
            () => chunk.forEach((k) => byId.get(k)!.forEach((r) => r(null))),
          );
        }
      }
    });
  });
}

export function ActorName({ name, table, id }: { name: string; table: Table; id: string | null | undefined }) {
  const { data: team } = useTeamStatus();
  const inTeam = Boolean(team);
  const { data: device } = useQuery({
    // under the views' own scopes, so a data.changed that refreshes the row refreshes this too
    queryKey: [table === 'deletions' ? 'restore' : 'bulkActions', 'device', id],
    queryFn: () => deviceOf(table, id!),
    enabled: inTeam && Boolean(id),
    staleTime: Infinity, // a row's maker never changes
  });
  const { data: members } = useQuery({ ...membersQuery, enabled: inTeam && Boolean(device), staleTime: 60_000 });
  const deviceName = device
    ? members?.members.flatMap((m) => m.devices).find((d) => d.deviceId === device)?.name
    : undefined;
  return (
    <>
      {name}
      {deviceName && <span> on {deviceName}</span>}
    </>
  );
}
