import type { MasterDataKind } from '@portal/contracts';
import { FROM_START, type PullCursor, type SourceConnector } from '../source-connector';

// What the SAP connectors' master-data specs share: every page of one kind
// pulled through the connector, and the records mapped as the worker maps them.

export async function pullAllMasterData(connector: SourceConnector, kind: MasterDataKind, from: PullCursor = FROM_START, pageSize = 2) {
  const records: unknown[] = [];
  let pages = 0;
  let offered = true;
  let last = from;
  for await (const page of connector.pullMasterData(kind, from, { pageSize })) {
    if (!page.offered) {
      offered = false;
      continue;
    }
    records.push(...page.records);
    last = page.next;
    pages++;
  }
  return { records, pages, offered, cursor: last };
}

/** Each record mapped, or the test fails with the connector's reason. */
export const mapAllMasterData = <K extends MasterDataKind>(connector: SourceConnector, kind: K, records: unknown[]) =>
  records.map((r) => {
    const m = connector.mapMasterData(kind, r);
    if (!m.ok) throw new Error(m.reason);
    return m.value;
  });
