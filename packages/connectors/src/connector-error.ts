import type { PulledKind, SapErrorDetail } from '@portal/contracts';

/** What went wrong talking to a source, in the words every caller maps to its own codes. */
export type ConnectorFault =
  /** The source refused the credentials: retrying will not help until someone sets working ones. */
  | { kind: 'credentials-rejected' }
  /** The source asked to slow down: wait `retryAfterMs` before the next call. */
  | { kind: 'rate-limited'; retryAfterMs: number }
  /** Network failure, timeout or a server error (`status`): worth retrying later. */
  | { kind: 'unavailable'; status?: number }
  /** The source answered something that does not follow its contract. */
  | { kind: 'malformed' };
export type ConnectorFaultKind = ConnectorFault['kind'];

/** The one error a connector throws; the source's own message stays as the detail. */
export class ConnectorError extends Error {
  override readonly name = 'ConnectorError';

  constructor(
    readonly source: PulledKind,
    readonly fault: ConnectorFault,
    message: string,
    options?: { cause?: unknown; sourceError?: SapErrorDetail },
  ) {
    super(message, options);
    this.sourceError = options?.sourceError ?? null;
  }

  /** The source's own error (SAP: code, message, transaction id), kept on the run for support. */
  readonly sourceError: SapErrorDetail | null;

  get kind(): ConnectorFaultKind {
    return this.fault.kind;
  }
}
