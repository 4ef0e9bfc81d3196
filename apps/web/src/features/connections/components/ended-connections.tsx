import type { ConnectionItem } from '@portal/contracts';
import { useTranslation } from 'react-i18next';
import { ConnectionsTable } from './connections-table';

/** Declined, revoked and expired ones, in a section of their own below the live list, so the live list is what is shared now. */
export function EndedConnections({ items, counterpart }: { items: ConnectionItem[]; counterpart: 'distributor' | 'principal' }) {
  const { t } = useTranslation();
  if (items.length === 0) return null;
  return (
    <section className="section" aria-labelledby="ended-connections">
      <h2 id="ended-connections">{t('connections.ended')}</h2>
      <p className="muted">{t(`connections.endedHint_${counterpart}`)}</p>
      <ConnectionsTable items={items} counterpart={counterpart} testId="ended-connections-table" />
    </section>
  );
}
