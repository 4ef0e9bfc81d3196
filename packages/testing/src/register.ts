import { Agent, type InjectTarget, uniqueEmail } from './agent';

export interface Party {
  agent: Agent;
  email: string;
  orgId: string;
  orgName: string;
}

/**
 * Signs up a new organisation through the API, as a user would, and keeps its session.
 * `label` starts the email, `name` is the owner's, `ip` the client address (rate limits count per address).
 */
export async function register(
  app: InjectTarget,
  kind: 'DISTRIBUTOR' | 'PRINCIPAL',
  opts: { label?: string; name?: string; ip?: string } = {},
): Promise<Party> {
  const agent = new Agent(app, opts.ip);
  const email = uniqueEmail(opts.label ?? kind.toLowerCase());
  const res = await agent.request('POST', '/api/auth/register', {
    email,
    password: 'correct-horse-battery',
    name: opts.name ?? 'Budi Santoso',
    organizationName: `PT ${kind} ${email}`,
    organizationKind: kind,
  });
  if (res.status !== 201) throw new Error(`register ${kind} answered ${res.status}: ${JSON.stringify(res.body)}`);
  return { agent, email, orgId: res.body.organization.id, orgName: res.body.organization.name };
}
