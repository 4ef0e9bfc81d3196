import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { SearchField } from '../../../components/search-field';

/**
 * Choose another SKU for a distributor's product: the catalogue's search help
 * (GET /api/search/skus). Picking a suggestion submits at once.
 */
export function SkuPicker({ label, disabled, onPick }: { label: string; disabled: boolean; onPick: (skuId: string) => void }) {
  const { t } = useTranslation();
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const skuId = new FormData(e.currentTarget).get('skuId');
    if (typeof skuId === 'string' && skuId !== '') onPick(skuId);
  };
  return (
    <form className="pm-sku-picker" onSubmit={submit}>
      <fieldset disabled={disabled}>
        <SearchField kind="skus" label={label} name="skuId" fills="id" placeholder={t('productMapping.pickSkuPlaceholder')} />
      </fieldset>
    </form>
  );
}
