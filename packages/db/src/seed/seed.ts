import pg from 'pg';
import { hashPassword } from '../password';
import { seedDemoSkus } from './demo-skus';

export interface SeedResult {
  created: string[];
}

interface DemoOrg {
  kind: 'PLATFORM' | 'DISTRIBUTOR' | 'PRINCIPAL';
  organization: string;
  email: string;
  name: string;
  password: string;
}

/** The admin comes from ADMIN_EMAIL / ADMIN_PASSWORD; development has documented defaults. */
export function demoOrganizations(env: NodeJS.ProcessEnv = process.env): DemoOrg[] {
  const production = env.NODE_ENV === 'production';
  if (production && (!env.ADMIN_EMAIL || !env.ADMIN_PASSWORD)) {
    throw new Error('ADMIN_EMAIL and ADMIN_PASSWORD must be set in production: the platform admin is created from them');
  }
  const admin: DemoOrg = {
    kind: 'PLATFORM',
    organization: 'Portal Admin',
    email: (env.ADMIN_EMAIL ?? 'admin@portal.local').toLowerCase(),
    name: 'Platform Admin',
    password: env.ADMIN_PASSWORD ?? 'admin-portal-123',
  };
  if (production) return [admin];
  return [
    admin,
    {
      kind: 'DISTRIBUTOR',
      organization: 'PT Sumber Makmur Distribusi',
      email: 'distributor@demo.local',
      name: 'Siti Rahayu',
      password: 'demo-distributor-123',
    },
    { kind: 'PRINCIPAL', organization: 'PT Nusantara Brands', email: 'principal@demo.local', name: 'Andi Wijaya', password: 'demo-principal-123' },
  ];
}

/**
 * Idempotent: an account that exists is left alone (its password is not
 * reset), so a second start changes nothing and costs one query per account.
 * Runs as the owner role, outside row-level security.
 */
export async function seedDemoData(ownerUrl: string, env: NodeJS.ProcessEnv = process.env): Promise<SeedResult> {
  const client = new pg.Client({ connectionString: ownerUrl });
  await client.connect();
  const created: string[] = [];
  try {
    for (const d of demoOrganizations(env)) {
      const exists = await client.query('select 1 from users where email = $1', [d.email]);
      if (exists.rowCount) continue;
      const hash = await hashPassword(d.password);
      await client.query('begin');
      try {
        const org = await client.query<{ id: string }>(
          'insert into organizations (id, kind, name) values (gen_random_uuid(), $1::"OrganizationKind", $2) returning id',
          [d.kind, d.organization],
        );
        const orgId = org.rows[0]!.id;
        const user = await client.query<{ id: string }>(
          'insert into users (id, organization_id, email, name, password_hash) values (gen_random_uuid(), $1, $2, $3, $4) returning id',
          [orgId, d.email, d.name, hash],
        );
        await client.query(`insert into memberships (id, organization_id, user_id, role) values (gen_random_uuid(), $1, $2, 'OWNER')`, [
          orgId,
          user.rows[0]!.id,
        ]);
        await client.query('commit');
        created.push(d.email);
      } catch (err) {
        await client.query('rollback');
        throw err;
      }
    }
    const principal = demoOrganizations(env).find((d) => d.kind === 'PRINCIPAL');
    if (principal) await seedDemoSkus(client, principal.email);
  } finally {
    await client.end();
  }
  return { created };
}
