import { JOBS } from '@portal/contracts';
import type { InviteExpiryService } from '../invites/invite-expiry.service';
import type { JobHandler, JobOutcome } from './job-handler';

/** The periodic invite expiry sweep. Thin: the service holds the rules. */
export class InviteExpiryHandler implements JobHandler<typeof JOBS.inviteExpiry.payload> {
  readonly job = JOBS.inviteExpiry;

  constructor(private readonly invites: InviteExpiryService) {}

  async handle(): Promise<JobOutcome> {
    const expired = await this.invites.sweep(new Date());
    return { status: 'succeeded', detail: { expired: expired.length } };
  }
}
