import type { AuditLogEvent } from '@portal/contracts';
import type { InfiniteData, UseInfiniteQueryResult } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ListTable } from '../../../components/ui/list-state';
import { Button } from '../../../components/ui/ui';
import { formatDateTime } from '../../../lib/format';

type Pages<T> = UseInfiniteQueryResult<InfiniteData<{ data: T[]; nextCursor: string | null }>>;

const hasKeys = (v: Record<string, unknown> | null) => v !== null && Object.keys(v).length > 0;

/** Who acted, as the log names it: the label kept on the row, else the id, else "System". */
function Actor({ actor }: { actor: AuditLogEvent['actor'] }) {
  const { t } = useTranslation();
  if (actor.type === 'SYSTEM') return <span className="muted">{t('audit.actorType.SYSTEM')}</span>;
  return (
    <span>
      {actor.label ?? actor.id}
      {actor.type !== 'USER' ? <span className="small muted"> ({t(`audit.actorType.${actor.type}`)})</span> : null}
    </span>
  );
}

/** Before/after and the details of one row, folded away until asked for. */
function Changes({ event }: { event: AuditLogEvent }) {
  const { t } = useTranslation();
  const parts = [
    ['before', event.before],
    ['after', event.after],
    ['details', event.metadata],
  ] as const;
  const shown = parts.filter(([, v]) => hasKeys(v));
  if (shown.length === 0) return null;
  return (
    <details className="audit-changes">
      <summary>{t('audit.showChanges')}</summary>
      <dl>
        {shown.map(([key, v]) => (
          <div key={key}>
            <dt>{t(`audit.${key}`)}</dt>
            <dd>
              <pre>{JSON.stringify(v, null, 2)}</pre>
            </dd>
          </div>
        ))}
      </dl>
    </details>
  );
}

/**
 * The audit log's rows, newest first, with the next page on request;
 * `organization` adds the organisation column (the platform admin's view).
 */
export function AuditTable<T extends AuditLogEvent>({
  query,
  empty,
  organization,
}: {
  query: Pages<T>;
  empty: string;
  organization?: (event: T) => React.ReactNode;
}) {
  const { t, i18n } = useTranslation();
  const rows = query.data ? { data: query.data.pages.flatMap((p) => p.data) } : undefined;
  const columns = [
    t('audit.time'),
    ...(organization ? [t('audit.organization')] : []),
    t('audit.actor'),
    t('audit.action'),
    t('audit.target'),
    t('audit.requestId'),
    t('audit.changes'),
  ];
  return (
    <>
      <ListTable query={{ error: query.error, data: rows, refetch: query.refetch }} empty={empty} columns={columns}>
        {(events) =>
          events.map((e) => (
            <tr key={e.id} data-testid="audit-row" data-action={e.action}>
              <td className="nowrap">{formatDateTime(e.createdAt, i18n.language)}</td>
              {organization ? <td>{organization(e)}</td> : null}
              <td>
                <Actor actor={e.actor} />
              </td>
              <td>{t(`audit.actions.${e.action}`)}</td>
              <td className="small">{e.targetType ? `${t(`audit.targetType.${e.targetType}`, { defaultValue: e.targetType })} ${e.targetId ?? ''}` : '—'}</td>
              <td className="small audit-request-id">{e.requestId ?? '—'}</td>
              <td>
                <Changes event={e} />
              </td>
            </tr>
          ))
        }
      </ListTable>
      {query.hasNextPage ? (
        <div className="row">
          <Button variant="secondary" busy={query.isFetchingNextPage} onClick={() => void query.fetchNextPage()}>
            {t('audit.loadMore')}
          </Button>
        </div>
      ) : null}
    </>
  );
}
