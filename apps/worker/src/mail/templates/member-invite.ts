import { defineTemplate, PRODUCT_NAME } from './mail-template';

const ROLE_ID: Record<string, string> = { OWNER: 'Pemilik', ADMIN: 'Admin', MEMBER: 'Anggota', VIEWER: 'Pembaca' };
const ROLE_EN: Record<string, string> = { OWNER: 'Owner', ADMIN: 'Admin', MEMBER: 'Member', VIEWER: 'Viewer' };

/** A colleague invited to an organisation (issue 11): sets name and password through the single-use link. */
export const memberInvite = defineTemplate({
  keys: ['inviteUrl', 'organizationName', 'inviterName', 'role'],
  content: {
    id: (d) => ({
      subject: `${d.inviterName} mengundang Anda ke ${d.organizationName} di ${PRODUCT_NAME}`,
      greeting: 'Halo,',
      paragraphs: [
        `${d.inviterName} mengundang Anda bergabung dengan ${d.organizationName} di ${PRODUCT_NAME} sebagai ${ROLE_ID[d.role] ?? d.role}.`,
        'Buka tautan di bawah, isi nama dan kata sandi Anda, dan akun Anda langsung siap dipakai. Tautan ini hanya berlaku sekali dan akan kedaluwarsa.',
      ],
      action: { label: 'Terima undangan', url: d.inviteUrl },
      closing: 'Jika Anda tidak mengenal pengirimnya, abaikan email ini.',
    }),
    en: (d) => ({
      subject: `${d.inviterName} invited you to ${d.organizationName} on ${PRODUCT_NAME}`,
      greeting: 'Hello,',
      paragraphs: [
        `${d.inviterName} invited you to join ${d.organizationName} on ${PRODUCT_NAME} as ${ROLE_EN[d.role] ?? d.role}.`,
        'Open the link below, enter your name and a password, and your account is ready. The link works once and expires.',
      ],
      action: { label: 'Accept the invitation', url: d.inviteUrl },
      closing: 'If you do not know the sender, ignore this email.',
    }),
  },
});
