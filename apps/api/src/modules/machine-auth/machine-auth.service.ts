import { Injectable } from '@nestjs/common';
import type { OrganizationKind } from '@portal/contracts';
import type { MachineCaller } from '../../common/auth.decorators';
import { ApiKeysService } from '../api-keys/api-keys.service';
import { OAuthTokenService } from '../oauth/oauth-token.service';
import { OrganizationsService } from '../organizations/organizations.service';

/**
 * `Authorization: Bearer <token>` on a scoped endpoint: an API key
 * (`pk_<prefix>.<secret>`) or an OAuth access token (a JWT), each
 * authenticated by its own module, becomes a machine caller of its
 * organisation holding its scopes. Null when the token does not work.
 */
@Injectable()
export class MachineAuthService {
  // An organisation's kind never changes: read once per process.
  private readonly kinds = new Map<string, OrganizationKind>();

  constructor(
    private readonly apiKeys: ApiKeysService,
    private readonly tokens: OAuthTokenService,
    private readonly organizations: OrganizationsService,
  ) {}

  async authenticate(token: string): Promise<MachineCaller | null> {
    if (token.startsWith('pk_')) {
      const key = await this.apiKeys.authenticate(token);
      if (!key) return null;
      return this.caller({ kind: 'api_key', id: key.apiKeyId, name: key.name }, key.organizationId, key.scopes);
    }
    const principal = await this.tokens.verify(token);
    if (!principal) return null;
    return this.caller({ kind: 'oauth_client', id: principal.client.id, name: principal.client.name }, principal.organizationId, principal.scopes);
  }

  private async caller(credential: MachineCaller['credential'], organizationId: string, scopes: MachineCaller['scopes']): Promise<MachineCaller | null> {
    let kind = this.kinds.get(organizationId);
    if (!kind) {
      const found = await this.organizations.kindOf(organizationId);
      if (!found) return null;
      this.kinds.set(organizationId, (kind = found));
    }
    return { credential, organization: { id: organizationId, kind }, scopes };
  }
}
