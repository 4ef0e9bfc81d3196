import type { DocumentType, S4Connection, SapTestResponse } from '@portal/contracts';
import type { GeneratedTemplate, PullCursor, PulledPage } from '../../source-connector';
import type { SapSourceConnector } from '../sap-connector';
import type { SapSettings } from '../sap-settings';

// Placeholder of the seam, replaced by the connector's implementation in this branch.
export class S4Connector implements SapSourceConnector {
  readonly kind = 'SAP' as const;

  constructor(
    readonly connection: S4Connection,
    readonly settings: SapSettings,
  ) {}

  test(): Promise<SapTestResponse> {
    return Promise.reject(new Error('not built yet'));
  }

  describe(): Promise<GeneratedTemplate[]> {
    return Promise.reject(new Error('not built yet'));
  }

  // eslint-disable-next-line require-yield
  async *pull(_documentType: DocumentType, _from: PullCursor, _opts: { pageSize: number }): AsyncGenerator<PulledPage, void, undefined> {
    throw new Error('not built yet');
  }

  sourceIdOf(): string | null {
    return null;
  }
}
