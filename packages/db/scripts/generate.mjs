// `prisma generate` does not need the schema engine, but the CLI insists on
// finding one before it starts; any existing file satisfies it (PRISMA-OFFLINE.md).
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const env = {
  ...process.env,
  PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? process.execPath,
  PRISMA_HIDE_UPDATE_MESSAGE: '1',
  CHECKPOINT_DISABLE: '1',
};
const r = spawnSync('pnpm', ['exec', 'prisma', 'generate', '--schema', path.join(root, 'prisma/schema.prisma')], {
  cwd: path.join(root, 'packages/db'),
  env,
  stdio: 'inherit',
});
process.exit(r.status ?? 1);
