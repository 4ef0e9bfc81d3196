import { Global, Module } from '@nestjs/common';
import { SecretBox } from '@portal/crypto';
import { API_ENV } from '../config/config.module';
import type { ApiEnv } from '../config/env';

/** AES-256-GCM for AccessKeys and SAP credentials; keys from ENCRYPTION_KEYS. */
@Global()
@Module({
  providers: [{ provide: SecretBox, inject: [API_ENV], useFactory: (env: ApiEnv) => SecretBox.fromConfig(env.ENCRYPTION_KEYS) }],
  exports: [SecretBox],
})
export class SecretsModule {}
