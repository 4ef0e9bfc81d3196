import { seedDemoData } from '../src/seed/seed';

const ownerUrl = process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/portal';
seedDemoData(ownerUrl).then(
  ({ created }) => {
    console.log(created.length ? `created ${created.join(', ')}` : 'demo data already present');
    process.exit(0);
  },
  (err: unknown) => {
    console.error(`seed failed: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);
