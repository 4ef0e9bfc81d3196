import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../../components/ui/ui';
import { ApiKeysSection } from '../components/api-keys-section';
import { HowToCall } from '../components/how-to-call';
import { OAuthClientsSection } from '../components/oauth-clients-section';

/** API access: the keys and OAuth clients other systems call the portal with (docs/product/api-keys-and-audit.md). */
export function ApiAccessPage() {
  const { t } = useTranslation();
  return (
    <>
      <PageHeader title={t('apiAccess.title')} subtitle={t('apiAccess.subtitle')} />
      <ApiKeysSection />
      <OAuthClientsSection />
      <HowToCall />
    </>
  );
}
