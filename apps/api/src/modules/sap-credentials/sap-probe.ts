import { Inject, Injectable } from '@nestjs/common';
import type { SapConnection, SapTestResponse } from '@portal/contracts';
import { ConnectorError, connectorSettings, type GeneratedTemplate, OutboundAddressRefused, sapConnector, type SapSourceConnector } from '@portal/connectors';
import { AppError } from '../../common/app-error';
import { API_ENV } from '../../config/config.module';
import type { ApiEnv } from '../../config/env';

/**
 * Talks to the SAP a distributor names, for the connect form and
 * re-authentication: the outbound-address guard first, then the connector's
 * test (each requested service's metadata with these credentials) and, when
 * templates are wanted, its describe(). Never inside a transaction: a slow
 * SAP must not hold a database connection. Nothing is stored here.
 */
@Injectable()
export class SapProbe {
  constructor(@Inject(API_ENV) private readonly env: ApiEnv) {}

  /** What each service answered, ok or not; 400 OUTBOUND_ADDRESS_REFUSED for an address the server does not fetch. */
  test(connection: SapConnection): Promise<SapTestResponse> {
    const connector = this.connectorOf(connection);
    return guarded(() => connector.test());
  }

  /**
   * The test must pass (422 SAP_TEST_FAILED with the per-service report as
   * details otherwise); then the templates generated from this SAP's own
   * metadata, or none when `wanted` is false (re-authentication of an
   * integration that has every template already).
   */
  async verify(connection: SapConnection, wanted = true): Promise<GeneratedTemplate[]> {
    const connector = this.connectorOf(connection);
    const report = await guarded(() => connector.test());
    if (!report.ok) throw testFailed(report);
    if (!wanted) return [];
    try {
      return await guarded(() => connector.describe());
    } catch (err) {
      if (!(err instanceof ConnectorError)) throw err;
      // The test passed a moment ago; SAP failing now is still a failed connection, reported the same way.
      throw new AppError(422, 'SAP_TEST_FAILED', `SAP answered the test but reading its metadata failed: ${err.message}; nothing was stored`, {
        ok: false,
        services: report.services,
      } satisfies SapTestResponse);
    }
  }

  /** Every request the connector makes goes through the outbound guard (`outboundRequest`), which refuses before sending anything. */
  private connectorOf(connection: SapConnection): SapSourceConnector {
    return sapConnector(connection, connectorSettings(this.env, this.env.SAP_TEST_TIMEOUT_MS).SAP);
  }
}

function refused(err: OutboundAddressRefused): AppError {
  return new AppError(400, 'OUTBOUND_ADDRESS_REFUSED', `The server does not connect to ${err.host}: ${err.message}`, { host: err.host });
}

/** The guard's refusal (both SAP connectors let it through unwrapped) as 400 OUTBOUND_ADDRESS_REFUSED. */
async function guarded<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    throw err instanceof OutboundAddressRefused ? refused(err) : err;
  }
}

function testFailed(report: SapTestResponse): AppError {
  const failing = report.services
    .filter((s) => s.status !== 'REACHABLE')
    .map((s) => `${s.service}: ${s.status}${s.httpStatus ? ` (HTTP ${s.httpStatus})` : ''}`);
  return new AppError(422, 'SAP_TEST_FAILED', `The SAP connection test failed (${failing.join('; ') || 'no service answered'}); nothing was stored`, report);
}
