import { useTranslation } from 'react-i18next';
import { ListState } from '../../../components/ui/list-state';
import { useTemplates } from '../api/model-templates';
import { TemplateCard } from './template-card';

/**
 * An integration's model templates, one card per document type. The page that
 * shows it passes whether syncs may run and how to refresh its runs after a
 * re-consolidation, so this feature knows nothing of the integrations feature.
 */
export function ModelTemplateList({ integrationId, canSync, onRunsQueued }: { integrationId: string; canSync: boolean; onRunsQueued: () => Promise<void> }) {
  const { t } = useTranslation();
  const templates = useTemplates(integrationId);
  return (
    <ListState query={templates} empty={t('integrations.noTemplates')}>
      {(rows) =>
        // Keyed by type, not id: a saved version replaces the template but keeps its card open.
        rows.map((tpl) => <TemplateCard key={tpl.documentType} template={tpl} canSync={canSync} onRunsQueued={onRunsQueued} />)
      }
    </ListState>
  );
}
