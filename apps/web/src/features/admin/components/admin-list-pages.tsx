import type { AdminIntegration } from '@portal/contracts';
import type { UseInfiniteQueryResult, InfiniteData } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { ListQuery } from '../../../components/ui/list-state';
import { Button } from '../../../components/ui/ui';
import { formatNumber } from '../../../lib/format';

type AdminPages = UseInfiniteQueryResult<InfiniteData<{ data: AdminIntegration[]; nextCursor: string | null; total?: number | undefined }>>;

/** The pages loaded so far as one list, for `ListTable`. */
export function loadedRows(q: AdminPages): ListQuery<AdminIntegration> {
  return { error: q.error, data: q.data ? { data: q.data.pages.flatMap((p) => p.data) } : undefined, refetch: q.refetch };
}

/** "25 of 130 shown" and the button that loads the next page, while there is one. */
export function LoadMore({ query }: { query: AdminPages }) {
  const { t, i18n } = useTranslation();
  if (!query.data) return null;
  const shown = query.data.pages.reduce((n, p) => n + p.data.length, 0);
  const total = query.data.pages[0]?.total ?? shown;
  if (total === 0) return null;
  return (
    <div className="row">
      <span className="small muted" data-testid="admin-list-count">
        {t('admin.shownOf', { shown: formatNumber(shown, i18n.language), total: formatNumber(total, i18n.language) })}
      </span>
      {query.hasNextPage ? (
        <Button variant="secondary" busy={query.isFetchingNextPage} onClick={() => void query.fetchNextPage()}>
          {t('admin.loadMore')}
        </Button>
      ) : null}
    </div>
  );
}
