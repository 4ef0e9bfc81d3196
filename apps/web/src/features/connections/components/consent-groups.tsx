import { CONSENT_GROUPS } from '@portal/contracts';
import { useTranslation } from 'react-i18next';

const GROUP_LABEL = { orders_returns: 'connections.groupOrders', invoices: 'connections.groupInvoices', purchase_orders: 'connections.groupPO' } as const;

/** The data a principal asks for, as the consent popup lists it. */
export function ConsentGroups() {
  const { t } = useTranslation();
  return (
    <ul className="consent-list">
      {CONSENT_GROUPS.map((g) => (
        <li key={g.key}>{t(GROUP_LABEL[g.key])}</li>
      ))}
    </ul>
  );
}
