import { PASSWORD_RESET_TTL_MINUTES } from '@portal/contracts';
import { defineTemplate, PRODUCT_NAME } from './mail-template';

/** The link asked for on the "forgot password" page (docs/product/users-and-roles.md). */
export const passwordReset = defineTemplate({
  keys: ['resetUrl', 'name'],
  content: {
    id: (d) => ({
      subject: `Atur ulang kata sandi ${PRODUCT_NAME}`,
      greeting: `Halo ${d.name},`,
      paragraphs: [
        'Kami menerima permintaan untuk mengatur ulang kata sandi akun Anda.',
        `Klik tombol di bawah untuk membuat kata sandi baru. Tautan ini berlaku ${PASSWORD_RESET_TTL_MINUTES} menit dan hanya bisa dipakai sekali.`,
      ],
      action: { label: 'Atur ulang kata sandi', url: d.resetUrl },
      closing: 'Jika Anda tidak memintanya, abaikan email ini: kata sandi Anda tidak berubah.',
    }),
    en: (d) => ({
      subject: `Reset your ${PRODUCT_NAME} password`,
      greeting: `Hello ${d.name},`,
      paragraphs: [
        'We received a request to reset the password of your account.',
        `Click the button below to choose a new password. The link works for ${PASSWORD_RESET_TTL_MINUTES} minutes and only once.`,
      ],
      action: { label: 'Reset password', url: d.resetUrl },
      closing: 'If you did not ask for this, ignore this email: your password stays the same.',
    }),
  },
});
