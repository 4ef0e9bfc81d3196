import type { WebhookEndpoint } from '@portal/contracts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, PageHeader } from '../../../components/ui/ui';
import { EndpointDialog } from '../components/endpoint-dialog';
import { EndpointsTable } from '../components/endpoints-table';
import { SecretDialog } from '../components/secret-dialog';
import '../webhooks.css';

/** Webhooks: the organisation's endpoints, each signed with its own secret (docs/product/events.md). */
export function WebhooksPage() {
  const { t } = useTranslation();
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<WebhookEndpoint | undefined>(undefined);
  const [secret, setSecret] = useState<{ title: string; value: string } | null>(null);
  return (
    <>
      <PageHeader
        title={t('webhooks.title')}
        subtitle={t('webhooks.subtitle')}
        actions={<Button onClick={() => setCreating(true)}>{t('webhooks.create')}</Button>}
      />
      <EndpointsTable onEdit={setEditing} onRotated={(value) => setSecret({ title: t('webhooks.secretRotated'), value })} />
      <EndpointDialog
        open={creating}
        onClose={() => setCreating(false)}
        onCreated={(answer) => setSecret({ title: t('webhooks.created'), value: answer.secret })}
      />
      <EndpointDialog open={editing !== undefined} endpoint={editing} onClose={() => setEditing(undefined)} />
      <SecretDialog title={secret?.title ?? ''} secret={secret?.value ?? null} onClose={() => setSecret(null)} />
    </>
  );
}
