import 'reflect-metadata';
import { type DynamicModule, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import pino from 'pino';
import { z } from 'zod';
import { ConfigModule } from '../config/config.module';
import { type ApiEnv, loadApiEnv } from '../config/env';
import { ClockModule } from '../infra/clock.module';
import { DatabaseModule } from '../infra/database.module';
import { PinoNestLogger } from '../infra/pino-nest-logger';
import { RedisModule } from '../infra/redis.module';
import { SecretsModule } from '../infra/secrets.module';
import { AccessKeysModule } from '../modules/access-keys/access-keys.module';
import { AccessKeysService } from '../modules/access-keys/access-keys.service';
import { AuditModule } from '../modules/audit/audit.module';
import { WebhookEndpointsService } from '../modules/webhooks/webhook-endpoints.service';
import { WebhooksModule } from '../modules/webhooks/webhooks.module';

/**
 * `pnpm secrets:rotate [--as admin@example.com]`: re-encrypts every stored
 * secret (integrations' AccessKeys and SAP connections, webhook signing secrets) under the first key of ENCRYPTION_KEYS (README, Security notes).
 * Boots the access-keys and webhooks modules and what they depend on (database, Redis for
 * the sync queue its services hold), without HTTP, sessions or other domains. Acts as, and is audited as, a platform admin account
 * (--as, else ADMIN_EMAIL, else the development default).
 */
@Module({})
class RotateSecretsModule {
  static forRoot(env: ApiEnv): DynamicModule {
    return {
      module: RotateSecretsModule,
      imports: [ConfigModule.forRoot(env), DatabaseModule, RedisModule, SecretsModule, ClockModule, AuditModule, AccessKeysModule, WebhooksModule],
    };
  }
}

const cliArgs = z.object({ adminEmail: z.email() });

function parseArgs(argv: string[], env: NodeJS.ProcessEnv) {
  const at = argv.indexOf('--as');
  return cliArgs.parse({ adminEmail: at >= 0 ? argv[at + 1] : (env.ADMIN_EMAIL ?? 'admin@portal.local') });
}

async function main() {
  const env = loadApiEnv();
  const logger = pino({ level: env.LOG_LEVEL, base: { service: 'secrets-rotate' } });
  const { adminEmail } = parseArgs(process.argv.slice(2), process.env);
  const app = await NestFactory.createApplicationContext(RotateSecretsModule.forRoot(env), { logger: new PinoNestLogger(logger) });
  try {
    const result = await app.get(AccessKeysService).rotateSecrets(adminEmail, [app.get(WebhookEndpointsService)]);
    logger.info({ ...result, adminEmail }, `re-encrypted ${result.reencrypted} of ${result.scanned} stored secrets under key "${result.keyId}"`);
  } finally {
    await app.close();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`secrets:rotate failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
