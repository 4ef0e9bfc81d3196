import type { SapConnection, SapTestResponse } from '@portal/contracts';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, ErrorAlert, Field } from '../../../components/ui/ui';
import { ApiError } from '../../../lib/api-client';
import { sapReportOf, useTestSapConnection } from '../api/sap';
import { parseSapDraft, refusedUrlField, type SapDraft, sapConnectionInput } from '../utils/sap-draft';
import { SapConnectionFields } from './sap-connection-fields';
import { SapTestReport } from './sap-test-report';

/** The values a test (or a refused save) was run with, and what it found. */
interface Tested {
  key: string;
  report: SapTestResponse;
}

/**
 * An SAP connection to test and then save, for Connect and Re-authenticate
 * alike. *Test connection* asks the API what each service answers with these
 * values; *Save* is enabled only after a passing test of exactly the values
 * on screen, so any edit asks for a new test. A save the API still refuses
 * (422) shows the report it carries; an address the server will not fetch is
 * said next to its URL box.
 */
export function SapConnectForm({
  initial,
  withName,
  saveLabel,
  saving,
  onSave,
}: {
  initial: SapDraft;
  /** Connect names the new integration; Re-authenticate keeps the name. */
  withName: boolean;
  saveLabel: string;
  saving: boolean;
  /** Stores the tested connection; rejects with the API's error, which the form shows. */
  onSave: (connection: SapConnection, name: string | undefined) => Promise<unknown>;
}) {
  const { t } = useTranslation();
  const test = useTestSapConnection();
  const [draft, setDraft] = useState(initial);
  const [name, setName] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [tested, setTested] = useState<Tested | null>(null);
  const [failure, setFailure] = useState<unknown>(null);
  const key = JSON.stringify(sapConnectionInput(draft));
  const current = tested?.key === key ? tested : null;
  const passed = current?.report.ok === true;

  const edit = (next: SapDraft) => {
    setDraft(next);
    setErrors({});
    setFailure(null);
  };
  const fail = (err: unknown) => {
    const report = sapReportOf(err);
    if (report) setTested({ key, report });
    else if (err instanceof ApiError && err.code === 'OUTBOUND_ADDRESS_REFUSED')
      setErrors({ [refusedUrlField(draft, err.details)]: t('errors.OUTBOUND_ADDRESS_REFUSED') });
    else setFailure(err);
  };
  const checked = () => {
    const parsed = parseSapDraft(draft, t);
    if (!parsed.ok) setErrors(parsed.errors);
    return parsed.ok ? parsed.connection : null;
  };
  const runTest = () => {
    const connection = checked();
    if (!connection) return;
    setFailure(null);
    setTested(null);
    test.mutate(connection, { onSuccess: (report) => setTested({ key, report }), onError: fail });
  };
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    const connection = checked();
    if (!connection || !passed) return;
    setFailure(null);
    void onSave(connection, name.trim() || undefined).catch(fail);
  };

  return (
    <form onSubmit={onSubmit} noValidate data-testid="sap-connect-form">
      {withName ? (
        <Field
          label={t('integrations.externalName')}
          name="name"
          value={name}
          maxLength={120}
          placeholder={t('sap.namePlaceholder')}
          hint={t('sap.nameHint')}
          onChange={(e) => setName(e.target.value)}
        />
      ) : null}
      <SapConnectionFields draft={draft} errors={errors} onChange={edit} />
      <ErrorAlert error={failure} />
      <div className="row">
        <Button variant={passed ? 'secondary' : 'primary'} busy={test.isPending} onClick={runTest}>
          {test.isPending ? t('sap.testing') : t('sap.test')}
        </Button>
        <Button
          type="submit"
          variant={passed ? 'primary' : 'secondary'}
          disabled={!passed}
          busy={saving}
          aria-describedby={passed ? undefined : 'sap-test-first'}
        >
          {saving ? t('sap.saving') : saveLabel}
        </Button>
      </div>
      {passed ? null : (
        <p id="sap-test-first" className="small muted">
          {t('sap.testFirst')}
        </p>
      )}
      {current ? <SapTestReport report={current.report} /> : null}
    </form>
  );
}
