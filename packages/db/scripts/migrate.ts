// pnpm db:migrate            → apply pending migrations (creates the database if missing)
// pnpm db:migration NAME     → create the next migration from prisma/schema.prisma
import { createMigration, migrateDeploy } from '../src/migrate';

const ownerUrl = process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/portal';
const [command, name] = process.argv.slice(2);

async function main() {
  if (command === 'deploy') {
    const { created, applied } = await migrateDeploy(ownerUrl, process.env.APP_DATABASE_URL || undefined);
    if (created) console.log(`created database ${new URL(ownerUrl).pathname.slice(1)}`);
    console.log(applied.length ? `applied ${applied.length} migration(s): ${applied.join(', ')}` : 'applied 0 migrations: database is up to date');
  } else if (command === 'create') {
    if (!name || !/^[a-z0-9_]+$/.test(name)) throw new Error('usage: pnpm db:migration <name_in_snake_case>');
    const created = await createMigration(ownerUrl, name);
    console.log(created ? `created prisma/migrations/${created}/migration.sql` : 'the schema has no changes: no migration created');
  } else {
    throw new Error('usage: migrate.ts deploy | create NAME');
  }
}

main().then(
  // The wasm engine leaves a timer running; exit explicitly.
  () => process.exit(0),
  (err: unknown) => {
    console.error(`migration failed: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);
