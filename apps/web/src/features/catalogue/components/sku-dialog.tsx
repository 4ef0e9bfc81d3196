import { createSkuBody, type PrincipalSku } from '@portal/contracts';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, Dialog, ErrorAlert, Field } from '../../../components/ui/ui';
import { ApiError } from '../../../lib/api-client';
import { issueMessages, serverFieldMessages } from '../../../lib/form-errors';
import { useSaveSku } from '../api/catalogue';
import { type ConversionDraft, ConversionsEditor, conversionRowError } from './conversions-editor';

/** Add a SKU (`sku` absent) or change one: code, name, brand, category, base unit with its conversions, barcode. */
export function SkuDialog({ open, sku, onClose }: { open: boolean; sku?: PrincipalSku | undefined; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Dialog open={open} title={sku ? t('catalogue.editTitle') : t('catalogue.add')} onClose={onClose}>
      {/* Keyed by SKU: each opening starts from that SKU's own values. */}
      <SkuForm key={sku?.id ?? 'new'} sku={sku} onDone={onClose} />
    </Dialog>
  );
}

function SkuForm({ sku, onDone }: { sku: PrincipalSku | undefined; onDone: () => void }) {
  const { t } = useTranslation();
  const save = useSaveSku();
  const [form, setForm] = useState({
    code: sku?.code ?? '',
    name: sku?.name ?? '',
    brand: sku?.brand ?? '',
    category: sku?.category ?? '',
    baseUnit: sku?.baseUnit ?? 'PCS',
    barcode: sku?.barcode ?? '',
  });
  const [conversions, setConversions] = useState<ConversionDraft[]>(sku?.conversions ?? []);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [tried, setTried] = useState(false);
  const set = (name: keyof typeof form) => (e: { target: { value: string } }) => setForm((f) => ({ ...f, [name]: e.target.value }));
  const orNull = (v: string) => (v.trim() === '' ? null : v.trim());

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setTried(true);
    const body = { ...form, brand: orNull(form.brand), category: orNull(form.category), barcode: orNull(form.barcode), conversions };
    const parsed = createSkuBody.safeParse(body);
    const rowsBad = conversions.some((_, i) => conversionRowError(conversions, i, form.baseUnit) !== null);
    if (!parsed.success || rowsBad) {
      setErrors(parsed.success ? {} : issueMessages(parsed.error.issues, body, t));
      return;
    }
    setErrors({});
    save.mutate(
      { id: sku?.id, body: parsed.data },
      {
        onSuccess: onDone,
        onError: (err) => {
          if (err instanceof ApiError && err.code === 'SKU_CODE_TAKEN') setErrors({ code: t('errors.SKU_CODE_TAKEN') });
          else setErrors(serverFieldMessages(err, t));
        },
      },
    );
  };
  const fieldError = (name: string) => (name === 'conversions' ? undefined : errors[name]);
  const shownError = save.error instanceof ApiError && (save.error.code === 'SKU_CODE_TAKEN' || save.error.code === 'VALIDATION_FAILED') ? null : save.error;

  return (
    <form onSubmit={submit} noValidate>
      <Field label={t('catalogue.code')} value={form.code} onChange={set('code')} maxLength={64} required error={fieldError('code')} />
      <Field label={t('catalogue.name')} value={form.name} onChange={set('name')} maxLength={300} required error={fieldError('name')} />
      <Field label={t('catalogue.brand')} value={form.brand} onChange={set('brand')} maxLength={120} error={fieldError('brand')} />
      <Field label={t('catalogue.category')} value={form.category} onChange={set('category')} maxLength={120} error={fieldError('category')} />
      <Field
        label={t('catalogue.baseUnit')}
        hint={t('catalogue.baseUnitHint')}
        value={form.baseUnit}
        onChange={set('baseUnit')}
        maxLength={20}
        required
        error={fieldError('baseUnit')}
      />
      <ConversionsEditor baseUnit={form.baseUnit} rows={conversions} onChange={setConversions} showErrors={tried} />
      {errors.conversions && !conversions.some((_, i) => conversionRowError(conversions, i, form.baseUnit)) ? (
        <p className="field-error">{t('catalogue.conversionErrors.invalid')}</p>
      ) : null}
      <Field label={t('catalogue.barcode')} value={form.barcode} onChange={set('barcode')} maxLength={64} error={fieldError('barcode')} />
      <ErrorAlert error={shownError} />
      <div className="row">
        <Button type="submit" busy={save.isPending}>
          {sku ? t('common.save') : t('catalogue.addSubmit')}
        </Button>
      </div>
    </form>
  );
}
