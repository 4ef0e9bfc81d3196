import { ApiError } from '../../../lib/api-client';

/** Field messages from a 400 ("body.rules.header.3.source": "…"), shown next to the editor. */
export function ValidationDetails({ error }: { error: unknown }) {
  if (!(error instanceof ApiError) || error.code !== 'VALIDATION_FAILED' || !Array.isArray(error.details)) return null;
  return (
    <ul className="field-error small">
      {(error.details as { path?: string; message?: string }[]).map((d, i) => (
        <li key={i}>
          <code>{(d.path ?? '').replace(/^body\.rules\./, '')}</code> {d.message}
        </li>
      ))}
    </ul>
  );
}
