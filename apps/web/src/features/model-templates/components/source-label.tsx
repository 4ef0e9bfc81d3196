import { Fragment } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * The source's own label of a path (SAP's sap:label), shown after it as
 * "· Net Value". It is the source's wording, so it is never translated;
 * only its tooltip is. Nothing when the source gave the path no label.
 */
export function SourceLabel({ path, labels }: { path: string; labels: Record<string, string> }) {
  const { t } = useTranslation();
  const label = labels[path];
  return label ? (
    <span className="source-label muted" title={t('templates.sourceLabel')} translate="no">
      {' '}
      · {label}
    </span>
  ) : null;
}

/** The labelled paths of one scope as suggestions for a source input (`list`): a path picked by its label. */
export function PathSuggestions({ id, labels }: { id: string; labels: Record<string, string> }) {
  return (
    <datalist id={id}>
      {Object.entries(labels).map(([path, label]) => (
        <option key={path} value={path} label={label} />
      ))}
    </datalist>
  );
}

/** A rule's source paths as code, each with its label: `$.TotalNetAmount · Net Value`, several joined by +. */
export function SourcePaths({ paths, labels }: { paths: string[]; labels: Record<string, string> }) {
  if (paths.length === 0) return <code>—</code>;
  return paths.map((path, i) => (
    // A rule may read the same path twice (quantity × quantity); position is the identity here.
    <Fragment key={`${i}-${path}`}>
      {i > 0 ? ' + ' : null}
      <code>{path}</code>
      <SourceLabel path={path} labels={labels} />
    </Fragment>
  ));
}
