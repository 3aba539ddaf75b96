import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate, useSearch } from '@tanstack/react-router';
import { useConfirm } from '../components/dialog';
import { ErrorBox, Loading } from '../components/errors';
import { Screen } from '../components/screen';
import { useToast } from '../components/toast';
import { WriteButton } from '../components/write';
import { ok } from '../lib/api';
import { count, shortDate } from '../lib/format';
import { invalidateType } from '../lib/record-queries';
import { displayName, recordApi, RECORDS, type AnyRecord, type RecordType } from '../lib/records';
import { useSession } from '../lib/session';

/*
 * The trash: soft-deleted records per type, the most recently deleted first. Restore puts a
 * record back where it was; owners can also delete one for good (after a confirmation).
 */

const TYPES = ['companies', 'contacts', 'leads', 'deals', 'products'] as const satisfies readonly RecordType[];
type TrashType = (typeof TYPES)[number];

type Trashed = AnyRecord & { id: string; deletedAt: string | null };
type Page = { data: Trashed[]; nextCursor: string | null; total: number };

const trashKey = (type: TrashType) => ['trash', type] as const;

async function trashPage(type: TrashType, cursor: string | null): Promise<Page> {
  // trash=true lists the trash only, the most recently deleted first.
  const query: Record<string, string> = { trash: 'true', limit: '50', ...(cursor ? { cursor } : {}) };
  return (await ok(recordApi(type).$get({ query }))) as unknown as Page;
}

const newestFirst = (a: Trashed, b: Trashed) => (b.deletedAt ?? '').localeCompare(a.deletedAt ?? '');

function TrashList({ type }: { type: TrashType }) {
  const qc = useQueryClient();
  const toast = useToast();
  const confirm = useConfirm();
  const navigate = useNavigate();
  const { me } = useSession();
  const owner = me.role === 'owner';
  const def = RECORDS[type];
  const pages = useInfiniteQuery({
    queryKey: trashKey(type),
    queryFn: ({ pageParam }) => trashPage(type, pageParam),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
  const gone = (id: string) => {
    qc.setQueryData<{ pages: Page[]; pageParams: unknown[] }>(trashKey(type), (d) =>
      d ? { ...d, pages: d.pages.map((p) => ({ ...p, data: p.data.filter((r) => r.id !== id), total: p.total - 1 })) } : d,
    );
  };
  const restore = useMutation({
    mutationFn: (r: Trashed) => ok(recordApi(type)[':id'].restore.$post({ param: { id: r.id } })),
    onSuccess: (_saved, r) => {
      gone(r.id);
      invalidateType(qc, type, r.id);
      const name = displayName(type, r);
      toast(`Restored ${name}.`, { action: { label: 'Open', run: () => void navigate({ to: `/${type}/${r.id}` }) } });
    },
  });
  const purge = useMutation({
    mutationFn: (r: Trashed) => ok(recordApi(type)[':id'].$delete({ param: { id: r.id }, query: { permanent: 'true' } })),
    onSuccess: (_none, r) => {
      gone(r.id);
      toast(`Deleted ${displayName(type, r)} for good.`);
    },
  });
  const askPurge = async (r: Trashed) => {
    const name = displayName(type, r);
    const yes = await confirm({
      title: `Delete ${name} for good?`,
      body: `The ${def.singular} and everything only it holds are removed from the database. This cannot be undone, and it does not come back from the trash.`,
      confirmLabel: 'Delete for good',
      danger: true,
    });
    if (yes) purge.mutate(r);
  };
  if (pages.isPending) return <Loading />;
  if (pages.isError) return <ErrorBox error={pages.error} retry={() => void pages.refetch()} />;
  const rows = pages.data.pages.flatMap((p) => p.data).sort(newestFirst);
  const total = pages.data.pages[0]?.total ?? rows.length;
  const busy = (r: Trashed) => (restore.isPending && restore.variables?.id === r.id) || (purge.isPending && purge.variables?.id === r.id);
  return (
    <>
      <ErrorBox error={restore.error ?? purge.error} />
      {rows.length === 0 ? (
        <p className="empty">No {type} in the trash.</p>
      ) : (
        <div className="table-wrap">
          <table className="records trash">
            <caption>{`${count(total, def.singular, type)} in the trash, the most recently deleted first`}</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Deleted</th>
                <th scope="col">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => {
                const name = displayName(type, r);
                return (
                  <tr key={r.id} data-record-id={r.id}>
                    <td data-label="Name">{name}</td>
                    <td data-label="Deleted">{shortDate(r.deletedAt)}</td>
                    <td>
                      <div className="actions">
                        <WriteButton disabled={busy(r)} onClick={() => restore.mutate(r)}>
                          Restore<span className="sr-only"> {name}</span>
                        </WriteButton>
                        {owner ? (
                          <WriteButton className="danger" disabled={busy(r)} onClick={() => void askPurge(r)}>
                            Delete for good<span className="sr-only"> {name}</span>
                          </WriteButton>
                        ) : null}
                      </div>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {pages.hasNextPage ? (
        <button type="button" disabled={pages.isFetchingNextPage} onClick={() => void pages.fetchNextPage()}>
          {pages.isFetchingNextPage ? 'Loading…' : 'Show more'}
        </button>
      ) : null}
      {!owner ? <p className="hint">Only an owner can delete a record for good.</p> : null}
    </>
  );
}

export default function Trash() {
  const search = useSearch({ strict: false }) as Record<string, string>;
  const type: TrashType = TYPES.find((t) => t === search.type) ?? 'companies';
  return (
    <Screen title="Trash">
      <nav className="segmented" aria-label="Record types">
        <ul>
          {TYPES.map((t) => (
            <li key={t}>
              <Link to="/trash" search={{ type: t }} aria-current={t === type ? 'page' : undefined}>
                {RECORDS[t].title}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      <p className="muted">Deleted records wait here until they are restored or an owner deletes them for good.</p>
      <TrashList key={type} type={type} />
    </Screen>
  );
}
