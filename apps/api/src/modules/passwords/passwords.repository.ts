import { Injectable } from '@nestjs/common';
import type { OrgTx } from '@portal/db';

/** Prisma access for password reset tokens. No rules here. */
@Injectable()
export class PasswordsRepository {
  createResetToken(tx: OrgTx, input: { organizationId: string; userId: string; tokenHash: string; expiresAt: Date }) {
    return tx.passwordResetToken.create({ data: input, select: { id: true } });
  }

  /** Inside TenantDb.runForPasswordReset (the token alone) or as its organisation. */
  findResetToken(tx: OrgTx, tokenHash: string) {
    return tx.passwordResetToken.findUnique({
      where: { tokenHash },
      select: { id: true, organizationId: true, userId: true, expiresAt: true, usedAt: true },
    });
  }

  /** The single-use claim: one conditional UPDATE, so of two concurrent uses exactly one sees the token usable. */
  async claimResetToken(tx: OrgTx, tokenHash: string, now: Date): Promise<boolean> {
    const { count } = await tx.passwordResetToken.updateMany({ where: { tokenHash, usedAt: null, expiresAt: { gt: now } }, data: { usedAt: now } });
    return count === 1;
  }

  /** Every other link of the user stops working once the password was reset. */
  consumeResetTokensOf(tx: OrgTx, userId: string, now: Date) {
    return tx.passwordResetToken.updateMany({ where: { userId, usedAt: null }, data: { usedAt: now } });
  }
}
